import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: a store's endpoints and the delivery queue that is also the delivery log. Written to
 * match `WebhookEndpointEntity` and `WebhookDeliveryEntity` exactly (a spec compares them). Both
 * tables lead with `store_id`; `uq_webhook_deliveries_event` makes enqueueing idempotent per
 * (endpoint, event), so every process's outbox relay may hand over the same event.
 * `ix_webhook_deliveries_due` is not led by `store_id`: the workers claim due deliveries of every
 * store. It holds only deliveries still to be sent, so it stays small.
 */
export class Webhooks1795392000000 implements MigrationInterface {
  readonly name = 'Webhooks1795392000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_endpoints" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "url" character varying(2048) NOT NULL,
      "secret" character varying(128) NOT NULL,
      "event_types" jsonb,
      "enabled" boolean NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE INDEX "ix_webhook_endpoints_created" ON "webhook_endpoints" ("store_id", "created_at")`);

    await q.query(`CREATE TABLE "webhook_deliveries" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "endpoint_id" uuid NOT NULL,
      "event_id" character varying(32) NOT NULL,
      "event_type" character varying(64) NOT NULL,
      "payload" text NOT NULL,
      "status" character varying(16) NOT NULL,
      "attempts" integer NOT NULL,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE,
      "claim_id" uuid,
      "claimed_until" TIMESTAMP WITH TIME ZONE,
      "last_attempt_at" TIMESTAMP WITH TIME ZONE,
      "last_response_status" integer,
      "last_error" character varying(500),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "ck_webhook_deliveries_claim" CHECK (("claim_id" IS NULL) = ("claimed_until" IS NULL)),
      CONSTRAINT "ck_webhook_deliveries_schedule" CHECK (("next_attempt_at" IS NOT NULL) = ("status" IN ('pending', 'failed'))),
      CONSTRAINT "ck_webhook_deliveries_attempts" CHECK ("attempts" >= 0),
      CONSTRAINT "ck_webhook_deliveries_status" CHECK ("status" IN ('pending', 'failed', 'succeeded', 'dead')),
      CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_webhook_deliveries_event" ON "webhook_deliveries" ("store_id", "endpoint_id", "event_id")`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_created" ON "webhook_deliveries" ("store_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_webhook_deliveries_endpoint" ON "webhook_deliveries" ("store_id", "endpoint_id", "created_at")`);
    await q.query(
      `CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" IN ('pending', 'failed')`,
    );
    await q.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("store_id", "endpoint_id") REFERENCES "webhook_endpoints"("store_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhook_endpoints"`);
  }
}
