import type { RateCounter, RateWindow } from '../../ports/rate-counter.port';

/** Rate-limit windows in memory (one process only). */
export class InMemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, RateWindow>();

  hit(key: string, windowMs: number, now: Date): Promise<RateWindow> {
    const current = this.windows.get(key);
    const next =
      current === undefined || current.endsAt.getTime() <= now.getTime()
        ? { hits: 1, endsAt: new Date(now.getTime() + windowMs) }
        : { hits: current.hits + 1, endsAt: current.endsAt };
    this.windows.set(key, next);
    return Promise.resolve(next);
  }

  purge(before: Date): Promise<number> {
    let purged = 0;
    for (const [key, window] of this.windows) {
      if (window.endsAt.getTime() < before.getTime()) {
        this.windows.delete(key);
        purged++;
      }
    }
    return Promise.resolve(purged);
  }
}
