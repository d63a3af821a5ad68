import { EXPIRABLE_STATUSES, IN_FLIGHT_STATUSES, LIVE_STATUSES, TRANSACTION_STATUSES } from '@counterpay/core';
import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { pgliteDataSource, postgresDataSource } from './drivers/data-sources';
import { applyMigrations } from './drivers/migration.runner';
import { COLUMNS_WITHOUT_STATISTICS } from './migrations/1795651200000-no-statistics-on-bodies.migration';
import { ANALYZED_ON_DOUBLING } from './migrations/1795737600000-outbox-analyzed-on-doubling.migration';
import { SMALL_SAMPLE_TABLES, SMALL_SAMPLE_TARGET } from './migrations/1795824000000-smaller-statistics-samples.migration';
import { pgliteDriverModule, type PgliteHandle } from './drivers/pglite-pool';
import { SessionLock } from './drivers/session.lock';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './testing/test-database';

/** A store entity that drifted from the migrations: the check below must notice it. */
@Entity({ name: 'stores' })
class DriftedStoreEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_stores' })
  id!: string;

  @Column({ type: 'varchar', length: 40, name: 'nickname' })
  nickname!: string;
}

/** Indexes that may lead with another column than `store_id`, and why. */
const NOT_LED_BY_STORE: Readonly<Record<string, string>> = {
  pk_stores: 'the stores table itself',
  uq_stores_code: 'the stores table itself',
  pk_idempotency_keys: 'keyed by scope, which starts with the store',
  ix_idempotency_keys_created: 'cross-store purge',
  ix_access_tokens_expiry: 'cross-store purge of expired sessions',
  ix_transaction_events_relay: 'the outbox relay reads every store in commit order',
  ix_webhook_deliveries_due: 'webhook workers claim due deliveries of every store',
  pk_outbox_cursors: 'one position per durable outbox publisher, across stores',
  pk_rate_limit_windows: 'keyed by the rate limit key (client IP, and the store code as sent before sign-in)',
  ix_rate_limit_windows_ends: 'cross-store purge of ended windows',
};

const quoted = (text: string): string[] => [...text.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!).sort();

