import { Client } from 'pg';
import type { PgliteHandle } from './pglite-pool';

/** Commits before the first run (so that plans soon get statistics), and the least spacing of runs. */
const FIRST_AFTER = 200;
const AT_LEAST_EVERY = 500;
/** Then a run after this share of all the commits so far, as autovacuum scales with the table. */
const GROWTH = 0.1;
/**
 * After the first run, runs are at least this far apart, whatever the number of commits (autovacuum
 * looks at a database once per `autovacuum_naptime`, a minute by default). Under load 500 commits
 * take a second or two, and each `ANALYZE` of the transactions makes every connection plan its
 * statements on them again: measured over HTTP on Postgres at 45 lifecycles/s, a run every 1.6 s.
 */
const MIN_INTERVAL_MS = 10_000;
/**
 * Tables whose rows are only appended (the outbox, the ledger) or changed once (an idempotency key
 * gets its answer): few dead row versions, statistics that change slowly, and the largest tables, so
 * the costliest runs (measured with the HTTP bench on PGlite: 100-270 ms each for the outbox and
 * the keys at 50,000 commands, against 1-10 ms for most tables). They are taken at the first run
 * and then every {@link SELDOM_EVERY}th.
 */
const SELDOM = new Set(['transaction_events', 'sales_ledger', 'idempotency_keys']);
const SELDOM_EVERY = 5;
/** Pause between two tables of a run, so that requests waiting for the session finish in between. */
const BETWEEN_TABLES_MS = 20;
/**
 * On a single session, the pause also ends once the session has gone round this many times with
 * commands waiting for it (each had as many turns): a load that never leaves the microtask queue
 * (commands of an embedding program on an in-memory PGlite, no I/O in between) never lets a timer
 * fire, and the run would wait for the load to stop. A round with no command waiting does not count:
 * the pause then gives the event loop a turn, so that requests that arrived during the last `VACUUM`
 * (which held the thread: PGlite runs on it) are read and get the session before the next one.
 */
const BETWEEN_TABLES_TURNS = 8;

/** What the server's statistics say of a table since its last `VACUUM` / `ANALYZE` (`pg_stat_user_tables`). */
export interface TableActivity {
  readonly live: number;
  readonly dead: number;
  /** Rows inserted, updated or deleted since the last `ANALYZE`. */
  readonly modified: number;
  /** Rows inserted since the last `VACUUM`. */
  readonly inserted: number;
  /** The table's own `autovacuum_analyze_scale_factor`, when it sets one (null: the default, 0.1). */
  readonly analyzeScale?: number | null;
}

/** What a table needs: `VACUUM`, `ANALYZE`, or both (`VACUUM (ANALYZE)`). */
export interface TableWork {
  readonly vacuum: boolean;
  readonly analyze: boolean;
}

const BOTH: TableWork = { vacuum: true, analyze: true };

/**
 * Autovacuum's thresholds: `VACUUM` past `autovacuum_vacuum_threshold` 50 + `_scale_factor` 0.2 of
 * the rows (dead rows) or `autovacuum_vacuum_insert_threshold` 1000 + `_scale_factor` 0.2 (inserted
 * rows); `ANALYZE` past `autovacuum_analyze_threshold` 50 + `_scale_factor` (the table's own, else 0.1)
 * of the rows changed since the last one.
 */
function workFor(a: TableActivity): TableWork {
  return {
    vacuum: a.dead > 50 + 0.2 * a.live || a.inserted > 1000 + 0.2 * a.live,
    analyze: a.modified > 50 + (a.analyzeScale ?? 0.1) * a.live,
  };
}

const ACTIVITY_SQL = `SELECT s."relname" AS "table", s."n_live_tup"::float8 AS "live", s."n_dead_tup"::float8 AS "dead",
    s."n_mod_since_analyze"::float8 AS "modified", s."n_ins_since_vacuum"::float8 AS "inserted",
    (SELECT split_part(o, '=', 2)::float8 FROM unnest(c."reloptions") AS o
      WHERE starts_with(o, 'autovacuum_analyze_scale_factor=')) AS "analyzeScale"
  FROM pg_stat_user_tables s JOIN pg_class c ON c."oid" = s."relid"
  WHERE s."schemaname" = current_schema() AND s."relname" = ANY($1::text[])`;

