import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Clock, RateCounter } from '@counterpay/core';

/**
 * A `@fastify/rate-limit` store that counts in a {@link RateCounter}: with the database's counter,
 * every server process on the database counts in the same windows (the plugin's own store counts in
 * each process's memory, so four processes would allow four times the limit). Every route shares it;
 * the keys of this package's limits name their route (`login|…`, `portal|…`, `qr|…`). A counter
 * that fails fails the request (a 5xx): a limit that cannot be counted is not skipped.
 */
export function sharedRateLimitStore(counter: RateCounter, clock: Clock): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = clock.now();
      counter.hit(key, timeWindow, now).then(
        (window) => callback(null, { current: window.hits, ttl: Math.max(0, window.endsAt.getTime() - now.getTime()) }),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  }
  return SharedRateLimitStore;
}
