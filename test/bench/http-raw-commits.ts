import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

const SETUP = [
  'CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, n bigint NOT NULL DEFAULT 0)',
  'CREATE TABLE IF NOT EXISTS bench_log (id bigserial PRIMARY KEY, row_id int NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload jsonb)',
];
const UPDATE = 'UPDATE bench_rows SET n = n + 1 WHERE id = $1';
const INSERT = `INSERT INTO bench_log (row_id, payload) VALUES ($1, '{"type":"bench"}')`;

/** A raw commit rate: what the database alone can commit, no counterpay in the way. */
export interface RawCommitRate {
  readonly clients: number;
  readonly commits: number;
  readonly perSecond: number;
}

/**
 * The raw commit rate of a Postgres database (the same statements as the library benchmark):
 * `clients` connections each doing BEGIN; UPDATE its own row; INSERT a log row; COMMIT — until
 * `maxCommits` in all or `seconds` have passed.
 */
export async function rawPostgresCommits(url: string, clients: number, seconds: number, maxCommits: number): Promise<RawCommitRate> {
  const conns: Client[] = [];
  try {
    for (let i = 0; i < clients; i++) {
      const c = new Client({ connectionString: url, application_name: 'counterpay-bench-raw' });
      await c.connect();
      conns.push(c);
    }
    for (const sql of SETUP) await conns[0]!.query(sql);
    await conns[0]!.query('INSERT INTO bench_rows (id) SELECT g FROM generate_series(0, $1) g ON CONFLICT DO NOTHING', [clients]);
    let commits = 0;
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      conns.map(async (c, i) => {
        while (commits < maxCommits && performance.now() < until) {
          await c.query('BEGIN');
          await c.query(UPDATE, [i]);
          await c.query(INSERT, [i]);
          await c.query('COMMIT');
          commits += 1;
        }
      }),
    );
    const ms = performance.now() - started;
    return { clients, commits, perSecond: Math.round((commits / ms) * 1000) };
  } finally {
    await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
  }
}

/** An embedded PGlite ready for the raw loop. */
export interface RawPglite {
  /** The raw loop until `maxCommits` or `seconds` have passed. */
  commits(seconds: number, maxCommits: number): Promise<RawCommitRate>;
  close(): Promise<void>;
}

/**
 * The same raw transaction on an embedded PGlite stored in `dataDir` (files, as the reference
 * server keeps it): one session, so one client. Opened once per bench (opening one takes seconds).
 */
export async function openRawPglite(dataDir: string): Promise<RawPglite> {
  const db = await PGlite.create({ dataDir });
  for (const sql of SETUP) await db.query(sql);
  await db.query('INSERT INTO bench_rows (id) VALUES (0) ON CONFLICT DO NOTHING');
  return {
    async commits(seconds, maxCommits) {
      let commits = 0;
      const started = performance.now();
      const until = started + seconds * 1000;
      while (commits < maxCommits && performance.now() < until) {
        await db.query('BEGIN');
        await db.query(UPDATE, [0]);
        await db.query(INSERT, [0]);
        await db.query('COMMIT');
        commits += 1;
      }
      const ms = performance.now() - started;
      return { clients: 1, commits, perSecond: Math.round((commits / ms) * 1000) };
    },
    close: () => db.close(),
  };
}
