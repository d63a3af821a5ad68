import { createPglitePersistence, createPostgresPersistence, type Persistence, type RoundTripCount } from '@counterpay/adapters-db';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@counterpay/adapters-db/testing';
import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import {
  Counterpay,
  CryptoIdGenerator,
  Sha256SecretHasher,
  SystemClock,
  type SettlementGateway,
  type StaffActor,
  type Store,
} from '@counterpay/core';
import { expectOk } from '@counterpay/core/testing';
import { expect } from 'chai';
import { ResultAsync } from 'neverthrow';

const visa = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'HANAKO YAMADA' };

/**
 * The database cost of each F1 command, as measured (statements sent on the pool; a commit is a
 * COMMIT or an autocommitted write). Reads: one statement per command, joining what it needs (store
 * and counter; store, counter and live transaction; store and transaction). Saves: one statement
 * each (the UPDATE … RETURNING joined to the outbox insert, and for a capture to the sales ledger
 * insert), autocommitted: no BEGIN/COMMIT. Authorize and capture save the `…ing` intent before the
 * network call and the outcome after it: two commits each. These are ceilings: lower is welcome,
 * higher fails.
 */
const CEILINGS: Record<string, RoundTripCount> = {
  open: { roundTrips: 2, commits: 1, rollbacks: 0 },
  claim: { roundTrips: 2, commits: 1, rollbacks: 0 },
  method: { roundTrips: 2, commits: 1, rollbacks: 0 },
  authorize: { roundTrips: 3, commits: 2, rollbacks: 0 },
  capture: { roundTrips: 3, commits: 2, rollbacks: 0 },
};

function roundTripSuite(driver: string, open: () => Promise<{ persistence: Persistence; close: () => Promise<void> }>): void {
  describe(`Round trips and commits per F1 command (${driver})`, function () {
    this.timeout(60_000);
    let fx: Awaited<ReturnType<typeof open>>;
    let cp: Counterpay;
    let store: Store;
    let clerk: StaffActor;
    const measured: Record<string, RoundTripCount> = {};

    /** When set, the gateway first reads the committed status of this transaction (from another connection). */
    let watched: string | null = null;
    const statusAtNetworkCall: [string, string][] = [];

    before(async () => {
      fx = await open();
      const p = fx.persistence;
      const inner = new MockSettlementGateway(new MockCardNetwork());
      const committedStatus = async (operation: string) => {
        if (watched === null) return;
        const rows = (await p.dataSource.query(`SELECT "status" FROM "transactions" WHERE "store_id" = $1 AND "id" = $2`, [
          store.id,
          watched,
        ])) as { status: string }[];
        statusAtNetworkCall.push([operation, rows[0]?.status ?? 'missing']);
      };
      const gateway: SettlementGateway = {
        tokenize: (r) => inner.tokenize(r),
        authorize: (r) => ResultAsync.fromSafePromise(committedStatus('authorize')).andThen(() => inner.authorize(r)),
        capture: (r) => ResultAsync.fromSafePromise(committedStatus('capture')).andThen(() => inner.capture(r)),
        void: (r) => inner.void(r),
        refundInquiry: (r) => inner.refundInquiry(r),
        refund: (r) => inner.refund(r),
        inquire: (r) => inner.inquire(r),
      };
      cp = new Counterpay({
        uow: p.uow,
        posLookup: p.posLookup,
        gateway,
        clock: new SystemClock(),
        ids: new CryptoIdGenerator(),
        hasher: new Sha256SecretHasher(),
      });
      store = await expectOk(cp.openStore({ code: 'rt', name: 'Round trips', currency: 'JPY', timezone: 'Asia/Tokyo' }));
      await expectOk(cp.addCounter(store.id, { name: 'C11', kind: 'salesperson' }));
      const staff = await expectOk(cp.addStaff(store.id, { username: 'clerk', name: 'Clerk', role: 'clerk', passwordHash: 'x' }));
      clerk = { storeId: store.id, staffId: staff.id };

      const counter = fx.persistence.roundTrips;
      const step = async <T>(name: string, command: () => PromiseLike<T>) => {
        const { result, count } = await counter.measure(async () => await command());
        measured[name] = count;
        return result;
      };
      const opened = await expectOk(
        await step('open', () => cp.openTransaction(clerk, 'C11', { kind: 'amount', amount: { value: 1200, currency: 'JPY' } })),
      );
      const visit = await expectOk(await step('claim', () => cp.openCounter({ storeCode: store.code, counterName: 'C11' })));
      await expectOk(await step('method', () => cp.registerPaymentMethod(visit.customerToken!, opened.id, { type: 'card', card: visa })));
      expect((await expectOk(await step('authorize', () => cp.authorize(clerk, opened.id)))).status).to.equal('authorized');
      expect((await expectOk(await step('capture', () => cp.capture(clerk, opened.id)))).status).to.equal('captured');
    });
    after(() => fx?.close());

    it('has committed the `…ing` intent when the network is called (read from another connection)', async () => {
      const opened = await expectOk(cp.openTransaction(clerk, 'C11', { kind: 'amount', amount: { value: 800, currency: 'JPY' } }));
      const visit = await expectOk(cp.openCounter({ storeCode: store.code, counterName: 'C11' }));
      await expectOk(cp.registerPaymentMethod(visit.customerToken!, opened.id, { type: 'card', card: visa }));
      watched = opened.id;
      try {
        await expectOk(cp.authorize(clerk, opened.id));
        await expectOk(cp.capture(clerk, opened.id));
      } finally {
        watched = null;
      }
      expect(statusAtNetworkCall).to.deep.equal([
        ['authorize', 'authorizing'],
        ['capture', 'capturing'],
      ]);
    });

    for (const [command, ceiling] of Object.entries(CEILINGS)) {
      it(`${command}: at most ${ceiling.roundTrips} round trips, exactly ${ceiling.commits} commit(s), no rollback`, () => {
        const count = measured[command]!;
        expect(count.roundTrips, 'round trips').to.be.at.most(ceiling.roundTrips);
        expect(count.commits, 'commits').to.equal(ceiling.commits);
        expect(count.rollbacks, 'rollbacks').to.equal(0);
      });
    }
  });
}

roundTripSuite('pglite', async () => {
  const persistence = await createPglitePersistence();
  return { persistence, close: () => persistence.close() };
});

describe('Round trips on Postgres', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  roundTripSuite('postgres', async () => {
    const database: TestDatabase = await createTestDatabase(serverUrl);
    const persistence = await createPostgresPersistence({ url: database.url, poolSize: 2 });
    return {
      persistence,
      close: async () => {
        await persistence.close();
        await database.drop();
      },
    };
  });
});
