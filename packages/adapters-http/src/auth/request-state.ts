import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

/** The store a request works in, resolved from its `{store}` path parameter. */
export interface StoreRef {
  readonly id: string;
  readonly code: string;
}

/** What the API's hooks learn about a request on its way to the handler. */
export interface RequestState {
  principal: Principal | null;
  store: StoreRef | null;
  /** The body as received, for the idempotency fingerprint. */
  rawBody: string | null;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/** The state of a request (created on first use). */
export function stateOf(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (state === undefined) {
    state = { principal: null, store: null, rawBody: null };
    states.set(request, state);
  }
  return state;
}

/** The authenticated principal; a route without a guard asking for it is a bug. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = stateOf(request).principal;
  if (principal === null) throw new Error(`route ${request.routeOptions.url ?? ''} has no authentication guard`);
  return principal;
}

/** The resolved store of a store-scoped route. */
export function storeOf(request: FastifyRequest): StoreRef {
  const store = stateOf(request).store;
  if (store === null) throw new Error(`route ${request.routeOptions.url ?? ''} has no store guard`);
  return store;
}
