import { expect } from 'chai';
import { claimCounter, openAndPay, openAt, registerCard } from './support/customer-steps';
import { createHttpHarness, yen, type HttpHarness } from './support/http-harness';

describe('HTTP API: one phone per presented transaction', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness();
  });
  afterEach(() => h.close());

  const portal = (counter: string, token?: string) =>
    h.call('GET', `/api/v1/portal/${h.store.code}/${counter}`, token === undefined ? {} : { customer: token });

  it('gives the token to the first phone only; the same phone sees it again; any other phone gets 409', async () => {
    expect((await portal('C11')).status).to.equal(404);
    const opened = await openAt(h, 'C11', { amount: yen(1200) });
    const first = await portal('C11');
    expect(first.status).to.equal(200);
    expect(first.headers['cache-control']).to.equal('no-store');
    expect(first.body.store).to.deep.include({ code: h.store.code });
    expect(first.body.counter).to.deep.include({ name: 'C11', kind: 'salesperson' });
    expect(first.body.transaction).to.deep.include({ id: opened.id, claimed: true, amount: yen(1200) });
    const token: string = first.body.customerToken;
    expect(token).to.match(/^[^.]+\.[A-Za-z0-9_-]{32,}$/);

    const revisit = await portal('C11', token);
    expect(revisit.status).to.equal(200);
    expect(revisit.body.customerToken).to.equal(null);
    expect(revisit.body.transaction.id).to.equal(opened.id);

    for (const stranger of [undefined, `${h.store.id}.${'a'.repeat(40)}`, token.slice(0, -1)]) {
      const other = await portal('C11', stranger);
      expect(other.status).to.equal(409);
      expect(other.body.error.code).to.equal('transaction.claimed');
    }
    expect((await registerCard(h, token, opened.id)).status).to.equal(200);
  });

  it('starts a fresh claim when a captured sale is presented for cancellation; the old phone is out', async () => {
    const { id, token: firstPhone } = await openAndPay(h, 'C11', 900);
    await h.staff('POST', `/transactions/${id}/authorize`);
    const sale = (await h.staff('POST', `/transactions/${id}/capture`)).body;
    expect((await portal('C11', firstPhone)).status).to.equal(404);
    await h.staff('POST', '/cancellations', { body: { processingNumber: sale.processingNumber, amount: yen(900), counter: 'C12' } });
    const { token: secondPhone } = await claimCounter(h, 'C12');
    expect(secondPhone).to.not.equal(firstPhone);
    expect((await h.call('GET', `/api/v1/customer/transactions/${id}`, { customer: firstPhone })).status).to.equal(404);
    expect((await h.call('POST', `/api/v1/customer/transactions/${id}/cancellation/confirm`, { customer: firstPhone })).status).to.equal(
      404,
    );
    expect(
      (await h.call('POST', `/api/v1/customer/transactions/${id}/cancellation/confirm`, { customer: secondPhone })).body.status,
    ).to.equal('cancel_confirmed');
  });
});
