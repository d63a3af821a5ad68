import { createPostgresPersistence, type Persistence } from '@counterpay/adapters-db';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@counterpay/adapters-db/testing';
import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import {
  Counterpay,
  CryptoIdGenerator,
  Sha256SecretHasher,
  SystemClock,
  type DomainError,
  type SettlementGateway,
  type StaffActor,
  type Store,
} from '@counterpay/core';
import { expectOk } from '@counterpay/core/testing';
import { expect } from 'chai';
import type { ResultAsync } from 'neverthrow';

const yen = (value: number) => ({ value, currency: 'JPY' as const });
const visa = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'HANAKO YAMADA' };

/** The gateway as the network sees it, counting the calls that reach it (not only the ones it applies). */
function countingGateway(inner: SettlementGateway, calls: Record<string, number>): SettlementGateway {
  const count =
    <A, T>(name: string, call: (request: A) => ResultAsync<T, DomainError>) =>
    (request: A) => {
      calls[name] = (calls[name] ?? 0) + 1;
      return call(request);
    };
  return {
    tokenize: count('tokenize', (r) => inner.tokenize(r)),
    authorize: count('authorize', (r) => inner.authorize(r)),
    capture: count('capture', (r) => inner.capture(r)),
    void: count('void', (r) => inner.void(r)),
    refundInquiry: count('refundInquiry', (r) => inner.refundInquiry(r)),
    refund: count('refund', (r) => inner.refund(r)),
    inquire: count('inquire', (r) => inner.inquire(r)),
  };
}

/** Settles every promise; a rejection (a throw) is kept apart from the `DomainError`s. */
async function settleAll<T>(commands: (() => ResultAsync<T, DomainError>)[]) {
  const outcomes = await Promise.allSettled(commands.map(async (c) => await c()));
  const thrown = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
  const results = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const ok = results.flatMap((r) => (r.isOk() ? [r.value] : []));
  const codes = results.flatMap((r) => (r.isErr() ? [r.error.code] : []));
  return { thrown, ok, codes };
}

const tally = (codes: string[]) => codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

