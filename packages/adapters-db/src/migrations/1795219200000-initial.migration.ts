import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema of counterpay. Written to match the entities exactly (a spec compares them);
 * every table but `stores` and `idempotency_keys` carries `store_id`, which leads its primary key
 * and every index that serves a store's query. The exactly-once rules are unique indexes:
 * one live transaction per counter, reference / processing number / counter name / username
 * (any case) unique per store, one sale and one reversal per transaction in the ledger.
 */
export class Initial1795219200000 implements MigrationInterface {
  readonly name = 'Initial1795219200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stores" (
      "id" uuid NOT NULL,
      "code" character varying(40) NOT NULL,
      "name" character varying(200) NOT NULL,
      "currency" character(3) NOT NULL,
      "timezone" character varying(64) NOT NULL,
      "status" character varying(16) NOT NULL,
      "enabled_methods" jsonb NOT NULL,
      "capture_policy" character varying(8) NOT NULL,
      "customer_timeout_seconds" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "version" integer NOT NULL,
      CONSTRAINT "ck_stores_capture_policy" CHECK ("capture_policy" IN ('manual', 'auto')),
      CONSTRAINT "ck_stores_status" CHECK ("status" IN ('active', 'suspended', 'closed')),
      CONSTRAINT "pk_stores" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_stores_code" ON "stores" ("code")`);

    await q.query(`CREATE TABLE "staff" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "username" character varying(64) NOT NULL,
      "name" character varying(200) NOT NULL,
      "role" character varying(16) NOT NULL,
      "password_hash" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "ck_staff_role" CHECK ("role" IN ('clerk', 'manager')),
      CONSTRAINT "pk_staff" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_staff_username" ON "staff" ("store_id", lower("username"))`);

    await q.query(`CREATE TABLE "counters" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "name" character varying(32) NOT NULL,
      "kind" character varying(16) NOT NULL,
      "label" character varying(200) NOT NULL,
      "is_open" boolean NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "ck_counters_kind" CHECK ("kind" IN ('salesperson', 'floor', 'route')),
      CONSTRAINT "pk_counters" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_counters_name" ON "counters" ("store_id", "name")`);

