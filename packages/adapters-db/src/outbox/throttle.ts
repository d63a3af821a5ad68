/**
 * Runs an action at most once per `intervalMs`: a trigger after a quiet interval runs it at once;
 * triggers within the interval share one run when the interval ends.
 */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly action: () => void,
  ) {}

  trigger(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
    this.timer.unref();
  }

  /** Drops a pending run. */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.last = Date.now();
    this.action();
  }
}
