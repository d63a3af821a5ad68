import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { createPglitePersistence, createPostgresPersistence, type Persistence } from '@counterpay/adapters-db';
import { createTestDatabase } from '@counterpay/adapters-db/testing';
import { Client } from 'pg';
import { F1_COMMANDS, f1Rig, type F1Step } from './core.bench';
import { rate } from './measure';

const RAW_SETUP = [
  'CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)',
  'CREATE TABLE IF NOT EXISTS bench_log (id bigserial PRIMARY KEY, row_id int NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload jsonb)',
];
const RAW_UPDATE = 'UPDATE bench_rows SET n = n + 1 WHERE id = $1';
const RAW_INSERT = `INSERT INTO bench_log (row_id, payload) VALUES ($1, '{"type":"bench"}')`;

/**
 * How the raw loop sends its UPDATE and INSERT: `plain` as any `pg` / `PGlite.query` user does (the
 * baseline of the targets), or `prepared` as named statements, parsed once per connection — the
 * technique the library itself uses, measured too so that the library's gain from it is not mistaken
 * for a gain over the database.
 */
type RawMode = 'plain' | 'prepared';

/** The database's raw commit rate: `clients` connections each doing BEGIN; UPDATE one row; INSERT one row; COMMIT. */
async function rawPostgresCommitRate(url: string, clients: number, perClient: number, mode: RawMode = 'plain'): Promise<number> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      if (i === 0) for (const sql of RAW_SETUP) await c.query(sql);
      return c;
    }),
  );
  const statement = (name: string, text: string, values: unknown[]) => (mode === 'prepared' ? { name, text, values } : { text, values });
  try {
    await conns[0]!.query('INSERT INTO bench_rows (id) SELECT g FROM generate_series(0, $1) g ON CONFLICT DO NOTHING', [clients]);
    const started = process.hrtime.bigint();
    await Promise.all(
      conns.map(async (c, i) => {
        for (let k = 0; k < perClient; k++) {
          await c.query('BEGIN');
          await c.query(statement('bench_update', RAW_UPDATE, [i]));
          await c.query(statement('bench_insert', RAW_INSERT, [i]));
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

function concat(messages: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
  let offset = 0;
  for (const m of messages) {
    out.set(m, offset);
    offset += m.length;
  }
  return out;
}

/** A named statement on a PGlite session: parsed once, then bind + execute + sync as one batch (what `pg` does on a server). */
async function preparedOnPglite(db: PGlite, name: string, text: string): Promise<(values: string[]) => Promise<void>> {
  await db.execProtocol(concat([protocol.serialize.parse({ name, text }), protocol.serialize.sync()]));
  return async (values) => {
    const { messages } = await db.execProtocol(
      concat([protocol.serialize.bind({ statement: name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]),
    );
    parse.parseResults(messages, db.parsers);
  };
}

/** The same raw transaction on an embedded PGlite (one session, so one client). */
async function rawPgliteCommitRate(count: number, mode: RawMode = 'plain'): Promise<number> {
  const db = new PGlite();
  try {
    for (const sql of RAW_SETUP) await db.query(sql);
    await db.query('INSERT INTO bench_rows (id) VALUES (0)');
    const update = mode === 'prepared' ? await preparedOnPglite(db, 'bench_update', RAW_UPDATE) : null;
    const insert = mode === 'prepared' ? await preparedOnPglite(db, 'bench_insert', RAW_INSERT) : null;
    const started = process.hrtime.bigint();
    for (let k = 0; k < count; k++) {
      await db.query('BEGIN');
      if (update === null || insert === null) {
        await db.query(RAW_UPDATE, [0]);
        await db.query(RAW_INSERT, [0]);
      } else {
        await update(['0']);
        await insert(['0']);
      }
      await db.query('COMMIT');
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return Math.round((count / ms) * 1000);
  } finally {
    await db.close();
  }
}

/** A command's database cost: statements sent and transactions committed on the persistence's connections. */
export interface CommandCost {
  readonly roundTrips: number;
  readonly commits: number;
}

/** Commits and round trips of one F1 lifecycle, and of each of its commands, as the instrumented connections saw them. */
async function costOfOneLifecycle(
  persistence: Persistence,
  lifecycle: Lifecycle,
): Promise<CommandCost & { readonly perCommand: Readonly<Partial<Record<(typeof F1_COMMANDS)[number], CommandCost>>> }> {
  const perCommand: Partial<Record<(typeof F1_COMMANDS)[number], CommandCost>> = {};
  const step: F1Step = async (name, command) => {
    const measured = await persistence.roundTrips.measure(async () => await command());
    perCommand[name] = { roundTrips: measured.count.roundTrips, commits: measured.count.commits };
    return measured.result;
  };
  const measured = await persistence.roundTrips.measure(() => lifecycle(0, 0, step));
  return { commits: measured.count.commits, roundTrips: measured.count.roundTrips, perCommand };
}

/** The figures of one kind of lifecycle on one driver. */
export interface DbRunFigures {
  readonly driver: 'postgres' | 'pglite';
  readonly clients: number;
  readonly lifecycles: number;
  /** Median of the runs (each run: lifecycles, then the raw loop, then the prepared raw loop, back to back). */
  readonly f1PerSecond: number;
  /** The baseline of the targets: BEGIN; UPDATE one row; INSERT one row; COMMIT with the plain client API. */
  readonly rawCommitsPerSecond: number;
  /** The same loop with named prepared statements, as the library sends its own (for reference; not the baseline). */
  readonly rawPreparedCommitsPerSecond: number;
  readonly commitsPerLifecycle: number;
  readonly roundTripsPerLifecycle: number;
  readonly perCommand: Readonly<Record<string, CommandCost>>;
  /**
   * Announcements to other processes per lifecycle during the measured runs (Postgres): carried by a
   * command's own statement (no extra commit), or a NOTIFY the relay sent on its own connection (one
   * more commit there: only after a quiet spell). At most one per few milliseconds per process.
   */
  readonly announcementsCarriedPerLifecycle: number;
  readonly relayNotifiesPerLifecycle: number;
  /** Outbox reads by the relay per lifecycle during the measured runs. */
  readonly relayReadsPerLifecycle: number;
  /** raw commit rate ÷ commits per lifecycle: the most lifecycles the database could commit. */
  readonly limitF1PerSecond: number;
  /** f1PerSecond ÷ limit. */
  readonly ratioToLimit: number;
  /** f1PerSecond ÷ (prepared raw commit rate ÷ commits per lifecycle). */
  readonly ratioToPreparedLimit: number;
  /** Each run's figures, in order (the machine is shared: the spread shows how noisy it was). */
  readonly runs: readonly {
    readonly f1PerSecond: number;
    readonly rawCommitsPerSecond: number;
    readonly rawPreparedCommitsPerSecond: number;
  }[];
}

/**
 * F1 as the design states it (the clerk instructs the capture), and F1 in a store that chose
 * auto-capture (the authorization captures at once: no capture command), measured the same way on
 * the same database, one after the other.
 */
export interface DbFigures extends DbRunFigures {
  readonly autoCapture: DbRunFigures;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

type Lifecycle = (i: number, worker?: number, step?: F1Step) => Promise<void>;

/**
 * Runs the lifecycles and both raw loops back to back, `runs` times (so that a change of load on the
 * shared machine hits both sides), and reports the medians.
 */
async function measureRuns(
  driver: DbRunFigures['driver'],
  setup: { readonly clients: number; readonly workers: number; readonly lifecycles: number; readonly runs: number },
  persistence: Persistence,
  lifecycle: Lifecycle,
  raw: (mode: RawMode, commits: number) => Promise<number>,
): Promise<DbRunFigures> {
  const { clients, workers, runs } = setup;
  const n = setup.lifecycles;
  const cost = await costOfOneLifecycle(persistence, lifecycle);
  const before = persistence.events.counts();
  const measured: DbRunFigures['runs'][number][] = [];
  for (let r = 0; r < runs; r++) {
    const f1PerSecond = (await rate(n, workers, lifecycle)).perSecond;
    const rawCommitsPerSecond = await raw('plain', n * cost.commits);
    const rawPreparedCommitsPerSecond = await raw('prepared', n * cost.commits);
    measured.push({ f1PerSecond, rawCommitsPerSecond, rawPreparedCommitsPerSecond });
  }
  const after = persistence.events.counts();
  const f1 = median(measured.map((m) => m.f1PerSecond));
  const rawPlain = median(measured.map((m) => m.rawCommitsPerSecond));
  const rawPrepared = median(measured.map((m) => m.rawPreparedCommitsPerSecond));
  const limit = rawPlain / cost.commits;
  return {
    driver,
    clients,
    lifecycles: n,
    f1PerSecond: f1,
    rawCommitsPerSecond: rawPlain,
    rawPreparedCommitsPerSecond: rawPrepared,
    commitsPerLifecycle: cost.commits,
    roundTripsPerLifecycle: cost.roundTrips,
    perCommand: cost.perCommand,
    announcementsCarriedPerLifecycle: round3((after.carriedAnnouncements - before.carriedAnnouncements) / (n * runs)),
    relayNotifiesPerLifecycle: round3((after.notifies - before.notifies) / (n * runs)),
    relayReadsPerLifecycle: round3((after.reads - before.reads) / (n * runs)),
    limitF1PerSecond: Math.round(limit),
    ratioToLimit: round3(f1 / limit),
    ratioToPreparedLimit: round3(f1 / (rawPrepared / cost.commits)),
    runs: measured,
  };
}

/**
 * F1 lifecycles through the library on real Postgres, next to the raw commit rate of the same database.
 * The bench runs no `VACUUM` or `ANALYZE` of its own: a server with autovacuum does that, and on
 * one without it (this machine's) the persistence does it itself (its `autovacuum` option).
 */
export async function benchPostgres(serverUrl: string, quick: boolean, clients = 16): Promise<DbFigures> {
  const db = await createTestDatabase(serverUrl);
  const persistence = await createPostgresPersistence({ url: db.url, poolSize: clients });
  try {
    const measure = async (policy: 'manual' | 'auto', lifecycles: number, runs: number) => {
      const rig = await f1Rig(persistence, clients, policy);
      await rate(clients * 4, clients, rig.lifecycle);
      return measureRuns('postgres', { clients, workers: clients, lifecycles, runs }, persistence, rig.lifecycle, (mode, commits) =>
        rawPostgresCommitRate(db.url, clients, Math.ceil(commits / clients), mode),
      );
    };
    const clerkCapture = await measure('manual', quick ? 800 : 4000, quick ? 1 : 3);
    return { ...clerkCapture, autoCapture: await measure('auto', quick ? 300 : 4000, quick ? 1 : 3) };
  } finally {
    await persistence.close();
    await db.drop();
  }
}

/** The same on the embedded PGlite (in memory), one session; the library vacuums and analyzes it itself. */
export async function benchPglite(quick: boolean): Promise<DbFigures> {
  const persistence = await createPglitePersistence({});
  try {
    const measure = async (policy: 'manual' | 'auto', lifecycles: number, runs: number) => {
      const rig = await f1Rig(persistence, 8, policy);
      await rate(20, 4, rig.lifecycle);
      return measureRuns('pglite', { clients: 1, workers: 8, lifecycles, runs }, persistence, rig.lifecycle, (mode, commits) =>
        rawPgliteCommitRate(commits, mode),
      );
    };
    const clerkCapture = await measure('manual', quick ? 300 : 2000, quick ? 1 : 3);
    return { ...clerkCapture, autoCapture: await measure('auto', quick ? 100 : 2000, quick ? 1 : 3) };
  } finally {
    await persistence.close();
  }
}
