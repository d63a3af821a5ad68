import { createHash } from 'node:crypto';
import type { StaffActor, StaffRole } from '@counterpay/core';

/**
 * Who is calling: the platform administrator, a staff member of a store (session), a store's API
 * key (server-to-server, manager rights), or the phone holding a customer token.
 */
export type Principal =
  | { readonly kind: 'admin' }
  | {
      readonly kind: 'staff';
      readonly storeId: string;
      readonly staffId: string;
      readonly role: StaffRole;
      readonly credentialId: string;
      readonly expiresAt: Date | null;
    }
  | { readonly kind: 'api_key'; readonly storeId: string; readonly credentialId: string }
  | { readonly kind: 'customer'; readonly token: string };

/** What a principal may do, as the access table names it. */
export type Role = 'admin' | 'clerk' | 'manager' | 'api' | 'customer';

/** The role of a principal. */
export function roleOf(principal: Principal): Role {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'staff':
      return principal.role;
    case 'api_key':
      return 'api';
    case 'customer':
      return 'customer';
  }
}

/** The store a principal belongs to; null for the administrator and customers. */
export function storeIdOf(principal: Principal): string | null {
  return principal.kind === 'staff' || principal.kind === 'api_key' ? principal.storeId : null;
}

/** The actor the use cases record for a principal acting in a store. */
export function actorOf(principal: Principal, storeId: string): StaffActor {
  return { storeId, staffId: principal.kind === 'staff' ? principal.staffId : null };
}

/** A stable key of the caller, used to scope idempotency keys (never the secret itself). */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'admin':
      return 'admin';
    case 'staff':
      return `staff:${principal.storeId}:${principal.staffId}`;
    case 'api_key':
      return `api:${principal.storeId}:${principal.credentialId}`;
    case 'customer':
      return `customer:${createHash('sha256').update(principal.token, 'utf8').digest('hex')}`;
  }
}
