import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { ApiError } from '../errors/api-error';
import type { NameDirectory } from '../presenters/name-directory';
import type { Authenticator } from './authenticator';
import { roleOf, storeIdOf, type Principal, type Role } from './principal';
import { stateOf } from './request-state';

/**
 * Who may do what, one row per kind of work. A store's API key works like a manager for
 * server-to-server calls, but cannot mint credentials; the administrator sets stores up.
 */
export const ACCESS = {
  /** Transactions, cancellations, refunds, live events, schedule search, product and counter look-ups. */
  counterWork: ['clerk', 'manager', 'api'],
  /** The store's own description. */
  storeReading: ['clerk', 'manager', 'api', 'admin'],
  /** Catalog changes, schedules, sales, staff listing. */
  storeManagement: ['manager', 'api'],
  /** Counters and staff: the administrator or the store's manager. */
  storeSetup: ['manager', 'api', 'admin'],
  /** API keys: only a person (the manager or the administrator). */
  credentialIssuing: ['manager', 'admin'],
  /** Stores themselves: open, suspend, resume. */
  platform: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** A row of {@link ACCESS}. */
export type Access = keyof typeof ACCESS;

/** Most characters of an `X-Customer-Token`. */
const MAX_CUSTOMER_TOKEN_LENGTH = 512;

const unauthenticated = () => new ApiError('auth.unauthenticated', 'sign in: send Authorization: Bearer <token>');
const noSuchStore = () => new ApiError('store.not_found', 'no such store');

/**
 * Route hooks that authenticate the caller and check the access table. Order: no or bad
 * credential → 401; a store that does not exist or is not the caller's → 404 (no existence leak);
 * a role without the right → 403.
 */
export class AccessGuard {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly names: NameDirectory,
  ) {}

  /** Any valid bearer credential (staff session, API key or administrator). */
  signedIn(): onRequestAsyncHookHandler {
    return async (request) => {
      await this.authenticate(request);
    };
  }

  /** The administrator only. */
  platform(): onRequestAsyncHookHandler {
    return async (request) => {
      const principal = await this.authenticate(request);
      if (principal.kind !== 'admin') throw new ApiError('auth.forbidden', 'this needs the administrator token');
    };
  }

  /** A caller of the `{store}` in the path with the rights of `access`. */
  store(access: Access): onRequestAsyncHookHandler {
    const allowed: readonly Role[] = ACCESS[access];
    return async (request) => {
      const principal = await this.authenticate(request);
      const code = (request.params as { store?: unknown }).store;
      const store = typeof code === 'string' && code.length <= 64 ? await this.names.storeByCode(code) : null;
      if (store === null || (principal.kind !== 'admin' && storeIdOf(principal) !== store.id)) throw noSuchStore();
      if (!allowed.includes(roleOf(principal))) throw new ApiError('auth.forbidden', `a ${roleOf(principal)} may not do this`);
      stateOf(request).store = store;
    };
  }

  /** The phone's `X-Customer-Token` (checked against the transaction by the use case). */
  customer(): onRequestAsyncHookHandler {
    return async (request) => {
      const token = request.headers['x-customer-token'];
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_CUSTOMER_TOKEN_LENGTH) {
        throw new ApiError('auth.unauthenticated', 'send the X-Customer-Token this phone received from the portal');
      }
      stateOf(request).principal = { kind: 'customer', token };
    };
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const principal = await this.authenticator.fromAuthorization(request.headers.authorization);
    if (principal === null) throw unauthenticated();
    stateOf(request).principal = principal;
    return principal;
  }
}
