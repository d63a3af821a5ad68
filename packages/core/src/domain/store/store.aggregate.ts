import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';
import type { CurrencyCode } from '../money/currency';
import { isCurrencyCode } from '../money/currency';
import { PAYMENT_METHOD_TYPES, type PaymentMethodType } from '../payment-method/payment-method';

/** `suspended` rejects new transactions and authorizations; `closed` rejects everything. */
export type StoreStatus = 'active' | 'suspended' | 'closed';

/** `manual`: the clerk captures after seeing the authorization. `auto`: capture follows it. */
export type CapturePolicy = 'manual' | 'auto';

/** Default time a customer has to complete a presented transaction. */
export const DEFAULT_CUSTOMER_TIMEOUT_SECONDS = 15 * 60;

/** A store (tenant): its own counters, staff, catalog, schedules and sales. */
export interface Store {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly currency: CurrencyCode;
  readonly timezone: string;
  readonly status: StoreStatus;
  readonly enabledMethods: readonly PaymentMethodType[];
  readonly capturePolicy: CapturePolicy;
  readonly customerTimeoutSeconds: number;
  readonly createdAt: Date;
  readonly version: number;
}

/** What an administrator gives to open a store. */
export interface NewStore {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly enabledMethods?: readonly string[];
  readonly capturePolicy?: string;
  readonly customerTimeoutSeconds?: number;
}

const STORE_CODE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** True when the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a new store. */
export function createStore(input: NewStore, id: string, now: Date): Result<Store, DomainError> {
  const invalid = (field: string, message: string) => err(domainError('validation.failed', message, { field }));
  if (!STORE_CODE.test(input.code)) return invalid('code', 'store code is 1-40 lowercase letters, digits or dashes');
  if (input.name.trim().length === 0 || input.name.length > 200) return invalid('name', 'store name is 1-200 characters');
  if (!isCurrencyCode(input.currency)) return err(domainError('money.unknown_currency', `unknown currency ${input.currency}`));
  if (!isTimeZone(input.timezone)) return invalid('timezone', `unknown time zone ${input.timezone}`);
  const methods = input.enabledMethods ?? ['card'];
  const unknown = methods.filter((m) => !(PAYMENT_METHOD_TYPES as readonly string[]).includes(m));
  if (unknown.length > 0 || methods.length === 0) return invalid('enabledMethods', 'unknown payment method type');
  const policy = input.capturePolicy ?? 'manual';
  if (policy !== 'manual' && policy !== 'auto') return invalid('capturePolicy', 'capture policy is manual or auto');
  const timeout = input.customerTimeoutSeconds ?? DEFAULT_CUSTOMER_TIMEOUT_SECONDS;
  if (!Number.isSafeInteger(timeout) || timeout < 30 || timeout > 7 * 24 * 3600) {
    return invalid('customerTimeoutSeconds', 'customer timeout is 30 s to 7 days');
  }
  return ok({
    id,
    code: input.code,
    name: input.name.trim(),
    currency: input.currency,
    timezone: input.timezone,
    status: 'active',
    enabledMethods: [...new Set(methods as PaymentMethodType[])],
    capturePolicy: policy,
    customerTimeoutSeconds: timeout,
    createdAt: now,
    version: 1,
  });
}

/** New transactions and authorizations are only taken by an active store. */
export function ensureStoreTakesPayments(store: Store): Result<Store, DomainError> {
  return store.status === 'active'
    ? ok(store)
    : err(domainError('store.suspended', `store ${store.code} is ${store.status}`, { status: store.status }));
}

/** Moves a store between active and suspended; a closed store stays closed. */
export function setStoreStatus(store: Store, status: 'active' | 'suspended'): Result<Store, DomainError> {
  if (store.status === 'closed') return err(domainError('store.suspended', 'store is closed'));
  return ok({ ...store, status });
}

/** Staff roles: a clerk works counters; a manager also runs the store's catalog, staff and reports. */
export type StaffRole = 'clerk' | 'manager';

/** A member of a store's staff. The password hash is computed by an adapter (scrypt/argon2). */
export interface Staff {
  readonly id: string;
  readonly storeId: string;
  readonly username: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

const USERNAME = /^[a-z0-9._-]{1,64}$/i;

/** Validates a staff member. */
export function createStaff(
  input: { storeId: string; username: string; name: string; role: string; passwordHash: string },
  id: string,
  now: Date,
): Result<Staff, DomainError> {
  if (!USERNAME.test(input.username)) {
    return err(domainError('validation.failed', 'username is 1-64 letters, digits, dots, dashes or underscores', { field: 'username' }));
  }
  if (input.role !== 'clerk' && input.role !== 'manager') {
    return err(domainError('validation.failed', 'role is clerk or manager', { field: 'role' }));
  }
  if (input.name.trim().length === 0 || input.name.length > 200) {
    return err(domainError('validation.failed', 'name is 1-200 characters', { field: 'name' }));
  }
  return ok({
    id,
    storeId: input.storeId,
    username: input.username,
    name: input.name.trim(),
    role: input.role,
    passwordHash: input.passwordHash,
    createdAt: now,
  });
}
