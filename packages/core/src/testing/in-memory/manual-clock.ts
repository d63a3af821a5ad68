import type { Clock } from '../../ports/clock.port';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string = '2026-11-21T09:00:00Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  /** Moves forward by `ms`. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  /** Jumps to an instant. */
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}
