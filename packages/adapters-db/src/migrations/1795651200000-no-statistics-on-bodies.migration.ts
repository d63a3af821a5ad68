import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns that hold bodies (JSON documents, signed payloads) and are never filtered, joined or
 * sorted on: `ANALYZE` skips them (`SET STATISTICS 0`). Their statistics guided no plan, and
 * sampling them was most of an `ANALYZE`'s cost: on PGlite, with 21,000 outbox rows, 190 → 78 ms for
 * `transaction_events` and 41 → 22 ms for `transactions` (3,000 lifecycles; docs/performance.md).
 * On PGlite every statement waits while an `ANALYZE` runs, so this is a stall of every request.
 */
const BODIES: readonly (readonly [table: string, column: string])[] = [
  ['transaction_events', 'payload'],
  ['transactions', 'items'],
  ['transactions', 'payment_method'],
  ['idempotency_keys', 'response_body'],
  ['schedule_entries', 'items'],
  ['webhook_deliveries', 'payload'],
];

export class NoStatisticsOnBodies1795651200000 implements MigrationInterface {
  readonly name = 'NoStatisticsOnBodies1795651200000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, column] of BODIES) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET STATISTICS 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of BODIES) await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" SET STATISTICS -1`);
  }
}

/** The columns {@link NoStatisticsOnBodies1795651200000} takes out of `ANALYZE` (for its test). */
export const COLUMNS_WITHOUT_STATISTICS = BODIES;
