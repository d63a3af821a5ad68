import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { CatalogRepository } from './catalog-repository.port';
import type { CounterRepository } from './counter-repository.port';
import type { SalesLedger } from './sales-ledger.port';
import type { ScheduleRepository } from './schedule-repository.port';
import type { StaffRepository, StoreRepository } from './store-repository.port';
import type { TransactionRepository } from './transaction-repository.port';

/** The repositories of one persistence, all sharing a connection or a database transaction. */
export interface Repositories {
  readonly stores: StoreRepository;
  readonly staff: StaffRepository;
  readonly counters: CounterRepository;
  readonly transactions: TransactionRepository;
  readonly schedules: ScheduleRepository;
  readonly catalog: CatalogRepository;
  readonly ledger: SalesLedger;
}

/**
 * One database transaction per command. `run` hands `work` repositories bound to a fresh
 * transaction; it commits when `work` ends `ok` and rolls back when it ends `err` or throws
 * (the throw is rethrown). Events saved by the repositories go to the outbox in the same transaction.
 * Outside `run`, `repositories` work on their own (each write is atomic on its own).
 */
export interface UnitOfWork {
  readonly repositories: Repositories;
  run<T>(work: (repositories: Repositories) => ResultAsync<T, DomainError>): ResultAsync<T, DomainError>;
}
