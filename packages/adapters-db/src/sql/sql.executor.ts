import type { DataSource, QueryRunner } from 'typeorm';
import { pgParameters } from './pg-timestamp';

/** The rows a statement returned and how many rows it changed. */
export interface SqlResult<R> {
  readonly rows: R[];
  readonly affected: number;
}

/**
 * Where a repository's statements run: on the pool (each statement on its own connection and in
 * its own implicit transaction) or on the query runner of a unit of work.
 */
export interface SqlExecutor {
  /** True inside a unit of work. */
  readonly inUnitOfWork: boolean;
  /** Sends one parameterized statement. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs several statements all or nothing: inline in a unit of work, else in a short transaction of their own. */
  atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
}

async function send<R>(runner: QueryRunner, sql: string, params: readonly unknown[] | undefined): Promise<SqlResult<R>> {
  const result = await runner.query(sql, params === undefined ? undefined : pgParameters(params), true);
  return { rows: (result.records ?? []) as R[], affected: result.affected ?? 0 };
}

/** Statements on one query runner, inside the unit of work that owns it. */
export class QueryRunnerExecutor implements SqlExecutor {
  readonly inUnitOfWork = true;
  /** The first statement that failed: after it the database transaction can only roll back. */
  failure: unknown = null;

  constructor(private readonly runner: QueryRunner) {}

  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    try {
      return await send<R>(this.runner, sql, params);
    } catch (e) {
      this.failure ??= e;
      throw e;
    }
  }

  atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }
}

/** Statements on the pool: each one autocommits, `atomically` opens a short transaction. */
export class PoolExecutor implements SqlExecutor {
  readonly inUnitOfWork = false;
  constructor(private readonly dataSource: DataSource) {}

  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await send<R>(runner, sql, params);
    } finally {
      await runner.release();
    }
  }

  async atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      try {
        const value = await work(new QueryRunnerExecutor(runner));
        await runner.commitTransaction();
        return value;
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw e;
      }
    } finally {
      await runner.release();
    }
  }
}