function activityOf(rows: readonly (TableActivity & { table: string })[]): Map<string, TableActivity> {
  return new Map(rows.map(({ table, ...a }) => [table, a]));
}

/** Where the maintenance runs. */
export interface MaintainedDatabase {
  /** Runs `VACUUM`, `ANALYZE` or both (`work`) on one table (an unquoted name) of the schema. */
  maintain(table: string, work: TableWork): Promise<void>;
  /** The server's statistics of `tables` (a table missing from the answer is treated as due). */
  activity?(tables: readonly string[]): Promise<ReadonlyMap<string, TableActivity>>;
  /**
   * A single session (PGlite): resolves once every command waiting for it has had its turn; true when
   * some command held or awaited the session, false when it was idle.
   */
  yieldSession?(): Promise<boolean>;
  /** A run is over (or stopped): let go of what it held. */
  endRun?(): Promise<void>;
}

/**
 * A Postgres server: the `VACUUM`s of a run go through a connection of their own, opened for the run
 * and closed after it, as autovacuum's workers have their own backends: a long `VACUUM` holds no
 * connection of the commands' pool, and the pool's statement counts stay the commands' own.
 */
export function postgresMaintained(url: string, applicationName: string): MaintainedDatabase {
  let client: Promise<Client> | null = null;
  const open = async () => {
    const c = new Client({ connectionString: url, application_name: applicationName });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };
  return {
    async maintain(table, work) {
      client ??= open();
      await (await client).query(maintenanceStatement(table, work));
    },
    async activity(tables) {
      client ??= open();
      return activityOf((await (await client).query<TableActivity & { table: string }>(ACTIVITY_SQL, [tables])).rows);
    },
    async endRun() {
      const ending = client;
      client = null;
      await (await ending?.catch(() => null))?.end();
    },
  };
}

/** An embedded PGlite: each `VACUUM` in its own turn of the single session. */
export function pgliteMaintained(handle: PgliteHandle): MaintainedDatabase {
  return {
    maintain: (table, work) =>
      handle.lock.with(async () => {
        if (!handle.db.closed) await handle.db.exec(maintenanceStatement(table, work));
      }),
    yieldSession: async () => {
      const others = handle.lock.busy;
      await handle.lock.with(() => Promise.resolve());
      return others;
    },
    activity: (tables) =>
      handle.lock.with(async () => {
        // The single backend sends its pending counts to the statistics at most once a second; ask it to now.
        await handle.db.query('SELECT pg_stat_force_next_flush()');
        return activityOf((await handle.db.query<TableActivity & { table: string }>(ACTIVITY_SQL, [tables])).rows);
      }),
  };
}

/** `VACUUM (ANALYZE) "table"`, `VACUUM "table"` or `ANALYZE "table"`. */
function maintenanceStatement(table: string, work: TableWork): string {
  const name = `"${table.replaceAll('"', '""')}"`;
  if (!work.vacuum) return `ANALYZE ${name}`;
  return work.analyze ? `VACUUM (ANALYZE) ${name}` : `VACUUM ${name}`;
}

/**
 * What autovacuum does on a Postgres server, for a database where nothing does it: an embedded
 * PGlite (it runs no background worker), or a Postgres server whose `autovacuum` setting is off.
 * Without it, every update leaves a dead row version in the table and in each of its indexes for
 * good, and the planner never gets statistics, so a plan made while the tables were empty is kept for
 * good: each connection plans a prepared statement once, and on tables without statistics the
 * planner ties the primary key with any other index that starts with `store_id`; the lookup of one
 * transaction by its id then walks every row of the store (measured over HTTP on Postgres: the
 * rows read per lifecycle grew with the table, 10,500 at 2,000 lifecycles and 118,600 at 11,500,
 * and the throughput fell from 104 to 30 lifecycles/s; with statistics it stays at 170/s).
 *
 * Counts the commands that committed a change and, after {@link FIRST_AFTER} of them and then after
 * every 10 % more (at least {@link AT_LEAST_EVERY} and {@link MIN_INTERVAL_MS} apart), runs `VACUUM (ANALYZE)` on the schema's
 * tables, one table at a time, a few milliseconds apart: on PGlite every statement and every other
 * request waits while a `VACUUM` runs on its single session, so commands go on between two tables
 * and a pause lasts one table, not the whole database (which would also take every system catalog);
 * the largest, seldom-changed tables are taken every fifth run only, and from the second run on a
 * table is taken only when its statistics pass one of autovacuum's thresholds, and gets only what they
 * call for: `VACUUM`, `ANALYZE` or both ({@link workFor}; a table's own `autovacuum_analyze_scale_factor`
 * counts, as it does for autovacuum).
 * Spacing the runs by growth keeps their cost a small, bounded share of the work, as autovacuum's
 * thresholds do. An `ANALYZE` makes Postgres plan the prepared statements again with the new
 * statistics.
 */