function schemaSuite(
  name: string,
  open: () => Promise<{ dataSource: DataSource; drifted: () => DataSource; close: () => Promise<void> }>,
): void {
  describe(`Schema: migrations and entities agree (${name})`, () => {
    let fx: Awaited<ReturnType<typeof open>>;
    before(async function () {
      this.timeout(60_000);
      fx = await open();
      await applyMigrations(fx.dataSource);
    });
    after(() => fx?.close());

    const rows = async <T>(sql: string): Promise<T[]> => (await fx.dataSource.query(sql)) as T[];

    it('leaves nothing for TypeORM to change once the migrations are applied', async () => {
      const log = await fx.dataSource.driver.createSchemaBuilder().log();
      expect(log.upQueries.map((q) => q.query)).to.deep.equal([]);
    });

    it('notices an entity that drifted from the migrations', async () => {
      const drifted = fx.drifted();
      await drifted.initialize();
      try {
        const log = await drifted.driver.createSchemaBuilder().log();
        expect(log.upQueries.map((q) => q.query).join('\n')).to.include('nickname');
      } finally {
        await drifted.destroy();
      }
    });

    it('applies nothing twice', async () => {
      expect(await applyMigrations(fx.dataSource)).to.deep.equal([]);
    });

    it('has the constraints TypeORM cannot declare (usernames unique in any case), and no NOTIFY trigger on the outbox', async () => {
      const [username] = await rows<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_staff_username'`);
      expect(username?.indexdef).to.match(
        /UNIQUE INDEX uq_staff_username ON public\.staff USING btree \(store_id, lower\(\(username\)::text\)\)/,
      );
      const triggers = await rows<{ tgname: string }>(
        `SELECT tgname FROM pg_trigger WHERE tgrelid = 'transaction_events'::regclass AND NOT tgisinternal`,
      );
      expect(
        triggers.map((t) => t.tgname),
        'the relay announces commits; a trigger would serialize them',
      ).to.deep.equal([]);
    });

    it('keeps the partial indexes and the status check in step with the domain status sets', async () => {
      const predicates = await rows<{ name: string; predicate: string }>(
        `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE c.relname IN ('uq_transactions_live_counter', 'ix_transactions_in_flight', 'ix_transactions_expiry')`,
      );
      const of = (index: string) => quoted(predicates.find((p) => p.name === index)?.predicate ?? '');
      expect(of('uq_transactions_live_counter')).to.deep.equal([...LIVE_STATUSES].sort());
      expect(of('ix_transactions_in_flight')).to.deep.equal([...IN_FLIGHT_STATUSES].sort());
      expect(of('ix_transactions_expiry')).to.deep.equal([...EXPIRABLE_STATUSES].sort());
      const [check] = await rows<{ definition: string }>(
        `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = 'ck_transactions_status'`,
      );
      expect(quoted(check?.definition ?? '')).to.deep.equal([...TRANSACTION_STATUSES].sort());
    });

    it('gives every table a store_id that leads each index, but for the listed exceptions', async () => {
      const tables = await rows<{ table_name: string; has_store: boolean }>(
        `SELECT t.table_name, EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_name = t.table_name AND c.column_name = 'store_id') AS has_store
         FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_name <> 'counterpay_migrations' ORDER BY 1`,
      );
      expect(tables.filter((t) => !t.has_store).map((t) => t.table_name)).to.deep.equal([
        'idempotency_keys',
        'outbox_cursors',
        'rate_limit_windows',
        'stores',
      ]);
      const leads = await rows<{ index: string; first: string }>(
        `SELECT c.relname AS index, a.attname AS first
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
         WHERE n.nspname = 'public' AND t.relname <> 'counterpay_migrations'`,
      );
      expect(leads.length).to.be.greaterThan(20);
      const offenders = leads.filter((l) => l.first !== 'store_id' && NOT_LED_BY_STORE[l.index] === undefined).map((l) => l.index);
      expect(offenders).to.deep.equal([]);
    });

    it('keeps the body columns out of ANALYZE, and only those', async () => {
      const targets = await rows<{ table: string; column: string }>(
        `SELECT c.relname AS "table", a.attname AS "column"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.attstattarget = 0
         ORDER BY 1, 2`,
      );
      const expected = [...COLUMNS_WITHOUT_STATISTICS].map(([table, column]) => ({ table, column }));
      expect(targets).to.deep.equal(expected.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`)));
    });

    it('samples the tables that grow with every payment with a statistics target of 10, and no other', async () => {
      const targets = await rows<{ table: string; column: string; target: number | null }>(
        `SELECT c.relname AS "table", a.attname AS "column", a.attstattarget::int AS "target"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
           AND a.attstattarget IS NOT NULL AND a.attstattarget NOT IN (0, -1)`,
      );
      expect([...new Set(targets.map((t) => t.target))]).to.deep.equal([SMALL_SAMPLE_TARGET]);
      expect([...new Set(targets.map((t) => t.table))].sort()).to.deep.equal([...SMALL_SAMPLE_TABLES].sort());
      const [columns] = await rows<{ count: number }>(
        `SELECT count(*)::int AS "count" FROM pg_attribute a
         WHERE a.attrelid = '"transactions"'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
      );
      const bodies = COLUMNS_WITHOUT_STATISTICS.filter(([table]) => table === 'transactions').length;
      expect(targets.filter((t) => t.table === 'transactions')).to.have.length(columns!.count - bodies);
    });

    it('analyzes the outbox once it has doubled (autovacuum_analyze_scale_factor), and no other table differs', async () => {
      const options = await rows<{ table: string; options: string[] }>(
        `SELECT c.relname AS "table", c.reloptions AS "options"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reloptions IS NOT NULL
         ORDER BY 1`,
      );
      expect(options).to.deep.equal(ANALYZED_ON_DOUBLING.map((table) => ({ table, options: ['autovacuum_analyze_scale_factor=1'] })));
    });

    it('reverts cleanly (run last: it leaves an empty schema)', async () => {
      for (let n = fx.dataSource.migrations.length; n > 0; n -= 1) await fx.dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await rows<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).to.deep.equal(['counterpay_migrations']);
      expect(await rows(`SELECT 1 FROM pg_proc WHERE proname = 'counterpay_notify_events'`)).to.deep.equal([]);
    });
  });
}

schemaSuite('pglite', async () => {
  const db = await PGlite.create();
  const handle: PgliteHandle = { db, lock: new SessionLock() };
  const dataSource = pgliteDataSource(handle);
  await dataSource.initialize();
  return {
    dataSource,
    drifted: () => new DataSource({ type: 'postgres', driver: pgliteDriverModule(handle), entities: [DriftedStoreEntity] }),
    close: async () => {
      await dataSource.destroy();
      await db.close();
    },
  };
});

describe('Schema on Postgres', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  schemaSuite('postgres', async () => {
    const database: TestDatabase = await createTestDatabase(serverUrl);
    const dataSource = postgresDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
    return {
      dataSource,
      drifted: () => new DataSource({ type: 'postgres', url: database.url, poolSize: 1, entities: [DriftedStoreEntity] }),
      close: async () => {
        await dataSource.destroy();
        await database.drop();
      },
    };
  });
});
