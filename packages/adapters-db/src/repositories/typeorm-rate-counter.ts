import type { RateCounter, RateWindow } from '@counterpay/core';
import type { SqlExecutor } from '../sql/sql.executor';

/**
 * Rate-limit windows in `rate_limit_windows`: one autocommitted `INSERT … ON CONFLICT DO UPDATE`
 * per hit, which the row lock orders across processes (no hit lost, none counted twice). A hit at
 * or after the end of the key's window starts a new one.
 */
export class TypeOrmRateCounter implements RateCounter {
  constructor(private readonly sql: SqlExecutor) {}

  async hit(key: string, windowMs: number, now: Date): Promise<RateWindow> {
    const { rows } = await this.sql.query<{ hits: number; ends_at: Date }>(
      `INSERT INTO "rate_limit_windows" AS w ("key", "hits", "ends_at") VALUES ($1, 1, $3)
       ON CONFLICT ("key") DO UPDATE SET
         "hits" = CASE WHEN w."ends_at" <= $2 THEN 1 ELSE w."hits" + 1 END,
         "ends_at" = CASE WHEN w."ends_at" <= $2 THEN EXCLUDED."ends_at" ELSE w."ends_at" END
       RETURNING "hits", "ends_at"`,
      [key, now, new Date(now.getTime() + windowMs)],
    );
    const row = rows[0];
    if (row === undefined) throw new Error(`rate limit window of ${key} not returned`);
    return { hits: Number(row.hits), endsAt: new Date(row.ends_at) };
  }

  async purge(before: Date): Promise<number> {
    return (await this.sql.query(`DELETE FROM "rate_limit_windows" WHERE "ends_at" < $1`, [before])).affected;
  }
}
