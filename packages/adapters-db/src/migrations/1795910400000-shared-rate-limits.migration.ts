import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rate-limit windows every server process counts in (`TypeOrmRateCounter`). */
export class SharedRateLimits1795910400000 implements MigrationInterface {
  readonly name = 'SharedRateLimits1795910400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit_windows" (
      "key" text NOT NULL,
      "hits" integer NOT NULL,
      "ends_at" timestamptz NOT NULL,
      CONSTRAINT "pk_rate_limit_windows" PRIMARY KEY ("key")
    )`);
    await q.query(`CREATE INDEX "ix_rate_limit_windows_ends" ON "rate_limit_windows" ("ends_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit_windows"`);
  }
}
