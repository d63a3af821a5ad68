import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox is only appended to and only read through its indexes, and it is the largest table:
 * its statistics barely change as it grows, while an `ANALYZE` of it costs the most (on PGlite,
 * where it holds the single session and the event loop: 108-171 ms at 83,000-140,000 rows with the
 * default sample). `autovacuum_analyze_scale_factor = 1` makes it analyzed once it
 * has doubled since the last time, instead of after every 10 % more: autovacuum on a server honours
 * the setting, and so does this package's own maintenance (`TableMaintenance`). Its `VACUUM`s (a
 * millisecond or so: the pages of an append-only table are all visible) are not affected.
 */
export const ANALYZED_ON_DOUBLING: readonly string[] = ['transaction_events'];

export class OutboxAnalyzedOnDoubling1795737600000 implements MigrationInterface {
  readonly name = 'OutboxAnalyzedOnDoubling1795737600000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ANALYZED_ON_DOUBLING) await q.query(`ALTER TABLE "${table}" SET (autovacuum_analyze_scale_factor = 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ANALYZED_ON_DOUBLING) await q.query(`ALTER TABLE "${table}" RESET (autovacuum_analyze_scale_factor)`);
  }
}
