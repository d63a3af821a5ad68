import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `outbox_cursors`: where each durable outbox publisher (webhooks) has got to, so that a relay that
 * starts resumes it from there instead of from the newest event (see `OutboxRelay.addPublisher`).
 * Written to match `OutboxCursorEntity` exactly (a spec compares them).
 */
export class OutboxCursors1795564800000 implements MigrationInterface {
  readonly name = 'OutboxCursors1795564800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbox_cursors" (
      "publisher" character varying(64) NOT NULL,
      "writer_xid" bigint NOT NULL,
      "event_id" bigint NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_outbox_cursors" PRIMARY KEY ("publisher"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outbox_cursors"`);
  }
}
