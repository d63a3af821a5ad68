import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables that grow with every payment: `ANALYZE` reads 300 × the statistics target rows of each
 * (30,000 by default), and on PGlite it holds the single session and the event loop all that time.
 * A target of 10 (3,000 rows, 10 most common values, 10 histogram buckets) is enough for what their
 * queries ask of the planner: lookups by key and by index prefix, statuses of which a handful are
 * common. Measured on PGlite with 11,800 transactions: `ANALYZE "transactions"` 78 → 20 ms.
 * The body columns keep their target of 0 (`NoStatisticsOnBodies1795651200000`).
 */
export const SMALL_SAMPLE_TABLES: readonly string[] = ['transactions', 'transaction_events', 'idempotency_keys', 'sales_ledger'];
export const SMALL_SAMPLE_TARGET = 10;

async function columnsOf(q: QueryRunner, table: string, which: string): Promise<string[]> {
  const rows = (await q.query(
    `SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND ${which} ORDER BY attnum`,
    [`"${table}"`],
  )) as { attname: string }[];
  return rows.map((r) => r.attname);
}

export class SmallerStatisticsSamples1795824000000 implements MigrationInterface {
  readonly name = 'SmallerStatisticsSamples1795824000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of SMALL_SAMPLE_TABLES) {
      for (const column of await columnsOf(q, table, 'attstattarget IS DISTINCT FROM 0')) {
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET STATISTICS ${SMALL_SAMPLE_TARGET}`);
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of SMALL_SAMPLE_TABLES) {
      for (const column of await columnsOf(q, table, `attstattarget = ${SMALL_SAMPLE_TARGET}`)) {
        await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET STATISTICS -1`);
      }
    }
  }
}
