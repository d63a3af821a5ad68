import { Client } from 'pg';

/** Cluster-wide counters of a Postgres server that tell a window's background work apart from its load. */
export interface PgCounters {
  /** Checkpoints started (`pg_stat_bgwriter`: timed + requested). */
  readonly checkpoints: number;
  /** WAL written (`pg_stat_wal`). */
  readonly walBytes: number;
  /** Full-page images written to the WAL: each page's first change after a checkpoint writes all of it. */
  readonly walFullPageImages: number;
}

/** What happened in Postgres during a measured window, per lifecycle of the load. */
export interface PgWindow {
  readonly checkpointsStarted: number;
  readonly walKiBPerLifecycle: number;
  readonly fullPageImagesPerLifecycle: number;
}

/**
 * Reads the counters (one short connection). Each backend hands its WAL counts over when it goes idle,
 * at most once a second (and after 10 s when it stays idle), so a window's figures are approximate by
 * that much at each end: the bench's windows last 12–20 s.
 */
export async function pgCounters(url: string): Promise<PgCounters> {
  const client = new Client({ connectionString: url, application_name: 'counterpay-bench-activity' });
  await client.connect();
  try {
    const { rows } = await client.query<{ checkpoints: string; wal_bytes: string; wal_fpi: string }>(
      `SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter) AS checkpoints, wal_bytes, wal_fpi FROM pg_stat_wal`,
    );
    const row = rows[0]!;
    return { checkpoints: Number(row.checkpoints), walBytes: Number(row.wal_bytes), walFullPageImages: Number(row.wal_fpi) };
  } finally {
    await client.end();
  }
}

/** The window between two readings, per lifecycle. */
export function pgWindow(before: PgCounters, after: PgCounters, lifecycles: number): PgWindow {
  const per = Math.max(1, lifecycles);
  return {
    checkpointsStarted: after.checkpoints - before.checkpoints,
    walKiBPerLifecycle: Math.round(((after.walBytes - before.walBytes) / 1024 / per) * 10) / 10,
    fullPageImagesPerLifecycle: Math.round(((after.walFullPageImages - before.walFullPageImages) / per) * 100) / 100,
  };
}
