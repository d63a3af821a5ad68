import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { pgliteMaintained, TableMaintenance } from './table-maintenance';
import type { PgliteHandle } from './pglite-pool';
import { SessionLock } from './session.lock';

const TABLES = ['stores', 'transactions', 'transaction_events', 'idempotency_keys', 'sales_ledger'];

/**
 * A PGlite stand-in that logs what runs on the session, each VACUUM taking a few milliseconds; its
 * statistics (`activity`: rows of `pg_stat_user_tables`) are empty unless a test sets them.
 */
function fakeHandle() {
  const log: string[] = [];
  const lock = new SessionLock();
  const activity: Record<string, unknown>[] = [];
  const db = {
    closed: false,
    exec: async (sql: string) => {
      log.push(sql);
      await new Promise((r) => setTimeout(r, 5));
      return [];
    },
    query: async (sql: string) => ({ rows: sql.includes('pg_stat_user_tables') ? activity : [] }),
  };
  return { log, lock, activity, handle: { db, lock } as unknown as PgliteHandle };
}

/** Commits until a run starts, then waits for it to end; the tables it took. */
async function nextRun(m: TableMaintenance, log: string[]): Promise<string[]> {
  const before = log.length;
  const runs = m.completedRuns;
  do {
    m.committed();
    await new Promise((r) => setImmediate(r));
  } while (log.length === before && m.completedRuns === runs);
  while (m.completedRuns === runs) await new Promise((r) => setTimeout(r, 2));
  return vacuumed(log.slice(before));
}

/** The maintenance's error handler in tests: an error fails the test. */
const rethrow = (e: unknown): never => {
  throw e;
};

const vacuumed = (log: readonly string[]) => maintenance(log).map((l) => /"(.+)"/.exec(l)?.[1] ?? l);
/** The maintenance statements in a log (`VACUUM …` or `ANALYZE …`). */
const maintenance = (log: readonly string[]) => log.filter((l) => l.startsWith('VACUUM') || l.startsWith('ANALYZE'));

/** A row of `pg_stat_user_tables` as the maintenance reads it (`analyzeScale`: the table's own analyze scale factor). */
const row = (table: string, live: number, dead: number, modified: number, inserted: number, analyzeScale: number | null = null) => ({
  table,
  live,
  dead,
  modified,
  inserted,
  analyzeScale,
});

