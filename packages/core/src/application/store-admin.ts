import { ok, type ResultAsync, safeTry } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import { createCounter, type Counter } from '../domain/counter/counter.aggregate';
import { createStaff, createStore, setStoreStatus, type NewStore, type Staff, type Store } from '../domain/store/store.aggregate';
import { loadStore, loadStoreByCode, type CounterpayDeps } from './context';

/** Opens a store (tenant). */
export function openStore(deps: CounterpayDeps, input: NewStore): ResultAsync<Store, DomainError> {
  return safeTry(async function* () {
    const store = yield* createStore(input, deps.ids.id(), deps.clock.now());
    yield* deps.uow.repositories.stores.insert(store);
    return ok(store);
  });
}

/** Adds a counter to a store. */
export function addCounter(
  deps: CounterpayDeps,
  storeId: string,
  input: { readonly name: string; readonly kind: string; readonly label?: string },
): ResultAsync<Counter, DomainError> {
  return safeTry(async function* () {
    const store = yield* loadStore(deps.uow.repositories, storeId);
    const counter = yield* createCounter({ ...input, storeId: store.id }, deps.ids.id(), deps.clock.now());
    yield* deps.uow.repositories.counters.insert(counter);
    return ok(counter);
  });
}

/** Adds a staff member; the password is hashed by the caller's adapter (scrypt or argon2). */
export function addStaff(
  deps: CounterpayDeps,
  storeId: string,
  input: { readonly username: string; readonly name: string; readonly role: string; readonly passwordHash: string },
): ResultAsync<Staff, DomainError> {
  return safeTry(async function* () {
    const store = yield* loadStore(deps.uow.repositories, storeId);
    const staff = yield* createStaff({ ...input, storeId: store.id }, deps.ids.id(), deps.clock.now());
    yield* deps.uow.repositories.staff.insert(staff);
    return ok(staff);
  });
}

/** Suspends (no new transactions or authorizations) or resumes a store. */
export function changeStoreStatus(
  deps: CounterpayDeps,
  storeCode: string,
  status: 'active' | 'suspended',
): ResultAsync<Store, DomainError> {
  return safeTry(async function* () {
    const store = yield* loadStoreByCode(deps.uow.repositories, storeCode);
    const changed = yield* setStoreStatus(store, status);
    return ok(yield* deps.uow.repositories.stores.update(changed));
  });
}
