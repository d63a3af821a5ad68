/**
 * How a process tells the other processes' relays that it committed outbox rows, at most once per
 * `intervalMs`, and as a rule without a commit of its own:
 * - a write sent outside a unit of work once the interval has passed carries the notification
 *   (`pg_notify` in its own statement, delivered with its commit): {@link claim};
 * - commits that no later carried notification covers (the last ones before a quiet spell, or the
 *   commits of units of work) get one `NOTIFY` of the relay's own, sent after twice the interval
 *   of quiet: `send`.
 * Under steady load every notification rides on a command's commit; a lull costs one NOTIFY.
 */
export class Announcer {
  private lastClaimed = Number.NEGATIVE_INFINITY;
  private uncoveredSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Notifications carried by command statements, and sent on their own, so far. */
  carried = 0;
  sent = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly send: () => void,
  ) {}

  /** Before a write that commits on its own: true when it is to carry the notification. */
  claim(): boolean {
    const now = Date.now();
    if (now - this.lastClaimed < this.intervalMs) return false;
    this.lastClaimed = now;
    return true;
  }

  /** After a commit of outbox rows; `carried` when its statement carried the notification. */
  committed(carried: boolean): void {
    if (carried) {
      this.carried += 1;
      this.uncoveredSince = null;
      return;
    }
    this.uncoveredSince ??= Date.now();
    this.wakeIn(2 * this.intervalMs);
  }

  /** Drops a pending notification (the relay is closing). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.uncoveredSince = null;
  }

  private wakeIn(ms: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.uncoveredSince === null) return;
      const quiet = Date.now() - this.uncoveredSince;
      if (quiet < 2 * this.intervalMs) {
        this.wakeIn(2 * this.intervalMs - quiet);
        return;
      }
      this.uncoveredSince = null;
      this.lastClaimed = Date.now();
      this.sent += 1;
      this.send();
    }, ms);
    this.timer.unref();
  }
}
