import type {
  ClaimedWebhookDelivery,
  WebhookAttemptOutcome,
  WebhookDelivery,
  WebhookDeliveryQuery,
  WebhookEndpoint,
  WebhookEndpointChanges,
  WebhookStore,
} from '@counterpay/core';
import type { DataSource } from 'typeorm';
import { WebhookDeliveryEntity } from '../entities/webhook-delivery.entity';
import { WebhookEndpointEntity } from '../entities/webhook-endpoint.entity';
import { webhookDeliveryMapper, webhookEndpointMapper, webhookErrorText } from '../mappers/webhook.mapper';
import { EntityCodec } from '../sql/entity.codec';
import { PoolExecutor, type SqlExecutor } from '../sql/sql.executor';
import { isUuid } from '../sql/tables';

/** Rows per INSERT of {@link TypeOrmWebhookStore.enqueue} (16 parameters each, far below Postgres's 65535). */
const ENQUEUE_CHUNK = 1000;

/**
 * Webhook endpoints and deliveries in `webhook_endpoints` and `webhook_deliveries`, shared by every
 * process. Each statement is a single round trip on the pool. Every query filters by `store_id`
 * but the workers' claim, which reads every store through `ix_webhook_deliveries_due` and takes
 * rows with `FOR UPDATE SKIP LOCKED`, so concurrent workers (in any process) never take the same
 * delivery.
 */
export class TypeOrmWebhookStore implements WebhookStore {
  private readonly sql: SqlExecutor;
  private readonly endpoints: EntityCodec<WebhookEndpointEntity>;
  private readonly deliveries: EntityCodec<WebhookDeliveryEntity>;

  /** Works on an initialized `DataSource` whose migrations include `Webhooks1795392000000`. */
  constructor(dataSource: DataSource) {
    this.sql = new PoolExecutor(dataSource);
    this.endpoints = new EntityCodec(dataSource, WebhookEndpointEntity);
    this.deliveries = new EntityCodec(dataSource, WebhookDeliveryEntity);
  }

