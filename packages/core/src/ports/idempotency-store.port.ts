/** A stored answer to a mutating request. */
export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

/** What `begin` found for a key. */
export type IdempotencyBegin =
  | { readonly kind: 'started' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_flight' };

/**
 * How long a started request may stay unanswered before a retry with the same key and the same
 * request may take it over: its process died (a crash, a kill) and will never answer. Longer than
 * any request can legitimately run.
 */
export const IDEMPOTENCY_IN_FLIGHT_LEASE_MS = 60_000;

/**
 * `Idempotency-Key` with Stripe's semantics. A key lives in a scope (store + caller); the first
 * request with it runs, a replay with the same request fingerprint gets the stored answer, a
 * different fingerprint is a mismatch, and a replay while the first still runs is in flight.
 */
export interface IdempotencyStore {
  /**
   * Claims the key for a request fingerprint, atomically across processes. A key started more than
   * {@link IDEMPOTENCY_IN_FLIGHT_LEASE_MS} before `now` and never completed is started again for the
   * same fingerprint (exactly one of concurrent retries gets `started`).
   */
  begin(scope: string, key: string, fingerprint: string, now: Date): Promise<IdempotencyBegin>;
  /** Stores the answer of a started request. */
  complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void>;
  /** Forgets a started request that ended with no answer worth replaying (so it can be retried). */
  release(scope: string, key: string): Promise<void>;
  /** Deletes keys created before `before` (kept at least 24 h); returns how many. */
  purge(before: Date): Promise<number>;
}
