import type { Counter } from '../../domain/counter/counter.aggregate';
import type { Price, Product } from '../../domain/catalog/product';
import type { SalesLedgerEntry } from '../../domain/ledger/sales-ledger';
import type { Schedule, ScheduleEntry } from '../../domain/schedule/schedule.aggregate';
import type { Staff, Store } from '../../domain/store/store.aggregate';
import type { TransactionSnapshot } from '../../domain/transaction/transaction.aggregate';

/** A counter row. */
export type CounterSnapshotRow = Counter;

/** The rows of an in-memory database, with the unique indexes a real schema would have. */
export interface InMemoryTables {
  readonly stores: Map<string, Store>;
  readonly storeCodes: Map<string, string>;
  readonly staff: Map<string, Staff>;
  readonly staffUsernames: Map<string, string>;
  readonly counters: Map<string, Counter>;
  readonly counterNames: Map<string, string>;
  readonly transactions: Map<string, TransactionSnapshot>;
  /** storeId/counterId → id of the live transaction (the partial unique index). */
  readonly liveByCounter: Map<string, string>;
  /** storeId/reference → transaction id. */
  readonly references: Map<string, string>;
  /** storeId/processingNumber → transaction id. */
  readonly processingNumbers: Map<string, string>;
  readonly schedules: Map<string, Schedule>;
  readonly entries: Map<string, ScheduleEntry>;
  readonly products: Map<string, Product>;
  readonly prices: Map<string, Price[]>;
  /** storeId/transactionId/kind → entry. */
  readonly ledger: Map<string, SalesLedgerEntry>;
}

/** Empty tables. */
export function createTables(): InMemoryTables {
  return {
    stores: new Map(),
    storeCodes: new Map(),
    staff: new Map(),
    staffUsernames: new Map(),
    counters: new Map(),
    counterNames: new Map(),
    transactions: new Map(),
    liveByCounter: new Map(),
    references: new Map(),
    processingNumbers: new Map(),
    schedules: new Map(),
    entries: new Map(),
    products: new Map(),
    prices: new Map(),
    ledger: new Map(),
  };
}

/** Composite key of a row owned by a store. */
export const scoped = (storeId: string, ...parts: string[]): string => [storeId, ...parts].join('/');