  async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const t = this.endpoints;
    await this.sql.query(
      `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()})`,
      t.values(webhookEndpointMapper.toEntity(endpoint)),
    );
  }

  async findEndpoint(storeId: string, id: string): Promise<WebhookEndpoint | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.endpoints;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`, [storeId, id]);
    return rows[0] === undefined ? null : webhookEndpointMapper.toDomain(t.decode(rows[0]));
  }

  async listEndpoints(storeId: string): Promise<WebhookEndpoint[]> {
    if (!isUuid(storeId)) return [];
    const t = this.endpoints;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 ORDER BY "created_at", "id"`, [
      storeId,
    ]);
    return rows.map((r) => webhookEndpointMapper.toDomain(t.decode(r)));
  }

  async updateEndpoint(storeId: string, id: string, changes: WebhookEndpointChanges, now: Date): Promise<WebhookEndpoint | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.endpoints;
    const entity: Partial<WebhookEndpointEntity> = { updatedAt: now };
    const properties: (keyof WebhookEndpointEntity & string)[] = ['updatedAt'];
    if (changes.url !== undefined) {
      entity.url = changes.url;
      properties.push('url');
    }
    if (changes.eventTypes !== undefined) {
      entity.eventTypes = changes.eventTypes === null ? null : [...changes.eventTypes];
      properties.push('eventTypes');
    }
    if (changes.enabled !== undefined) {
      entity.enabled = changes.enabled;
      properties.push('enabled');
    }
    const { rows } = await this.sql.query(
      `UPDATE ${t.table} SET ${t.assignments(properties, 2)} WHERE "store_id" = $1 AND "id" = $2 RETURNING ${t.select()}`,
      [storeId, id, ...t.valuesOf(entity as WebhookEndpointEntity, properties)],
    );
    return rows[0] === undefined ? null : webhookEndpointMapper.toDomain(t.decode(rows[0]));
  }

  async deleteEndpoint(storeId: string, id: string): Promise<boolean> {
    if (!isUuid(storeId) || !isUuid(id)) return false;
    const { rows } = await this.sql.query(`DELETE FROM "webhook_endpoints" WHERE "store_id" = $1 AND "id" = $2 RETURNING "id"`, [
      storeId,
      id,
    ]);
    return rows.length > 0;
  }

  async enqueue(deliveries: readonly WebhookDelivery[]): Promise<number> {
    const t = this.deliveries;
    const width = t.properties.length;
    let added = 0;
    for (let start = 0; start < deliveries.length; start += ENQUEUE_CHUNK) {
      const chunk = deliveries.slice(start, start + ENQUEUE_CHUNK);
      const { rows } = await this.sql.query(
        `INSERT INTO ${t.table} (${t.insertColumns}) VALUES ${chunk.map((_, i) => `(${t.placeholders(i * width)})`).join(', ')}
         ON CONFLICT DO NOTHING RETURNING "id"`,
        chunk.flatMap((d) => t.values(webhookDeliveryMapper.toEntity(d))),
      );
      added += rows.length;
    }
    return added;
  }

  async claimDue(input: { now: Date; limit: number; leaseUntil: Date; claimId: string }): Promise<ClaimedWebhookDelivery[]> {
    if (input.limit <= 0 || !isUuid(input.claimId)) return [];
    const t = this.deliveries;
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `WITH due AS (
         SELECT d."store_id", d."id" FROM "webhook_deliveries" d
         JOIN "webhook_endpoints" e ON e."store_id" = d."store_id" AND e."id" = d."endpoint_id"
         WHERE d."status" IN ('pending', 'failed') AND d."next_attempt_at" <= $1
           AND (d."claimed_until" IS NULL OR d."claimed_until" <= $1) AND e."enabled"
         ORDER BY d."next_attempt_at", d."id"
         LIMIT $2
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE "webhook_deliveries" AS d SET "claim_id" = $3, "claimed_until" = $4
       FROM due, "webhook_endpoints" e
       WHERE d."store_id" = due."store_id" AND d."id" = due."id" AND e."store_id" = d."store_id" AND e."id" = d."endpoint_id"
       RETURNING ${t.select('d')}, e."url" AS "endpoint_url", e."secret" AS "endpoint_secret"`,
      [input.now, input.limit, input.claimId, input.leaseUntil],
    );
    return rows
      .map((row) => ({
        delivery: webhookDeliveryMapper.toDomain(t.decode(row)),
        url: String(row['endpoint_url']),
        secret: String(row['endpoint_secret']),
        claimId: input.claimId,
      }))
      .sort(
        (a, b) =>
          (a.delivery.nextAttemptAt?.getTime() ?? 0) - (b.delivery.nextAttemptAt?.getTime() ?? 0) ||
          (a.delivery.id < b.delivery.id ? -1 : a.delivery.id > b.delivery.id ? 1 : 0),
      );
  }

  async recordAttempt(storeId: string, id: string, claimId: string, outcome: WebhookAttemptOutcome): Promise<boolean> {
    if (!isUuid(storeId) || !isUuid(id) || !isUuid(claimId)) return false;
    const { rows } = await this.sql.query(
      `UPDATE "webhook_deliveries"
       SET "status" = $4, "attempts" = "attempts" + 1, "next_attempt_at" = $5, "last_attempt_at" = $6, "updated_at" = $6,
           "last_response_status" = $7, "last_error" = $8, "claim_id" = NULL, "claimed_until" = NULL
       WHERE "store_id" = $1 AND "id" = $2 AND "claim_id" = $3
       RETURNING "id"`,
      [storeId, id, claimId, outcome.status, outcome.nextAttemptAt, outcome.at, outcome.responseStatus, webhookErrorText(outcome.error)],
    );
    return rows.length > 0;
  }

  /** One `DELETE` (no index serves it: it runs once an hour or so, and only finished rows qualify). */
  async purgeFinished(before: Date): Promise<number> {
    const { affected } = await this.sql.query(
      `DELETE FROM "webhook_deliveries" WHERE "status" IN ('succeeded', 'dead') AND "updated_at" < $1`,
      [before],
    );
    return affected;
  }

  async findDelivery(storeId: string, id: string): Promise<WebhookDelivery | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.deliveries;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`, [storeId, id]);
    return rows[0] === undefined ? null : webhookDeliveryMapper.toDomain(t.decode(rows[0]));
  }

  async listDeliveries(storeId: string, query: WebhookDeliveryQuery = {}): Promise<WebhookDelivery[]> {
    if (!isUuid(storeId)) return [];
    if (query.endpointId !== undefined && !isUuid(query.endpointId)) return [];
    const t = this.deliveries;
    const params: unknown[] = [storeId];
    const where = ['"store_id" = $1'];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`"status" = $${params.length}`);
    }
    if (query.endpointId !== undefined) {
      params.push(query.endpointId);
      where.push(`"endpoint_id" = $${params.length}`);
    }
    params.push(query.limit ?? 50);
    const { rows } = await this.sql.query(
      `SELECT ${t.select()} FROM ${t.table} WHERE ${where.join(' AND ')} ORDER BY "created_at" DESC, "id" DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => webhookDeliveryMapper.toDomain(t.decode(r)));
  }

  async redeliver(storeId: string, id: string, now: Date): Promise<WebhookDelivery | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.deliveries;
    const { rows } = await this.sql.query(
      `UPDATE ${t.table} SET "status" = 'pending', "next_attempt_at" = $3, "updated_at" = $3
       WHERE "store_id" = $1 AND "id" = $2 RETURNING ${t.select()}`,
      [storeId, id, now],
    );
    return rows[0] === undefined ? null : webhookDeliveryMapper.toDomain(t.decode(rows[0]));
  }
}
