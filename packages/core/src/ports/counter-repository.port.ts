import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Counter } from '../domain/counter/counter.aggregate';

/** Counters of a store. */
export interface CounterRepository {
  /** Adds a counter; `counter.name_taken` when the name exists in the store. */
  insert(counter: Counter): ResultAsync<void, DomainError>;
  /** A counter by name, in one store. */
  findByName(storeId: string, name: string): Promise<Counter | null>;
  /** A counter by id, in one store. */
  findById(storeId: string, id: string): Promise<Counter | null>;
  /** The store's counters, by name. */
  list(storeId: string): Promise<Counter[]>;
}
