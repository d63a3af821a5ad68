import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the NOTIFY trigger on `transaction_events`. A `pg_notify` takes, at commit, a lock that is
 * held until the commit record is flushed, so every command that wrote events committed strictly
 * one after the other (no group commit). The relay of the process that committed announces instead,
 * at most once every few milliseconds, on its own connection (see `OutboxRelay.committed`).
 */
export class RelayAnnounces1795478400000 implements MigrationInterface {
  readonly name = 'RelayAnnounces1795478400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "trg_transaction_events_notify" ON "transaction_events"`);
    await q.query(`DROP FUNCTION "counterpay_notify_events"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "counterpay_notify_events"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM inserted) THEN
          PERFORM pg_notify('counterpay_events', '');
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER "trg_transaction_events_notify" AFTER INSERT ON "transaction_events"
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "counterpay_notify_events"()`);
  }
}
