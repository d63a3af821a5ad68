import { createPostgresPersistence, type Persistence } from '@counterpay/adapters-db';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@counterpay/adapters-db/testing';
import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock, type StaffActor } from '@counterpay/core';
import { expectOk } from '@counterpay/core/testing';
import { expect } from 'chai';
import { Client } from 'pg';

/**
 * The Postgres persistence's own `VACUUM (ANALYZE)` (`autovacuum` option): a server with autovacuum
 * off never gives the planner statistics, and each connection keeps the plans it made on empty
 * tables, some of which read every row of the store to find one transaction.
 */
describe('Postgres maintenance when the server runs no autovacuum', function () {
  this.timeout(120_000);
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  let database: TestDatabase;
  let persistence: Persistence | null = null;
  let admin: Client;

  beforeEach(async () => {
    database = await createTestDatabase(serverUrl);
    admin = new Client({ connectionString: database.url });
    await admin.connect();
  });
  afterEach(async () => {
    await persistence?.close();
    persistence = null;
    await admin.end();
    await database.drop();
  });

  /** A store with a counter and a clerk; `run(count)` opens and cancels transactions there, two committed commands each. */
  async function storeOn(p: Persistence): Promise<{ run(count: number): Promise<void> }> {
    const cp = new Counterpay({
      uow: p.uow,
      posLookup: p.posLookup,
      gateway: new MockSettlementGateway(new MockCardNetwork()),
      clock: new SystemClock(),
      ids: new CryptoIdGenerator(),
      hasher: new Sha256SecretHasher(),
    });
    const store = await expectOk(cp.openStore({ code: 'mt', name: 'Maintenance', currency: 'JPY', timezone: 'Asia/Tokyo' }));
    await expectOk(cp.addCounter(store.id, { name: 'C1', kind: 'salesperson' }));
    const staff = await expectOk(cp.addStaff(store.id, { username: 'clerk', name: 'Clerk', role: 'clerk', passwordHash: 'x' }));
    const clerk: StaffActor = { storeId: store.id, staffId: staff.id };
    return {
      async run(count) {
        for (let i = 0; i < count / 2; i++) {
          const opened = await expectOk(cp.openTransaction(clerk, 'C1', { kind: 'amount', amount: { value: 100 + i, currency: 'JPY' } }));
          await expectOk(cp.cancel(clerk, opened.id));
        }
      },
    };
  }

  /** Whether `table` has ever been analyzed (`reltuples` is -1 until then). */
  async function analyzed(table: string): Promise<boolean> {
    const rows = await admin.query<{ reltuples: number }>(`SELECT "reltuples" FROM pg_class WHERE "oid" = $1::regclass`, [table]);
    return Number(rows.rows[0]!.reltuples) >= 0;
  }

  async function untilRun(p: Persistence): Promise<void> {
    const until = Date.now() + 30_000;
    while ((p.maintenance?.completedRuns ?? 0) === 0) {
      if (Date.now() > until) throw new Error('no maintenance run within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('by default, maintains the tables exactly when the server has autovacuum off', async () => {
    const setting = (await admin.query<{ autovacuum: string }>(`SELECT current_setting('autovacuum') AS "autovacuum"`)).rows[0]!.autovacuum;
    persistence = await createPostgresPersistence({ url: database.url, poolSize: 2 });
    expect(persistence.maintenance !== null, `autovacuum = ${setting}`).to.equal(setting === 'off');
  });

  it('with autovacuum: true, analyzes every table after 200 committed commands', async () => {
    persistence = await createPostgresPersistence({ url: database.url, poolSize: 2, autovacuum: true });
    expect(await analyzed('transactions'), 'a fresh database has no statistics').to.equal(false);
    const store = await storeOn(persistence);
    await store.run(170);
    // The same 20 commands before the threshold and across it: the run's VACUUMs go through a
    // connection of their own, so the pool's round trips stay the commands' own.
    const before = await persistence.roundTrips.measure(() => store.run(20));
    await new Promise((r) => setTimeout(r, 100));
    expect(persistence.maintenance!.completedRuns, 'nothing before the 200th command').to.equal(0);
    const across = await persistence.roundTrips.measure(async () => {
      await store.run(20);
      await untilRun(persistence!);
    });
    expect(across.count).to.deep.equal(before.count);
    expect(across.statements.filter((s) => /VACUUM/i.test(s))).to.deep.equal([]);
    for (const table of persistence.dataSource.entityMetadatas.map((m) => m.tableName)) {
      expect(await analyzed(table), table).to.equal(true);
    }
  });

  it('with autovacuum: false, runs nothing of its own', async () => {
    persistence = await createPostgresPersistence({ url: database.url, poolSize: 2, autovacuum: false });
    expect(persistence.maintenance).to.equal(null);
    await (await storeOn(persistence)).run(220);
    const serverAutovacuum = (await admin.query<{ on: boolean }>(`SELECT current_setting('autovacuum') = 'on' AS "on"`)).rows[0]!.on;
    if (!serverAutovacuum) expect(await analyzed('transactions')).to.equal(false);
  });
});
