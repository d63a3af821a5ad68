import { InvariantViolation, type DomainError, type Repositories, type UnitOfWork } from '@counterpay/core';
import { ResultAsync } from 'neverthrow';
import type { DataSource, QueryRunner } from 'typeorm';
import { PoolExecutor, QueryRunnerExecutor, type OutboxHooks, type SqlExecutor } from '../sql/sql.executor';
import { Tables } from '../sql/tables';
import { TypeOrmCatalogRepository } from './typeorm-catalog.repository';
import { TypeOrmCounterRepository } from './typeorm-counter.repository';
import { TypeOrmSalesLedger } from './typeorm-sales-ledger.repository';
import { TypeOrmScheduleRepository } from './typeorm-schedule.repository';
import { TypeOrmStaffRepository } from './typeorm-staff.repository';
import { TypeOrmStoreRepository } from './typeorm-store.repository';
import { TypeOrmTransactionRepository } from './typeorm-transaction.repository';

/** Every repository over one executor (the pool, or a unit of work's query runner). */
export function typeOrmRepositories(sql: SqlExecutor, tables: Tables): Repositories {
  return {
    stores: new TypeOrmStoreRepository(sql, tables),
    staff: new TypeOrmStaffRepository(sql, tables),
    counters: new TypeOrmCounterRepository(sql, tables),
    transactions: new TypeOrmTransactionRepository(sql, tables),
    schedules: new TypeOrmScheduleRepository(sql, tables),
    catalog: new TypeOrmCatalogRepository(sql, tables),
    ledger: new TypeOrmSalesLedger(sql, tables),
  };
}

/** Wraps the work of a unit of work (PGlite marks its single session as held by it). */
export type WorkScope = <T>(work: () => T) => T;

/**
 * One database transaction per `run`: a TypeORM `QueryRunner` is checked out, `START TRANSACTION`,
 * the work gets repositories bound to it, then `COMMIT` when it ends `ok`, `ROLLBACK` when it ends
 * `err` or throws (the throw is rethrown). Outside `run`, `repositories` write on the pool, each
 * write atomic on its own. `outbox` hears of every commit that wrote outbox rows (the persistence
 * tells its relay).
 */
export class TypeOrmUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;
  readonly tables: Tables;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: WorkScope = (work) => work(),
    private readonly outbox: OutboxHooks = { claimAnnouncement: () => false, committed: () => undefined },
  ) {
    this.tables = new Tables(dataSource);
    this.repositories = typeOrmRepositories(new PoolExecutor(dataSource, outbox), this.tables);
  }

  run<T>(work: (repositories: Repositories) => ResultAsync<T, DomainError>): ResultAsync<T, DomainError> {
    return new ResultAsync(
      (async () => {
        const runner = this.dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          const executor = new QueryRunnerExecutor(runner);
          let result;
          try {
            result = await this.scope(() => work(typeOrmRepositories(executor, this.tables)));
          } catch (e) {
            await rollback(runner);
            throw e;
          }
          if (result.isErr()) {
            await rollback(runner);
            return result;
          }
          if (executor.failure !== null) {
            await rollback(runner);
            throw new InvariantViolation(
              `a unit of work ended ok after a failed statement, so it was rolled back: ${String(executor.failure)}`,
            );
          }
          await runner.commitTransaction();
          if (executor.eventsWritten) this.outbox.committed(false);
          return result;
        } finally {
          await runner.release();
        }
      })(),
    );
  }
}

async function rollback(runner: QueryRunner): Promise<void> {
  if (!runner.isTransactionActive) return;
  try {
    await runner.rollbackTransaction();
  } catch {
    // the connection is gone, and with it the transaction: there is nothing left to undo
  }
}