export class TableMaintenance {
  private commits = 0;
  private next = FIRST_AFTER;
  private runs = 0;
  private lastRunEnded = 0;
  private running: Promise<void> | null = null;
  private closed = false;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  /**
   * `tables`: the schema's tables (unquoted names). `options` (tests): the least time between two runs
   * after the first ({@link MIN_INTERVAL_MS}) and the clock, in milliseconds.
   */
  constructor(
    private readonly database: MaintainedDatabase,
    private readonly tables: readonly string[],
    private readonly onError: (error: unknown) => void,
    options: { readonly minIntervalMs?: number; readonly now?: () => number } = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? MIN_INTERVAL_MS;
    this.now = options.now ?? (() => performance.now());
  }

  /** Runs so far (each one over the tables due, one at a time). */
  get completedRuns(): number {
    return this.runs;
  }

  /** A command committed a change. */
  committed(): void {
    this.commits += 1;
    if (this.commits < this.next || this.running !== null || this.closed) return;
    if (this.runs > 0 && this.now() - this.lastRunEnded < this.minIntervalMs) return;
    this.next = this.commits + Math.max(AT_LEAST_EVERY, Math.ceil(this.commits * GROWTH));
    this.running = this.run()
      .catch((e: unknown) => {
        if (!this.closed) this.onError(e);
      })
      .finally(() => {
        this.running = null;
        this.lastRunEnded = this.now();
      });
  }

  /** Stops, once a run in progress has ended (a table in progress finishes; the rest are left). */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  /**
   * The statistics of the tables, so that a run skips those that changed too little since they were
   * last taken (as autovacuum does: on a payment load the stores, counters and staff hardly change, and
   * every `VACUUM` or `ANALYZE` of a table makes each connection plan its statements on it again).
   * Null at the first run (the counts reach the statistics up to a second late, and the first run is
   * what gives the planner its first statistics) and when they cannot be read: then every table is taken.
   */
  private async dueTables(): Promise<ReadonlyMap<string, TableActivity> | null> {
    if (this.runs === 0 || this.database.activity === undefined) return null;
    try {
      return await this.database.activity(this.tables);
    } catch (e) {
      if (!this.closed) this.onError(e);
      return null;
    }
  }

  /**
   * Between two tables: {@link BETWEEN_TABLES_MS}, or {@link BETWEEN_TABLES_TURNS} turns of a single
   * session taken by waiting commands, whichever ends first.
   */
  private async pause(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const slept = new Promise<void>((resolve) => (timer = setTimeout(resolve, BETWEEN_TABLES_MS)));
    const yieldSession = this.database.yieldSession?.bind(this.database);
    let over = false;
    const turns =
      yieldSession === undefined
        ? slept
        : (async () => {
            let taken = 0;
            while (taken < BETWEEN_TABLES_TURNS && !over) {
              if (await yieldSession()) taken += 1;
              else await new Promise((resolve) => setTimeout(resolve, 1));
            }
          })();
    await Promise.race([slept, turns]);
    over = true;
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    const seldomToo = this.runs % SELDOM_EVERY === 0;
    let first = true;
    try {
      const activity = await this.dueTables();
      for (const table of this.tables) {
        if (SELDOM.has(table) && !seldomToo) continue;
        const a = activity?.get(table);
        const work = a === undefined ? BOTH : workFor(a);
        if (!work.vacuum && !work.analyze) continue;
        if (!first) await this.pause();
        first = false;
        if (this.closed) return;
        await this.database.maintain(table, work);
      }
      this.runs += 1;
    } finally {
      await this.database.endRun?.();
    }
  }
}
