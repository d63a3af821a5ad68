import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { pgliteMaintained, TableMaintenance } from './table-maintenance';
import type { PgliteHandle } from './pglite-pool';
import { SessionLock } from './session.lock';

const TABLES = ['stores', 'transactions', 'transaction_events', 'idempotency_keys', 'sales_ledger'];

/** A PGlite stand-in that logs what runs on the session, each VACUUM taking a few milliseconds. */
function fakeHandle() {
  const log: string[] = [];
  const lock = new SessionLock();
  const db = {
    closed: false,
    exec: async (sql: string) => {
      log.push(sql);
      await new Promise((r) => setTimeout(r, 5));
      return [];
    },
  };
  return { log, lock, handle: { db, lock } as unknown as PgliteHandle };
}

const vacuumed = (log: readonly string[]) => log.filter((l) => l.startsWith('VACUUM')).map((l) => /"(.+)"/.exec(l)?.[1] ?? l);

describe('PGlite maintenance (autovacuum stand-in)', () => {
  it('runs after 200 commits, one table per turn of the session, so commands go on between two tables', async () => {
    const { log, lock, handle } = fakeHandle();
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, (e) => {
      throw e;
    });
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

  it('goes on while commands keep the session busy without ever leaving the microtask queue (no timer can fire)', async () => {
    const log: string[] = [];
    const lock = new SessionLock();
    const db = { closed: false, exec: (sql: string) => (log.push(sql), Promise.resolve([])) };
    const m = new TableMaintenance(pgliteMaintained({ db, lock } as unknown as PgliteHandle), TABLES, (e) => {
      throw e;
    });
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
    const m = new TableMaintenance(pgliteMaintained(handle), TABLES, (e) => {
      throw e;
    });
    const runs: string[][] = [];
    for (let run = 0; run < 6; run++) {
      const before = log.length;
      do {
        m.committed();
        await new Promise((r) => setImmediate(r));
      } while (log.length === before);
      while (m.completedRuns === run) await new Promise((r) => setTimeout(r, 2));
      runs.push(vacuumed(log.slice(before)));
    }
    await m.close();
    const everyTable = TABLES;
    const churnedOnly = ['stores', 'transactions'];
    expect(runs).to.deep.equal([everyTable, churnedOnly, churnedOnly, churnedOnly, churnedOnly, everyTable]);
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
      const m = new TableMaintenance(pgliteMaintained({ db, lock: new SessionLock() }), ['churn'], (e) => {
        throw e;
      });
      for (let i = 0; i < 200; i++) m.committed();
      while (m.completedRuns === 0) await new Promise((r) => setTimeout(r, 5));
      await m.close();
      expect(await statistics()).to.deep.equal({ reltuples: 50, stats: 2 });
    } finally {
      await db.close();
    }
  });
});
