import type { PgliteHandle } from './pglite-pool';

/** Commits before the first run (so that plans soon get statistics), and the least spacing of runs. */
const FIRST_AFTER = 200;
const AT_LEAST_EVERY = 500;
/** Then a run after this share of all the commits so far, as autovacuum scales with the table. */
const GROWTH = 0.1;

/**
 * What autovacuum does on a Postgres server, for an embedded PGlite database, which runs no
 * background worker: without it, every update leaves a dead row version in the table and in each of
 * its indexes for good, and the planner never gets statistics, so a plan made while the tables were
 * empty (a lookup by primary key done through another index of the same store, say) is kept for good.
 *
 * Counts the commands that committed a change and, after {@link FIRST_AFTER} of them and then after
 * every 10 % more (at least {@link AT_LEAST_EVERY} apart), runs `VACUUM (ANALYZE)` when the session is
 * next free. The run holds the session (PGlite has one), so commands wait for it; spacing the runs
 * by growth keeps that cost a small, bounded share of the work, as autovacuum's thresholds do.
 */
export class PgliteMaintenance {
  private commits = 0;
  private next = FIRST_AFTER;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly handle: PgliteHandle,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** A command committed a change. */
  committed(): void {
    this.commits += 1;
    if (this.commits < this.next || this.running !== null || this.closed) return;
    this.next = this.commits + Math.max(AT_LEAST_EVERY, Math.ceil(this.commits * GROWTH));
    this.running = this.handle.lock
      .with(async () => {
        if (!this.closed && !this.handle.db.closed) await this.handle.db.exec('VACUUM (ANALYZE)');
      })
      .catch((e: unknown) => {
        if (!this.closed) this.onError(e);
      })
      .finally(() => (this.running = null));
  }

  /** Stops, once a run in progress has ended. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }
}
