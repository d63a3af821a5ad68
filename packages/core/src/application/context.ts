import { errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import type { Counter } from '../domain/counter/counter.aggregate';
import type { Store } from '../domain/store/store.aggregate';
import type { Transaction } from '../domain/transaction/transaction.aggregate';
import type { PosLookup } from '../ports/catalog-repository.port';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator, SecretHasher } from '../ports/id-generator.port';
import type { SettlementGateway } from '../ports/settlement-gateway.port';
import type { Repositories, UnitOfWork } from '../ports/unit-of-work.port';

/** What the use cases run on: the ports, wired by a composition root. */
export interface CounterpayDeps {
  readonly uow: UnitOfWork;
  readonly posLookup: PosLookup;
  readonly gateway: SettlementGateway;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly hasher: SecretHasher;
}

/** Who acts for the store: a staff member (null id for a store API key or the system). */
export interface StaffActor {
  readonly storeId: string;
  readonly staffId: string | null;
}

/** Lifts a promise that may only fail on infrastructure trouble (which stays a rejection). */
export function fromInfra<T>(promise: Promise<T>): ResultAsync<T, DomainError> {
  return new ResultAsync(promise.then((value) => ok<T, DomainError>(value)));
}

/** The value, or `code` when it is null. */
export function required<T>(value: T | null, code: DomainError['code'], message: string): ResultAsync<T, DomainError> {
  return value === null ? errAsync(domainError(code, message)) : okAsync(value);
}

/** Loads a store by id. */
export function loadStore(repos: Repositories, storeId: string): ResultAsync<Store, DomainError> {
  return fromInfra(repos.stores.findById(storeId)).andThen((s) => required(s, 'store.not_found', 'no such store'));
}

/** Loads a store by its URL code. */
export function loadStoreByCode(repos: Repositories, code: string): ResultAsync<Store, DomainError> {
  return fromInfra(repos.stores.findByCode(code)).andThen((s) => required(s, 'store.not_found', 'no such store'));
}

/** Loads a counter of a store by name. */
export function loadCounter(repos: Repositories, storeId: string, name: string): ResultAsync<Counter, DomainError> {
  return fromInfra(repos.counters.findByName(storeId, name)).andThen((c) => required(c, 'counter.not_found', `no counter ${name}`));
}

/** Loads a store with its counter named `name` (null when it has none), in one read. */
export function loadStoreWithCounter(
  repos: Repositories,
  storeId: string,
  name: string,
): ResultAsync<{ store: Store; counter: Counter | null }, DomainError> {
  return fromInfra(repos.stores.findWithCounter(storeId, name)).andThen((found) => required(found, 'store.not_found', 'no such store'));
}

/** Loads a store with its transaction `id` (null when it has none), in one read. */
export function loadStoreWithTransaction(
  repos: Repositories,
  storeId: string,
  id: string,
): ResultAsync<{ store: Store; transaction: Transaction | null }, DomainError> {
  return fromInfra(repos.transactions.findWithStore(storeId, id)).andThen((found) => required(found, 'store.not_found', 'no such store'));
}

/** Loads a transaction of a store. */
export function loadTransaction(repos: Repositories, storeId: string, id: string): ResultAsync<Transaction, DomainError> {
  return fromInfra(repos.transactions.findById(storeId, id)).andThen((t) => required(t, 'transaction.not_found', 'no such transaction'));
}

/** Runs a domain method and turns its `Result` into the async chain. */
export function step(result: Result<void, DomainError>): ResultAsync<void, DomainError> {
  return result.isOk() ? okAsync(undefined) : errAsync(result.error);
}