describe('Exactly once on real Postgres, through two connection pools (two server processes)', function () {
  this.timeout(120_000);
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  let database: TestDatabase;
  let a: Persistence;
  let b: Persistence;
  let cpA: Counterpay;
  let cpB: Counterpay;
  let network: MockCardNetwork;
  const calls: Record<string, number> = {};
  let store: Store;
  let clerk: StaffActor;
  const via = (i: number) => (i % 2 === 0 ? cpA : cpB);

  before(async () => {
    database = await createTestDatabase(serverUrl);
    a = await createPostgresPersistence({ url: database.url, poolSize: 10, applicationName: 'process-a' });
    b = await createPostgresPersistence({ url: database.url, poolSize: 10, applicationName: 'process-b' });
    network = new MockCardNetwork();
    const gateway = countingGateway(new MockSettlementGateway(network), calls);
    const common = { gateway, clock: new SystemClock(), ids: new CryptoIdGenerator(), hasher: new Sha256SecretHasher() };
    cpA = new Counterpay({ ...common, uow: a.uow, posLookup: a.posLookup });
    cpB = new Counterpay({ ...common, uow: b.uow, posLookup: b.posLookup });
    store = await expectOk(cpA.openStore({ code: 'race', name: 'Race shop', currency: 'JPY', timezone: 'Asia/Tokyo' }));
    for (const name of ['C11', 'C12']) await expectOk(cpA.addCounter(store.id, { name, kind: 'salesperson' }));
    const staff = await expectOk(cpA.addStaff(store.id, { username: 'clerk', name: 'Clerk', role: 'clerk', passwordHash: 'x' }));
    clerk = { storeId: store.id, staffId: staff.id };
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('a) 200 concurrent captures of one authorized transaction: one reaches the network, one sale is registered', async () => {
    const opened = await expectOk(cpA.openTransaction(clerk, 'C11', { kind: 'amount', amount: yen(1200) }));
    const visit = await expectOk(cpB.openCounter({ storeCode: store.code, counterName: 'C11' }));
    await expectOk(cpA.registerPaymentMethod(visit.customerToken!, opened.id, { type: 'card', card: visa }));
    expect((await expectOk(cpB.authorize(clerk, opened.id))).status).to.equal('authorized');
    const capturesBefore = calls['capture'] ?? 0;

    const { thrown, ok, codes } = await settleAll(Array.from({ length: 200 }, (_, i) => () => via(i).capture(clerk, opened.id)));

    expect(thrown, 'no command throws').to.deep.equal([]);
    expect((calls['capture'] ?? 0) - capturesBefore, 'capture calls sent to the network').to.equal(1);
    expect(network.ledger(store.id).filter((e) => e.operation === 'capture')).to.have.length(1);
    expect(ok.length + codes.length).to.equal(200);
    expect(
      ok.every((v) => v.status === 'captured'),
      'a successful answer is the captured transaction',
    ).to.equal(true);
    expect(ok.length).to.be.greaterThanOrEqual(1);
    expect(
      Object.keys(tally(codes)).filter((c) => c !== 'transaction.version_conflict' && c !== 'transaction.invalid_state'),
    ).to.deep.equal([]);
    expect(tally(codes)['transaction.version_conflict'] ?? 0, 'the commands really raced').to.be.greaterThan(0);
    const final = await expectOk(cpB.getTransaction(clerk, opened.id));
    expect(final.status).to.equal('captured');
    const sales = (await a.uow.repositories.ledger.entries(store.id, {})).filter((e) => e.transactionId === opened.id);
    expect(sales.map((e) => [e.kind, e.amount.value, e.processingNumber])).to.deep.equal([['sale', 1200, final.processingNumber]]);
  });

  it('b) 100 concurrent opens at one counter: exactly one live transaction, the rest counter.busy', async () => {
    const { thrown, ok, codes } = await settleAll(
      Array.from({ length: 100 }, (_, i) => () => via(i).openTransaction(clerk, 'C12', { kind: 'amount', amount: yen(500 + i) })),
    );
    expect(thrown).to.deep.equal([]);
    expect(ok).to.have.length(1);
    expect(tally(codes)).to.deep.equal({ 'counter.busy': 99 });
    const counter = (await b.uow.repositories.counters.findByName(store.id, 'C12'))!;
    const live = await b.dataSource.query(
      `SELECT "id" FROM "transactions" WHERE "store_id" = $1 AND "counter_id" = $2 AND "status" NOT IN ('captured', 'voided', 'cancelled', 'expired', 'refunded')`,
      [store.id, counter.id],
    );
    expect(live).to.deep.equal([{ id: ok[0]!.id }]);
  });

  it('c) 100 concurrent claims of one presented transaction by different phones: one customer token, the rest transaction.claimed', async () => {
    const presented = await expectOk(cpA.listTransactions(clerk, { counterName: 'C12', status: 'awaiting_method' }));
    expect(presented).to.have.length(1);
    const { thrown, ok, codes } = await settleAll(
      Array.from({ length: 100 }, (_, i) => () => via(i).openCounter({ storeCode: store.code, counterName: 'C12' })),
    );
    expect(thrown).to.deep.equal([]);
    expect(ok).to.have.length(1);
    expect(ok[0]!.customerToken).to.be.a('string');
    expect(tally(codes)).to.deep.equal({ 'transaction.claimed': 99 });
    const token = ok[0]!.customerToken!;
    expect((await expectOk(cpB.customerTransaction(token, presented[0]!.id))).claimed).to.equal(true);
    const [row] = (await a.dataSource.query(
      `SELECT "version", "claim_token_hash" IS NOT NULL AS "claimed" FROM "transactions" WHERE "store_id" = $1 AND "id" = $2`,
      [store.id, presented[0]!.id],
    )) as { version: number; claimed: boolean }[];
    expect(row).to.deep.equal({ version: presented[0]!.version + 1, claimed: true });
  });

  it('d) 100 concurrent requests with one Idempotency-Key across both pools: one starts, the others are in flight', async () => {
    const now = new Date();
    const scope = `${store.id}:clerk`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).idempotency.begin(scope, 'key-1', 'fp', now)),
    );
    expect(tally(answers.map((x) => x.kind))).to.deep.equal({ started: 1, in_flight: 99 });
    await a.idempotency.complete(scope, 'key-1', { status: 201, body: { ok: true } }, now);
    expect(await b.idempotency.begin(scope, 'key-1', 'fp', now)).to.deep.equal({
      kind: 'replay',
      response: { status: 201, body: { ok: true } },
    });
  });

  it('e) 100 concurrent hits of one rate limit across both pools: each counted once, in one window', async () => {
    const now = new Date();
    const windows = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).rates.hit('login|203.0.113.7|race', 60_000, now)),
    );
    expect(windows.map((w) => w.hits).sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(windows.map((w) => w.endsAt.getTime()))).to.deep.equal(new Set([now.getTime() + 60_000]));
  });
});