describe('PGlite maintenance (autovacuum stand-in)', () => {
  it('runs after 200 commits, one table per turn of the session, so commands go on between two tables', async () => {
    const { log, lock, handle } = fakeHandle();
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, rethrow);
    for (let i = 0; i < 199; i++) m.committed();
    await new Promise((r) => setTimeout(r, 20));
    expect(log, 'nothing before the 200th commit').to.deep.equal([]);
    m.committed();
    await new Promise((r) => setTimeout(r, 1));
    const command = lock.with(() => {
      log.push('command');
      return Promise.resolve();
    });
    await command;
    while (m.completedRuns === 0) await new Promise((r) => setTimeout(r, 2));
    await m.close();
    expect(log.slice(0, 2)).to.deep.equal(['VACUUM (ANALYZE) "stores"', 'command']);
    expect(vacuumed(log)).to.deep.equal(TABLES);
  });

  it('lets the event loop poll between two tables when no command waits for the session (a VACUUM blocks the thread)', async () => {
    const log: string[] = [];
    const lock = new SessionLock();
    // PGlite runs each statement in WebAssembly on the main thread: nothing else runs meanwhile.
    const db = {
      closed: false,
      exec: (sql: string) => {
        log.push(sql);
        const end = performance.now() + 10;
        while (performance.now() < end);
        return Promise.resolve([]);
      },
    };
    const m = new TableMaintenance(pgliteMaintained({ db, lock } as unknown as PgliteHandle), TABLES, rethrow);
    // Requests arriving meanwhile: I/O and timers, which only the event loop delivers.
    const ticks = setInterval(() => log.push('tick'), 1);
    try {
      for (let i = 0; i < 200; i++) m.committed();
      while (m.completedRuns === 0) await new Promise((r) => setTimeout(r, 2));
    } finally {
      clearInterval(ticks);
      await m.close();
    }
    const vacuums = log.flatMap((entry, i) => (entry.startsWith('VACUUM') ? [i] : []));
    expect(vacuums).to.have.length(TABLES.length);
    for (let k = 1; k < vacuums.length; k++) {
      expect(log.slice(vacuums[k - 1]! + 1, vacuums[k]), `between ${log[vacuums[k - 1]!]} and the next`).to.include('tick');
    }
  });

  it('goes on while commands keep the session busy without ever leaving the microtask queue (no timer can fire)', async () => {
    const log: string[] = [];
    const lock = new SessionLock();
    const db = { closed: false, exec: (sql: string) => (log.push(sql), Promise.resolve([])) };
    const m = new TableMaintenance(pgliteMaintained({ db, lock } as unknown as PgliteHandle), TABLES, rethrow);
    let commands = 0;
    // Eight workers, as an embedding program's: each command awaits the session and commits; nothing
    // in the loop is I/O, so the event loop never reaches its timers while it runs.
    const worker = async () => {
      while (m.completedRuns === 0 && commands < 100_000) {
        await lock.with(() => db.exec('command'));
        commands += 1;
        m.committed();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await m.close();
    expect(m.completedRuns, `after ${commands} commands`).to.equal(1);
    expect(vacuumed(log)).to.deep.equal(TABLES);
    expect(commands).to.be.below(1000);
  });

  it('takes the seldom-changed tables (outbox, ledger, idempotency keys) at the first run and then every fifth', async () => {
    const { log, handle } = fakeHandle();
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, rethrow, { minIntervalMs: 0 });
    const runs: string[][] = [];
    for (let run = 0; run < 6; run++) runs.push(await nextRun(m, log));
    await m.close();
    const everyTable = TABLES;
    const churnedOnly = ['stores', 'transactions'];
    expect(runs).to.deep.equal([everyTable, churnedOnly, churnedOnly, churnedOnly, churnedOnly, everyTable]);
  });

  it("from the second run on, takes only the tables past one of autovacuum's thresholds", async () => {
    const { log, activity, handle } = fakeHandle();
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, rethrow, { minIntervalMs: 0 });
    activity.push(
      row('stores', 1, 0, 0, 0),
      row('transactions', 1000, 251, 0, 0),
      row('transaction_events', 5000, 0, 0, 1999),
      row('idempotency_keys', 1000, 0, 151, 0),
    );
    expect(await nextRun(m, log), 'the first run takes every table').to.deep.equal(TABLES);
    expect(await nextRun(m, log), 'past a threshold, and not seldom').to.deep.equal(['transactions']);
    activity.splice(0, activity.length, row('stores', 10, 0, 0, 0), row('transactions', 1000, 199, 149, 1199));
    for (let run = 2; run < 5; run++) await nextRun(m, log);
    expect(await nextRun(m, log), 'the fifth run').to.deep.equal(['transaction_events', 'idempotency_keys', 'sales_ledger']);
    await m.close();
  });

  it('gives a table only what its thresholds call for: VACUUM, ANALYZE or both, with its own analyze scale factor', async () => {
    const { log, activity, handle } = fakeHandle();
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, rethrow, { minIntervalMs: 0 });
    activity.push(
      row('stores', 100, 0, 61, 0),
      row('transactions', 1000, 251, 0, 0),
      // the outbox, analyzed once it has doubled: 5,000 more rows on 10,000 call for a VACUUM only
      row('transaction_events', 10_000, 0, 5_000, 5_000, 1),
      row('idempotency_keys', 1000, 0, 0, 0),
      row('sales_ledger', 10_000, 0, 10_100, 10_100, 1),
    );
    const first = log.length;
    await nextRun(m, log);
    expect(maintenance(log.slice(first)), 'the first run: everything').to.deep.equal(TABLES.map((t) => `VACUUM (ANALYZE) "${t}"`));
    for (let run = 1; run < 5; run++) await nextRun(m, log);
    const sixth = log.length;
    await nextRun(m, log);
    expect(maintenance(log.slice(sixth))).to.deep.equal([
      'ANALYZE "stores"',
      'VACUUM "transactions"',
      'VACUUM "transaction_events"',
      'VACUUM (ANALYZE) "sales_ledger"',
    ]);
    await m.close();
  });

  it("reads a table's own autovacuum_analyze_scale_factor with its statistics (PGlite)", async () => {
    const db = await PGlite.create();
    try {
      await db.exec(`CREATE TABLE "appended" (id int); ALTER TABLE "appended" SET (autovacuum_analyze_scale_factor = 1);
        CREATE TABLE "plain" (id int); INSERT INTO "plain" VALUES (1), (2);`);
      const activity = await pgliteMaintained({ db, lock: new SessionLock() } as PgliteHandle).activity!(['appended', 'plain']);
      expect(activity.get('appended')?.analyzeScale).to.equal(1);
      expect(activity.get('plain')?.analyzeScale).to.equal(null);
      expect(activity.get('plain')?.modified).to.equal(2);
    } finally {
      await db.close();
    }
  });

  it('after the first run, waits at least 10 s between two runs, however many commands commit', async () => {
    const { log, handle } = fakeHandle();
    let clock = 0;
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, rethrow, { now: () => clock });
    const untilRuns = async (n: number) => {
      while (m.completedRuns < n) await new Promise((r) => setTimeout(r, 2));
    };
    for (let i = 0; i < 200; i++) m.committed();
    await untilRuns(1);
    const afterFirst = log.length;
    clock = 9_999;
    for (let i = 0; i < 5_000; i++) m.committed();
    await new Promise((r) => setTimeout(r, 20));
    expect(log.length, 'thousands of commits 9.999 s later: no run').to.equal(afterFirst);
    clock = 10_000;
    m.committed();
    await untilRuns(2);
    await m.close();
    expect(log.length).to.be.greaterThan(afterFirst);
  });

  it('on a real PGlite database, skips a table that did not change since the run before', async function () {
    this.timeout(60_000);
    const db = await PGlite.create();
    try {
      await db.exec(`CREATE TABLE "churn" ("id" int PRIMARY KEY, "n" int NOT NULL); CREATE TABLE "still" ("id" int PRIMARY KEY)`);
      await db.exec(
        `INSERT INTO "churn" SELECT g, 0 FROM generate_series(1, 100) g; INSERT INTO "still" SELECT g FROM generate_series(1, 100) g`,
      );
      // (a running database's counts reach the statistics within a second; here, at once)
      await db.query('SELECT pg_stat_force_next_flush()');
      const analyzed = async () =>
        (
          await db.query<{ relname: string; analyze_count: number }>(
            `SELECT "relname", "analyze_count"::int FROM pg_stat_user_tables WHERE "relname" IN ('churn', 'still') ORDER BY 1`,
          )
        ).rows.map((r) => `${r.relname} ${r.analyze_count}`);
      const m = new TableMaintenance(pgliteMaintained({ db, lock: new SessionLock() }), ['churn', 'still'], rethrow, { minIntervalMs: 0 });
      const runTo = async (n: number) => {
        while (m.completedRuns < n) {
          m.committed();
          await new Promise((r) => setImmediate(r));
        }
      };
      await runTo(1);
      expect(await analyzed()).to.deep.equal(['churn 1', 'still 1']);
      for (let i = 0; i < 3; i++) await db.exec(`UPDATE "churn" SET "n" = "n" + 1`);
      await runTo(2);
      expect(await analyzed()).to.deep.equal(['churn 2', 'still 1']);
      await m.close();
    } finally {
      await db.close();
    }
  });

  it('on a real PGlite database, leaves the tables analyzed (the planner gets statistics)', async function () {
    this.timeout(60_000);
    const db = await PGlite.create();
    try {
      await db.exec(
        `CREATE TABLE "churn" ("id" int PRIMARY KEY, "n" int NOT NULL); INSERT INTO "churn" SELECT g, 0 FROM generate_series(1, 50) g`,
      );
      for (let i = 0; i < 20; i++) await db.exec(`UPDATE "churn" SET "n" = "n" + 1`);
      const statistics = async () =>
        (
          await db.query<{ reltuples: number; stats: number }>(
            `SELECT c."reltuples", (SELECT count(*)::int FROM pg_stats WHERE tablename = 'churn') AS "stats" FROM pg_class c WHERE c.relname = 'churn'`,
          )
        ).rows[0];
      expect(await statistics()).to.deep.equal({ reltuples: -1, stats: 0 });
      const m = new TableMaintenance(pgliteMaintained({ db, lock: new SessionLock() }), ['churn'], rethrow);
      for (let i = 0; i < 200; i++) m.committed();
      while (m.completedRuns === 0) await new Promise((r) => setTimeout(r, 5));
      await m.close();
      expect(await statistics()).to.deep.equal({ reltuples: 50, stats: 2 });
    } finally {
      await db.close();
    }
  });
});
