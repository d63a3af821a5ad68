import { PGlite } from '@electric-sql/pglite';
import { createPglitePersistence, createPostgresPersistence, type Persistence } from '@counterpay/adapters-db';
import { createTestDatabase } from '@counterpay/adapters-db/testing';
import { Client } from 'pg';
import { f1Rig } from './core.bench';
import { medianRate, rate } from './measure';

const RAW_SETUP = [
  'CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)',
  'CREATE TABLE IF NOT EXISTS bench_log (id bigserial PRIMARY KEY, row_id int NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload jsonb)',
];
const RAW_UPDATE = 'UPDATE bench_rows SET n = n + 1 WHERE id = $1';
const RAW_INSERT = `INSERT INTO bench_log (row_id, payload) VALUES ($1, '{"type":"bench"}')`;

/** The database's raw commit rate: `clients` connections each doing BEGIN; UPDATE one row; INSERT one row; COMMIT. */
async function rawPostgresCommitRate(url: string, clients: number, perClient: number): Promise<number> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      if (i === 0) for (const sql of RAW_SETUP) await c.query(sql);
      return c;
    }),
  );
  try {
    await conns[0]!.query('INSERT INTO bench_rows (id) SELECT g FROM generate_series(0, $1) g ON CONFLICT DO NOTHING', [clients]);
    const started = process.hrtime.bigint();
    await Promise.all(
      conns.map(async (c, i) => {
        for (let k = 0; k < perClient; k++) {
          await c.query('BEGIN');
          await c.query(RAW_UPDATE, [i]);
          await c.query(RAW_INSERT, [i]);
          await c.query('COMMIT');
        }
      }),
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return Math.round(((clients * perClient) / ms) * 1000);
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** The same raw transaction on an embedded PGlite (one session, so one client). */
async function rawPgliteCommitRate(count: number): Promise<number> {
  const db = new PGlite();
  try {
    for (const sql of RAW_SETUP) await db.query(sql);
    await db.query('INSERT INTO bench_rows (id) VALUES (0)');
    const started = process.hrtime.bigint();
    for (let k = 0; k < count; k++) {
      await db.query('BEGIN');
      await db.query(RAW_UPDATE, [0]);
      await db.query(RAW_INSERT, [0]);
      await db.query('COMMIT');
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return Math.round((count / ms) * 1000);
  } finally {
    await db.close();
  }
}

/** Commits and round trips of one F1 lifecycle on a persistence, as its instrumented connections saw them. */
async function costOfOneLifecycle(persistence: Persistence, lifecycle: (i: number) => Promise<void>) {
  const measured = await persistence.roundTrips.measure(() => lifecycle(0));
  return { commits: measured.count.commits, roundTrips: measured.count.roundTrips };
}

export interface DbFigures {
  readonly driver: 'postgres' | 'pglite';
  readonly clients: number;
  readonly lifecycles: number;
  readonly f1PerSecond: number;
  readonly rawCommitsPerSecond: number;
  readonly commitsPerLifecycle: number;
  readonly roundTripsPerLifecycle: number;
  /** raw commit rate ÷ commits per lifecycle: the most lifecycles the database could commit. */
  readonly limitF1PerSecond: number;
  /** f1PerSecond ÷ limit. */
  readonly ratioToLimit: number;
}

function figures(driver: DbFigures['driver'], clients: number, lifecycles: number, f1: number, raw: number, cost: { commits: number; roundTrips: number }): DbFigures {
  const limit = raw / cost.commits;
  return {
    driver,
    clients,
    lifecycles,
    f1PerSecond: f1,
    rawCommitsPerSecond: raw,
    commitsPerLifecycle: cost.commits,
    roundTripsPerLifecycle: cost.roundTrips,
    limitF1PerSecond: Math.round(limit),
    ratioToLimit: Math.round((f1 / limit) * 1000) / 1000,
  };
}

/** F1 lifecycles through the library on real Postgres, next to the raw commit rate of the same database. */
export async function benchPostgres(serverUrl: string, quick: boolean, clients = 16): Promise<DbFigures> {
  const db = await createTestDatabase(serverUrl);
  const persistence = await createPostgresPersistence({ url: db.url, poolSize: clients });
  try {
    const rig = await f1Rig(persistence, clients);
    const n = quick ? 800 : 4000;
    await rate(clients * 4, clients, rig.lifecycle);
    const cost = await costOfOneLifecycle(persistence, rig.lifecycle);
    const runs = quick ? 1 : 3;
    const f1 = await medianRate(runs, () => rate(n, clients, rig.lifecycle));
    const raw = await medianRate(runs, async () => ({ perSecond: await rawPostgresCommitRate(db.url, clients, Math.ceil((n * cost.commits) / clients)) }));
    return figures('postgres', clients, n, f1, raw, cost);
  } finally {
    await persistence.close();
    await db.drop();
  }
}

/** The same on the embedded PGlite (in memory), one session. */
export async function benchPglite(quick: boolean): Promise<DbFigures> {
  const persistence = await createPglitePersistence({});
  try {
    const rig = await f1Rig(persistence, 8);
    const n = quick ? 300 : 2000;
    await rate(20, 4, rig.lifecycle);
    const cost = await costOfOneLifecycle(persistence, rig.lifecycle);
    const runs = quick ? 1 : 3;
    const f1 = await medianRate(runs, () => rate(n, 8, rig.lifecycle));
    const raw = await medianRate(runs, async () => ({ perSecond: await rawPgliteCommitRate(n * cost.commits) }));
    return figures('pglite', 1, n, f1, raw, cost);
  } finally {
    await persistence.close();
  }
}
