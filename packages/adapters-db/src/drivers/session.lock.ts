/** A first-come first-served lock: PGlite has one session, so one holder at a time. */
export class SessionLock {
  private tail: Promise<void> = Promise.resolve();
  private holdersAndWaiters = 0;

  /** True while someone holds the session or waits for it. */
  get busy(): boolean {
    return this.holdersAndWaiters > 0;
  }

  /** Waits for the session; resolves to the function that hands it on (safe to call twice). */
  acquire(): Promise<() => void> {
    let handOn!: () => void;
    const turn = new Promise<void>((resolve) => (handOn = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    this.holdersAndWaiters += 1;
    return previous.then(() => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.holdersAndWaiters -= 1;
        handOn();
      };
    });
  }

  /** Runs `work` while holding the session. */
  async with<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
