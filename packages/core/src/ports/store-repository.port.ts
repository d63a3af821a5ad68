import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Counter } from '../domain/counter/counter.aggregate';
import type { Staff, Store } from '../domain/store/store.aggregate';

/** A store and one of its counters, read together (what opening a transaction at a counter needs). */
export interface StoreCounter {
  readonly store: Store;
  /** Null when the store has no counter of that name. */
  readonly counter: Counter | null;
}

/** Stores (tenants). */
export interface StoreRepository {
  /** Adds a store; `store.code_taken` when its code exists. */
  insert(store: Store): ResultAsync<void, DomainError>;
  /** Replaces a store when its version matches; `transaction.version_conflict` otherwise. Returns the saved store. */
  update(store: Store): ResultAsync<Store, DomainError>;
  /** A store by id. */
  findById(id: string): Promise<Store | null>;
  /** A store by its URL code. */
  findByCode(code: string): Promise<Store | null>;
  /**
   * A store by id with its counter named `counterName`, in one read (one round trip on a database);
   * null when there is no such store.
   */
  findWithCounter(storeId: string, counterName: string): Promise<StoreCounter | null>;
  /** All stores, by code (for workers and the admin). */
  list(): Promise<Store[]>;
}

/** Staff of a store. */
export interface StaffRepository {
  /** Adds a staff member; `staff.username_taken` when the username exists in the store. */
  insert(staff: Staff): ResultAsync<void, DomainError>;
  /** A staff member by username, in one store. */
  findByUsername(storeId: string, username: string): Promise<Staff | null>;
  /** A staff member by id, in one store. */
  findById(storeId: string, id: string): Promise<Staff | null>;
  /** The store's staff, by username. */
  list(storeId: string): Promise<Staff[]>;
}
