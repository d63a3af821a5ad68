import type { AccessToken, Counter, Staff, Store } from '@counterpay/core';

/** A store on the wire. */
export interface StoreJson {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status: string;
  readonly enabledMethods: readonly string[];
  readonly capturePolicy: string;
  readonly customerTimeoutSeconds: number;
  readonly createdAt: string;
}

/** A counter on the wire, with the address its customers open (`/c/{store}/{counter}`). */
export interface CounterJson {
  readonly name: string;
  readonly kind: string;
  readonly label: string;
  readonly isOpen: boolean;
  readonly payUrl: string;
  readonly createdAt: string;
}

/** A staff member on the wire: never the password hash. */
export interface StaffJson {
  readonly id: string;
  readonly username: string;
  readonly name: string;
  readonly role: string;
  readonly createdAt: string;
}

/** A store API key's description: the secret is shown only once, when it is created. */
export interface ApiKeyJson {
  readonly id: string;
  readonly label: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** The JSON of a store. */
export function presentStore(store: Store): StoreJson {
  return {
    id: store.id,
    code: store.code,
    name: store.name,
    currency: store.currency,
    timezone: store.timezone,
    status: store.status,
    enabledMethods: [...store.enabledMethods],
    capturePolicy: store.capturePolicy,
    customerTimeoutSeconds: store.customerTimeoutSeconds,
    createdAt: store.createdAt.toISOString(),
  };
}

/** The customer's address of a counter. */
export function payUrlOf(publicUrl: string, storeCode: string, counterName: string): string {
  return `${publicUrl}/c/${encodeURIComponent(storeCode)}/${encodeURIComponent(counterName)}`;
}

/** The JSON of a counter. */
export function presentCounter(counter: Counter, storeCode: string, publicUrl: string): CounterJson {
  return {
    name: counter.name,
    kind: counter.kind,
    label: counter.label,
    isOpen: counter.isOpen,
    payUrl: payUrlOf(publicUrl, storeCode, counter.name),
    createdAt: counter.createdAt.toISOString(),
  };
}

/** The JSON of a staff member. */
export function presentStaff(staff: Staff): StaffJson {
  return { id: staff.id, username: staff.username, name: staff.name, role: staff.role, createdAt: staff.createdAt.toISOString() };
}

/** The JSON of an API key, without its secret or hash. */
export function presentApiKey(key: AccessToken): ApiKeyJson {
  return { id: key.id, label: key.label, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}
