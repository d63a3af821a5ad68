/** The window of a rate limit a hit was counted in: the hits in it so far, this one included, and when it ends. */
export interface RateWindow {
  readonly hits: number;
  readonly endsAt: Date;
}

/**
 * Hit counts of rate limits, shared by every server process that uses the same counter: a limit of
 * ten logins a minute stays ten a minute with four processes behind a load balancer. Fixed windows:
 * the first hit on a key starts a window of `windowMs`; every hit until it ends counts in it; the
 * first hit after it starts the next.
 */
export interface RateCounter {
  /** Counts one hit on `key` at `now`, atomically across processes (no hit lost, none counted twice). */
  hit(key: string, windowMs: number, now: Date): Promise<RateWindow>;
  /** Forgets the windows that ended before `before`; returns how many. */
  purge(before: Date): Promise<number>;
}
