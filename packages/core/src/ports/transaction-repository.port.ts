import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { SalesLedgerEntry } from '../domain/ledger/sales-ledger';
import type { Store } from '../domain/store/store.aggregate';
import type { Transaction } from '../domain/transaction/transaction.aggregate';
import type { TransactionStatus } from '../domain/transaction/transaction-status';
import type { StoreCounter } from './store-repository.port';

/** Filters for listing a store's transactions, newest first. */
export interface TransactionQuery {
  readonly counterId?: string;
  readonly status?: TransactionStatus;
  readonly limit?: number;
}

/** A transaction with the store it belongs to, read together (what a command on it needs). */
export interface StoreTransaction {
  readonly store: Store;
  /** Null when the store has no transaction with that id. */
  readonly transaction: Transaction | null;
}

/** What a phone finds at a counter: the store, the counter, and the live transaction presented there. */
export interface CounterPresentation extends StoreCounter {
  /** The live transaction at the counter; null when the counter is unknown or presents nothing. */
  readonly transaction: Transaction | null;
}

/**
 * Transactions. Every write also stores the events the aggregate recorded (pulled from it) in the
 * same database transaction, so state and events never disagree; then it calls `markSaved`.
 */
export interface TransactionRepository {
  /**
   * Adds a new transaction (version 0 → 1). `counter.busy` when its counter already presents a live
   * transaction; `transaction.reference_taken` when the reference exists in the store.
   */
  insert(tx: Transaction): ResultAsync<void, DomainError>;
  /**
   * Saves a loaded transaction when the stored version is still `tx.version` (version + 1), in one
   * conditional statement. `transaction.version_conflict` when another command saved first;
   * `counter.busy` when the change would present it at a counter that is busy.
   */
  update(tx: Transaction): ResultAsync<void, DomainError>;
  /**
   * Saves a transaction as `update` does and appends its sales ledger entry (the sale of a capture,
   * the reversal of a refund), both or neither, in one atomic write. `transaction.invalid_state` (and
   * nothing saved) when the transaction already has an entry of that kind; `update`'s errors otherwise.
   */
  updateWithLedgerEntry(tx: Transaction, entry: SalesLedgerEntry): ResultAsync<void, DomainError>;
  /** A transaction by id, in one store. */
  findById(storeId: string, id: string): Promise<Transaction | null>;
  /**
   * The store `storeId` with its transaction `id`, in one read (one round trip on a database); null
   * when there is no such store.
   */
  findWithStore(storeId: string, id: string): Promise<StoreTransaction | null>;
  /**
   * The store with URL code `storeCode`, its counter `counterName` and the live transaction
   * presented there, in one read (one round trip on a database); null when there is no such store.
   */
  findPresented(storeCode: string, counterName: string): Promise<CounterPresentation | null>;
  /** The live transaction presented at a counter, if any. */
  findLiveAtCounter(storeId: string, counterId: string): Promise<Transaction | null>;
  /** The captured sale with this processing number. */
  findByProcessingNumber(storeId: string, processingNumber: string): Promise<Transaction | null>;
  /** A store's transactions, newest first (default limit 50, at most 500). */
  list(storeId: string, query: TransactionQuery): Promise<Transaction[]>;
  /** Transactions waiting on a network outcome (`…ing`) last touched before `before`, oldest first. */
  findInFlight(storeId: string, before: Date, limit: number): Promise<Transaction[]>;
  /** Transactions whose customer timeout has passed in a state that waits for the customer. */
  findExpired(storeId: string, now: Date, limit: number): Promise<Transaction[]>;
}