    await q.query(`CREATE TABLE "transactions" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "counter_id" uuid NOT NULL,
      "reference" character varying(40) NOT NULL,
      "source" character varying(16) NOT NULL,
      "status" character varying(24) NOT NULL,
      "currency" character(3) NOT NULL,
      "amount_minor" bigint,
      "items" jsonb NOT NULL,
      "schedule_entry_id" uuid,
      "opened_by" uuid,
      "payment_method" jsonb,
      "authorization_attempt" integer NOT NULL,
      "authorization_code" character varying(64),
      "authorized_amount_minor" bigint,
      "authorized_at" TIMESTAMP WITH TIME ZONE,
      "decline_reason" character varying(64),
      "processing_number" character varying(20),
      "captured_amount_minor" bigint,
      "captured_at" TIMESTAMP WITH TIME ZONE,
      "captured_by" uuid,
      "capture_counter_id" uuid,
      "voided_at" TIMESTAMP WITH TIME ZONE,
      "cancellation_requested_at" TIMESTAMP WITH TIME ZONE,
      "cancellation_requested_by" uuid,
      "cancellation_confirmed_at" TIMESTAMP WITH TIME ZONE,
      "refunded_amount_minor" bigint,
      "refund_kind" character varying(8),
      "refunded_at" TIMESTAMP WITH TIME ZONE,
      "claim_token_hash" character varying(128),
      "claimed_at" TIMESTAMP WITH TIME ZONE,
      "failed_card_attempts" integer NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "version" integer NOT NULL,
      CONSTRAINT "ck_transactions_version" CHECK ("version" >= 1),
      CONSTRAINT "ck_transactions_no_card_number" CHECK ("payment_method" IS NULL OR NOT ("payment_method" ?| ARRAY['number', 'cvc', 'pan'])),
      CONSTRAINT "ck_transactions_claim" CHECK (("claim_token_hash" IS NULL) = ("claimed_at" IS NULL)),
      CONSTRAINT "ck_transactions_refund" CHECK (("refunded_at" IS NULL) = ("refund_kind" IS NULL) AND ("refunded_at" IS NULL) = ("refunded_amount_minor" IS NULL)),
      CONSTRAINT "ck_transactions_capture" CHECK (("processing_number" IS NULL) = ("captured_at" IS NULL) AND ("captured_at" IS NULL) = ("captured_amount_minor" IS NULL) AND ("captured_at" IS NULL) = ("capture_counter_id" IS NULL)),
      CONSTRAINT "ck_transactions_authorization" CHECK (("authorization_code" IS NULL) = ("authorized_at" IS NULL) AND ("authorized_at" IS NULL) = ("authorized_amount_minor" IS NULL)),
      CONSTRAINT "ck_transactions_amount" CHECK ("amount_minor" IS NULL OR "amount_minor" > 0),
      CONSTRAINT "ck_transactions_source" CHECK ("source" IN ('clerk', 'customer', 'schedule', 'scan')),
      CONSTRAINT "ck_transactions_status" CHECK ("status" IN ('awaiting_amount', 'awaiting_method', 'method_registered', 'authorizing', 'declined', 'authorized', 'capturing', 'voiding', 'captured', 'cancel_requested', 'cancel_confirmed', 'refunding', 'voided', 'cancelled', 'expired', 'refunded')),
      CONSTRAINT "pk_transactions" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_transactions_reference" ON "transactions" ("store_id", "reference")`);
    await q.query(`CREATE UNIQUE INDEX "uq_transactions_live_counter" ON "transactions" ("store_id", "counter_id")
      WHERE "status" IN ('awaiting_amount', 'awaiting_method', 'method_registered', 'authorizing', 'declined', 'authorized', 'capturing', 'voiding', 'cancel_requested', 'cancel_confirmed', 'refunding')`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_transactions_processing_number" ON "transactions" ("store_id", "processing_number") WHERE "processing_number" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ix_transactions_created" ON "transactions" ("store_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "ix_transactions_counter_created" ON "transactions" ("store_id", "counter_id", "created_at")`);
    await q.query(`CREATE INDEX "ix_transactions_in_flight" ON "transactions" ("store_id", "updated_at")
      WHERE "status" IN ('authorizing', 'capturing', 'voiding', 'refunding')`);
    await q.query(`CREATE INDEX "ix_transactions_expiry" ON "transactions" ("store_id", "expires_at")
      WHERE "status" IN ('awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'cancel_requested')`);

    await q.query(`CREATE TABLE "transaction_events" (
      "store_id" uuid NOT NULL,
      "id" BIGSERIAL NOT NULL,
      "transaction_id" uuid NOT NULL,
      "counter_id" uuid NOT NULL,
      "type" character varying(64) NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "payload" jsonb NOT NULL,
      "writer_xid" bigint NOT NULL,
      CONSTRAINT "pk_transaction_events" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE INDEX "ix_transaction_events_history" ON "transaction_events" ("store_id", "transaction_id", "id")`);
    await q.query(`CREATE INDEX "ix_transaction_events_relay" ON "transaction_events" ("writer_xid", "id")`);
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

    await q.query(`CREATE TABLE "schedules" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "name" character varying(200) NOT NULL,
      "counter_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "pk_schedules" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE INDEX "ix_schedules_created" ON "schedules" ("store_id", "created_at")`);

    await q.query(`CREATE TABLE "schedule_entries" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "schedule_id" uuid NOT NULL,
      "counter_id" uuid NOT NULL,
      "customer_name" character varying(200) NOT NULL,
      "customer_ref" character varying(100) NOT NULL,
      "description" character varying(500) NOT NULL,
      "items" jsonb NOT NULL,
      "amount_minor" bigint NOT NULL,
      "currency" character(3) NOT NULL,
      "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "status" character varying(16) NOT NULL,
      "transaction_id" uuid,
      "version" integer NOT NULL,
      CONSTRAINT "ck_schedule_entries_amount" CHECK ("amount_minor" > 0),
      CONSTRAINT "ck_schedule_entries_status" CHECK ("status" IN ('pending', 'presented', 'collected', 'cancelled')),
      CONSTRAINT "pk_schedule_entries" PRIMARY KEY ("store_id", "id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_schedule_entries_transaction" ON "schedule_entries" ("store_id", "transaction_id") WHERE "transaction_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ix_schedule_entries_due" ON "schedule_entries" ("store_id", "due_at")`);
    await q.query(`CREATE INDEX "ix_schedule_entries_schedule" ON "schedule_entries" ("store_id", "schedule_id", "due_at")`);

    await q.query(`CREATE TABLE "products" (
      "store_id" uuid NOT NULL,
      "barcode" character varying(14) NOT NULL,
      "sku" character varying(64) NOT NULL,
      "name" character varying(200) NOT NULL,
      CONSTRAINT "pk_products" PRIMARY KEY ("store_id", "barcode"))`);

    await q.query(`CREATE TABLE "prices" (
      "store_id" uuid NOT NULL,
      "barcode" character varying(14) NOT NULL,
      "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
      "valid_to" TIMESTAMP WITH TIME ZONE,
      "amount_minor" bigint NOT NULL,
      "currency" character(3) NOT NULL,
      CONSTRAINT "ck_prices_range" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from"),
      CONSTRAINT "ck_prices_amount" CHECK ("amount_minor" >= 0),
      CONSTRAINT "pk_prices" PRIMARY KEY ("store_id", "barcode", "valid_from"))`);

    await q.query(`CREATE TABLE "sales_ledger" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "transaction_id" uuid NOT NULL,
      "kind" character varying(8) NOT NULL,
      "amount_minor" bigint NOT NULL,
      "currency" character(3) NOT NULL,
      "counter_id" character varying(64) NOT NULL,
      "staff_id" character varying(64),
      "method" character varying(16) NOT NULL,
      "processing_number" character varying(20) NOT NULL,
      "business_day" date NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "ck_sales_ledger_amount" CHECK ("amount_minor" >= 0),
      CONSTRAINT "ck_sales_ledger_kind" CHECK ("kind" IN ('sale', 'reversal')),
      CONSTRAINT "pk_sales_ledger" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_sales_ledger_once" ON "sales_ledger" ("store_id", "transaction_id", "kind")`);
    await q.query(`CREATE INDEX "ix_sales_ledger_day" ON "sales_ledger" ("store_id", "business_day", "occurred_at")`);

    await q.query(`CREATE TABLE "idempotency_keys" (
      "scope" text NOT NULL,
      "idempotency_key" text NOT NULL,
      "fingerprint" text NOT NULL,
      "response_status" integer,
      "response_body" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "completed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("scope", "idempotency_key"))`);
    await q.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys" ("created_at")`);

    await q.query(`CREATE TABLE "access_tokens" (
      "store_id" uuid NOT NULL,
      "id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "token_hash" character varying(128) NOT NULL,
      "staff_id" uuid,
      "role" character varying(16) NOT NULL,
      "label" character varying(200) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_access_tokens_role" CHECK ("role" IN ('clerk', 'manager', 'api')),
      CONSTRAINT "ck_access_tokens_kind" CHECK ("kind" IN ('session', 'api_key')),
      CONSTRAINT "pk_access_tokens" PRIMARY KEY ("store_id", "id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_access_tokens_hash" ON "access_tokens" ("store_id", "token_hash")`);
    await q.query(`CREATE INDEX "ix_access_tokens_kind" ON "access_tokens" ("store_id", "kind", "created_at")`);
    await q.query(`CREATE INDEX "ix_access_tokens_expiry" ON "access_tokens" ("expires_at") WHERE "expires_at" IS NOT NULL`);

    await q.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "fk_staff_store" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "counters" ADD CONSTRAINT "fk_counters_store" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "transactions" ADD CONSTRAINT "fk_transactions_counter" FOREIGN KEY ("store_id", "counter_id") REFERENCES "counters"("store_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "transaction_events" ADD CONSTRAINT "fk_transaction_events_transaction" FOREIGN KEY ("store_id", "transaction_id") REFERENCES "transactions"("store_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "schedules" ADD CONSTRAINT "fk_schedules_counter" FOREIGN KEY ("store_id", "counter_id") REFERENCES "counters"("store_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "schedule_entries" ADD CONSTRAINT "fk_schedule_entries_schedule" FOREIGN KEY ("store_id", "schedule_id") REFERENCES "schedules"("store_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "products" ADD CONSTRAINT "fk_products_store" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "prices" ADD CONSTRAINT "fk_prices_product" FOREIGN KEY ("store_id", "barcode") REFERENCES "products"("store_id", "barcode") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sales_ledger" ADD CONSTRAINT "fk_sales_ledger_store" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'access_tokens',
      'idempotency_keys',
      'sales_ledger',
      'prices',
      'products',
      'schedule_entries',
      'schedules',
      'transaction_events',
      'transactions',
      'counters',
      'staff',
      'stores',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION "counterpay_notify_events"()`);
  }
}
