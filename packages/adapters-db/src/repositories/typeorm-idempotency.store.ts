import { IDEMPOTENCY_IN_FLIGHT_LEASE_MS, type IdempotencyBegin, type IdempotencyStore, type StoredResponse } from '@counterpay/core';
import type { SqlExecutor } from '../sql/sql.executor';

interface KeyRow {
  started: number;
  fingerprint: string | null;
  response_status: number | null;
  response_body: unknown;
}

/**
 * `Idempotency-Key`s in `idempotency_keys`. `begin` claims a key with
 * `INSERT … ON CONFLICT DO NOTHING` and reads the row in the same statement, so exactly one of
 * many processes starts a key; when the row was committed by another process after this
 * statement's snapshot, it is read again. A key left unanswered past the in-flight lease is taken
 * over by one conditional UPDATE (`created_at` is the time the key was last started). Keys are kept
 * until `purge(before)`: call it with `before` at least 24 h in the past.
 */
export class TypeOrmIdempotencyStore implements IdempotencyStore {
  constructor(private readonly sql: SqlExecutor) {}

  async begin(scope: string, key: string, fingerprint: string, now: Date): Promise<IdempotencyBegin> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { rows } = await this.sql.query<KeyRow>(
        `WITH claimed AS (
           INSERT INTO "idempotency_keys" ("scope", "idempotency_key", "fingerprint", "created_at")
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1
         )
         SELECT (SELECT count(*) FROM claimed)::int AS "started", k."fingerprint", k."response_status", k."response_body"
         FROM (SELECT 1) AS one
         LEFT JOIN "idempotency_keys" k ON k."scope" = $1 AND k."idempotency_key" = $2`,
        [scope, key, fingerprint, now],
      );
      const row = rows[0];
      if (row !== undefined && Number(row.started) === 1) return { kind: 'started' };
      const existing = row?.fingerprint === null || row === undefined ? await this.read(scope, key) : row;
      if (existing === null) continue;
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (existing.response_status === null)
        return (await this.takeOver(scope, key, fingerprint, now)) ? { kind: 'started' } : { kind: 'in_flight' };
      return { kind: 'replay', response: { status: existing.response_status, body: existing.response_body } };
    }
    throw new Error(`idempotency key ${key} kept changing under concurrent requests`);
  }

  async complete(scope: string, key: string, response: StoredResponse, now: Date): Promise<void> {
    await this.sql.query(
      `UPDATE "idempotency_keys" SET "response_status" = $3, "response_body" = $4::jsonb, "completed_at" = $5
       WHERE "scope" = $1 AND "idempotency_key" = $2`,
      [scope, key, response.status, response.body === undefined ? null : JSON.stringify(response.body), now],
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.sql.query(`DELETE FROM "idempotency_keys" WHERE "scope" = $1 AND "idempotency_key" = $2 AND "response_status" IS NULL`, [
      scope,
      key,
    ]);
  }

  async purge(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM "idempotency_keys" WHERE "created_at" < $1`, [before])).affected;
  }

  /** Starts again a key whose request never answered within the lease (its process died); one winner. */
  private async takeOver(scope: string, key: string, fingerprint: string, now: Date): Promise<boolean> {
    const stale = new Date(now.getTime() - IDEMPOTENCY_IN_FLIGHT_LEASE_MS);
    const result = await this.sql.query(
      `UPDATE "idempotency_keys" SET "created_at" = $4
       WHERE "scope" = $1 AND "idempotency_key" = $2 AND "fingerprint" = $3 AND "response_status" IS NULL AND "created_at" <= $5`,
      [scope, key, fingerprint, now, stale],
    );
    return result.affected === 1;
  }

  private async read(scope: string, key: string): Promise<KeyRow | null> {
    const { rows } = await this.sql.query<KeyRow>(
      `SELECT 0 AS "started", "fingerprint", "response_status", "response_body" FROM "idempotency_keys" WHERE "scope" = $1 AND "idempotency_key" = $2`,
      [scope, key],
    );
    return rows[0] ?? null;
  }
}
