import type { AccessToken, AccessTokenStore } from '@counterpay/core';
import { accessTokenMapper } from '../mappers/access-token.mapper';
import type { SqlExecutor } from '../sql/sql.executor';
import { isUuid, type Tables } from '../sql/tables';

/** Staff sessions and API keys in `access_tokens` (hashes only), shared by every process. */
export class TypeOrmAccessTokenStore implements AccessTokenStore {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly tables: Tables,
  ) {}

  async insert(token: AccessToken): Promise<void> {
    const t = this.tables.accessTokens;
    await this.sql.query(
      `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()})`,
      t.values(accessTokenMapper.toEntity(token)),
    );
  }

  async findByHash(storeId: string, tokenHash: string): Promise<AccessToken | null> {
    if (!isUuid(storeId)) return null;
    const t = this.tables.accessTokens;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "token_hash" = $2`, [
      storeId,
      tokenHash,
    ]);
    return rows[0] === undefined ? null : accessTokenMapper.toDomain(t.decode(rows[0]));
  }

  async revoke(storeId: string, id: string, at: Date): Promise<void> {
    if (!isUuid(storeId) || !isUuid(id)) return;
    await this.sql.query(`UPDATE "access_tokens" SET "revoked_at" = $3 WHERE "store_id" = $1 AND "id" = $2`, [storeId, id, at]);
  }

  async list(storeId: string, kind: AccessToken['kind']): Promise<AccessToken[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.accessTokens;
    const { rows } = await this.sql.query(
      `SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "kind" = $2 ORDER BY "created_at" DESC, "id"`,
      [storeId, kind],
    );
    return rows.map((r) => accessTokenMapper.toDomain(t.decode(r)));
  }

  async purgeExpired(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM "access_tokens" WHERE "expires_at" IS NOT NULL AND "expires_at" < $1`, [before])).affected;
  }
}
