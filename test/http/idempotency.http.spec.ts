import { expect } from 'chai';
import { claimCounter, openAndPay, openAt } from './support/customer-steps';
import { card, createHttpHarness, yen, type HttpHarness } from './support/http-harness';

describe('HTTP API: Idempotency-Key (Stripe semantics)', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness();
  });
  afterEach(() => h.close());

  const open = (key: string, body: unknown, token?: string) =>
    h.staff('POST', '/counters/C11/transactions', { body, headers: { 'idempotency-key': key }, ...(token === undefined ? {} : { token }) });

  it('replays the stored status and body for the same key and body, with one effect', async () => {
    const first = await open('open-1', { amount: yen(1200) });
    expect(first.status).to.equal(201);
    expect(first.headers['idempotent-replayed']).to.equal(undefined);
    const again = await open('open-1', { amount: yen(1200) });
    expect(again.status).to.equal(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect((await h.staff('GET', '/transactions')).body.transactions).to.have.length(1);
  });

  it('captures once when a capture is retried with its key', async () => {
    const { id } = await openAndPay(h, 'C11', 1200);
    await h.staff('POST', `/transactions/${id}/authorize`);
    const capture = () => h.staff('POST', `/transactions/${id}/capture`, { headers: { 'idempotency-key': 'capture-1' } });
    const first = await capture();
    const second = await capture();
    expect(second.headers['idempotent-replayed']).to.equal('true');
    expect(second.body.processingNumber).to.equal(first.body.processingNumber);
    expect(h.network.totals(h.store.id).captured).to.equal(1200);
    expect((await h.staff('GET', '/sales/entries', { token: h.store.manager })).body.entries).to.have.length(1);
  });

  it('replays an expected failure too, without trying the card again', async () => {
    const opened = await openAt(h, 'C11', { amount: yen(100) });
    const { token } = await claimCounter(h, 'C11');
    const submit = () =>
      h.call('POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, {
        customer: token,
        headers: { 'idempotency-key': 'card-1' },
        body: { type: 'card', card: card('4000000000000127') },
      });
    expect((await submit()).body.error.code).to.equal('card.rejected');
    const replayed = await submit();
    expect(replayed.status).to.equal(400);
    expect(replayed.headers['idempotent-replayed']).to.equal('true');
    expect((await h.staff('GET', `/transactions/${opened.id}`)).body.failedCardAttempts).to.equal(1);
  });

  it('answers 422 for the same key with a different body, and changes nothing', async () => {
    expect((await open('open-2', { amount: yen(1200) })).status).to.equal(201);
    const other = await open('open-2', { amount: yen(9999) });
    expect(other.status).to.equal(422);
    expect(other.body.error.code).to.equal('idempotency.mismatch');
    const listed = (await h.staff('GET', '/transactions')).body.transactions;
    expect(listed.map((t: { amount: { value: number } }) => t.amount.value)).to.deep.equal([1200]);
  });

  it('lets only one of two concurrent requests with the same key run', async () => {
    const answers = await Promise.all([open('open-3', { amount: yen(500) }), open('open-3', { amount: yen(500) })]);
    const ran = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    const others = answers.filter((a) => !ran.includes(a));
    expect(ran).to.have.length(1);
    for (const other of others) {
      expect(other.status === 409 ? other.body.error.code : other.headers['idempotent-replayed']).to.be.oneOf([
        'idempotency.in_flight',
        'true',
      ]);
    }
    expect((await h.staff('GET', '/transactions')).body.transactions).to.have.length(1);
  });

  it("scopes keys to the caller: another caller's request with the same key runs on its own", async () => {
    expect((await open('shared-key', { amount: yen(500) })).status).to.equal(201);
    const manager = await open('shared-key', { amount: yen(500) }, h.store.manager);
    expect(manager.headers['idempotent-replayed']).to.equal(undefined);
    expect(manager.status).to.equal(409);
    expect(manager.body.error.code).to.equal('counter.busy');
  });

  it('refuses keys longer than 255 characters', async () => {
    const answer = await open('k'.repeat(256), { amount: yen(500) });
    expect(answer.status).to.equal(400);
    expect(answer.body.error).to.deep.include({ code: 'validation.failed' });
    expect((await open('k'.repeat(255), { amount: yen(500) })).status).to.equal(201);
  });
});
