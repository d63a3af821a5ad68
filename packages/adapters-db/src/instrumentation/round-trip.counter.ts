/** What a command cost the database: statements sent (round trips) and transactions committed. */
export interface RoundTripCount {
  readonly roundTrips: number;
  readonly commits: number;
  readonly rollbacks: number;
}

const BEGIN = /^(BEGIN|START\s+TRANSACTION)\b/;
const COMMIT = /^(COMMIT|END)\b/;
const ROLLBACK = /^ROLLBACK\b(?!\s+TO\b)/;
const WRITE = /^(INSERT|UPDATE|DELETE|MERGE)\b/;
const WRITE_IN_CTE = /\b(INSERT\s+INTO|UPDATE\s+"?\w|DELETE\s+FROM)\b/;

/**
 * Counts round trips and commits on the connections of one persistence (not the relay's own
 * connection). Every statement is one round trip; a commit is a `COMMIT`, or a write sent outside
 * an explicit transaction (autocommit) that changed a row. Tests and benchmarks read it around a command:
 * `const before = counter.snapshot(); await command(); counter.since(before)`.
 */
export class RoundTripCounter {
  private roundTrips = 0;
  private commits = 0;
  private rollbacks = 0;
  private readonly open = new WeakMap<object, boolean>();
  private trace: string[] | null = null;

  /**
   * Records one statement sent on `session`, once its answer came back: whether it succeeded and
   * how many rows it changed or returned (a write outside a transaction that touched no row
   * committed nothing).
   */
  observe(session: object, sql: string, succeeded: boolean, rows = 1): void {
    this.roundTrips += 1;
    const text = sql.trimStart().toUpperCase();
    this.trace?.push(sql.replace(/\s+/g, ' ').trim());
    if (BEGIN.test(text)) {
      this.open.set(session, succeeded);
      return;
    }
    if (COMMIT.test(text)) {
      if (succeeded) this.commits += 1;
      this.open.set(session, false);
      return;
    }
    if (ROLLBACK.test(text)) {
      this.rollbacks += 1;
      this.open.set(session, false);
      return;
    }
    const writes = WRITE.test(text) || (text.startsWith('WITH') && WRITE_IN_CTE.test(text));
    if (succeeded && writes && rows > 0 && this.open.get(session) !== true) this.commits += 1;
  }

  /** The totals so far. */
  snapshot(): RoundTripCount {
    return { roundTrips: this.roundTrips, commits: this.commits, rollbacks: this.rollbacks };
  }

  /** What happened after `before` was taken. */
  since(before: RoundTripCount): RoundTripCount {
    const now = this.snapshot();
    return {
      roundTrips: now.roundTrips - before.roundTrips,
      commits: now.commits - before.commits,
      rollbacks: now.rollbacks - before.rollbacks,
    };
  }

  /** Runs `work` and returns its result with the statements it sent (for tests and benchmarks). */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; count: RoundTripCount; statements: string[] }> {
    const before = this.snapshot();
    const statements: string[] = [];
    this.trace = statements;
    try {
      const result = await work();
      return { result, count: this.since(before), statements };
    } finally {
      this.trace = null;
    }
  }
}
