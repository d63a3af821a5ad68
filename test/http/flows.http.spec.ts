import { expect } from 'chai';
import { claimCounter, openAndPay, openAt, registerCard } from './support/customer-steps';
import { openEventStream } from './support/event-stream';
import { card, createHttpHarness, yen, type HttpHarness } from './support/http-harness';

describe('HTTP API: flows F1-F5 through the API only', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness();
  });
  afterEach(() => h.close());

  it('F1: clerk amount → phone claims and registers a card → clerk sees it masked → authorize → capture → sale registered', async () => {
    const opened = await openAt(h, 'C11', { amount: yen(1200) });
    expect(opened).to.deep.include({ store: h.store.code, counter: 'C11', source: 'clerk', status: 'awaiting_method', amount: yen(1200) });
    expect(opened.reference).to.match(/^20261121120000-[0-9A-Z]{6}$/);
    const { token, transaction } = await claimCounter(h, 'C11');
    expect(transaction).to.deep.include({ id: opened.id, reference: opened.reference, amount: yen(1200) });
    expect((await registerCard(h, token, opened.id)).body.status).to.equal('method_registered');

    const seen = await h.staff('GET', `/transactions/${opened.id}`);
    expect(seen.body.paymentMethod).to.deep.equal({
      type: 'card',
      brand: 'visa',
      last4: '4242',
      bin: '424242',
      expMonth: 12,
      expYear: 2030,
    });
    expect(seen.text).to.not.include('4242424242424242').and.not.include('tok_');

    const authorized = await h.staff('POST', `/transactions/${opened.id}/authorize`);
    expect(authorized.status).to.equal(200);
    expect(authorized.body.status).to.equal('authorized');
    expect(authorized.body.authorization.code).to.be.a('string');
    const captured = await h.staff('POST', `/transactions/${opened.id}/capture`);
    expect(captured.body.status).to.equal('captured');
    expect(captured.body.processingNumber).to.match(/^\d{6,20}$/);

    const onPhone = await h.call('GET', `/api/v1/customer/transactions/${opened.id}`, { customer: token });
    expect(onPhone.body).to.deep.include({ status: 'captured', processingNumber: captured.body.processingNumber });
    expect(onPhone.body).to.not.have.property('openedBy');
    const sales = await h.staff('GET', '/sales?groupBy=method', { token: h.store.manager });
    expect(sales.body.totals).to.deep.equal([
      { key: 'card', sales: yen(1200), reversals: yen(0), net: yen(1200), count: 1, reversalCount: 0 },
    ]);
    expect(h.network.totals(h.store.id)).to.deep.include({ authorized: 1200, captured: 1200 });
  });

  it('F1 with a decline: 200 with status declined and a reason, then another card pays', async () => {
    const { id, token } = await openAndPay(h, 'C11', 500, '4000000000009995');
    const declined = await h.staff('POST', `/transactions/${id}/authorize`);
    expect(declined.status).to.equal(200);
    expect(declined.body).to.deep.include({ status: 'declined', declineReason: 'insufficient_funds', failedCardAttempts: 1 });
    expect((await registerCard(h, token, id, '5555555555554444')).status).to.equal(200);
    expect((await h.staff('POST', `/transactions/${id}/authorize`)).body.status).to.equal('authorized');
    const captured = await h.staff('POST', `/transactions/${id}/capture`);
    expect(captured.body.paymentMethod).to.deep.include({ brand: 'mastercard', last4: '4444' });
  });

  it('F2: cancellation presented at another counter, confirmed on a new phone, refunded, sale reversed', async () => {
    const { id } = await openAndPay(h, 'C11', 3000);
    await h.staff('POST', `/transactions/${id}/authorize`);
    const sale = (await h.staff('POST', `/transactions/${id}/capture`)).body;
    const wrong = await h.staff('POST', '/cancellations', {
      body: { processingNumber: sale.processingNumber, amount: yen(2999), counter: 'C12' },
    });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error.code).to.equal('transaction.amount_mismatch');
    const unknown = await h.staff('POST', '/cancellations', { body: { processingNumber: '999999999', amount: yen(3000), counter: 'C12' } });
    expect(unknown.status).to.equal(404);

    const presented = await h.staff('POST', '/cancellations', {
      body: { processingNumber: sale.processingNumber, amount: yen(3000), counter: 'C12' },
    });
    expect(presented.status).to.equal(200);
    expect(presented.body).to.deep.include({ id, status: 'cancel_requested', counter: 'C12' });
    expect(presented.body.capture.counter).to.equal('C11');
    const { token, transaction } = await claimCounter(h, 'C12');
    expect(transaction.id).to.equal(id);
    expect((await h.staff('POST', `/transactions/${id}/refund`)).body.error.code).to.equal('transaction.invalid_state');
    const confirmed = await h.call('POST', `/api/v1/customer/transactions/${id}/cancellation/confirm`, { customer: token });
    expect(confirmed.body.status).to.equal('cancel_confirmed');
    expect((await h.staff('POST', `/transactions/${id}/refund-inquiry`)).body).to.deep.include({ refundable: true });
    const refunded = await h.staff('POST', `/transactions/${id}/refund`);
    expect(refunded.body).to.deep.include({ status: 'refunded' });
    expect(refunded.body.refund).to.deep.include({ amount: yen(3000) });
    const sales = await h.staff('GET', '/sales?groupBy=counter', { token: h.store.manager });
    expect(sales.body.totals).to.deep.equal([
      { key: 'C11', sales: yen(3000), reversals: yen(3000), net: yen(0), count: 1, reversalCount: 1 },
    ]);
  });

  it('F3: the customer enters the amount and the card; the clerk authorizes and captures', async () => {
    const opened = await openAt(h, 'R1', { customerEntersAmount: true });
    expect(opened).to.deep.include({ status: 'awaiting_amount', amount: null, source: 'customer' });
    const { token } = await claimCounter(h, 'R1');
    const inDollars = await h.call('POST', `/api/v1/customer/transactions/${opened.id}/amount`, {
      customer: token,
      body: { value: 800, currency: 'USD' },
    });
    expect(inDollars.status).to.equal(400);
    expect(inDollars.body.error.code).to.equal('money.currency_mismatch');
    const entered = await h.call('POST', `/api/v1/customer/transactions/${opened.id}/amount`, { customer: token, body: yen(800) });
    expect(entered.body).to.deep.include({ status: 'awaiting_method', amount: yen(800) });
    await registerCard(h, token, opened.id, '3566002020360505');
    await h.staff('POST', `/transactions/${opened.id}/authorize`);
    const captured = await h.staff('POST', `/transactions/${opened.id}/capture`);
    expect(captured.body).to.deep.include({ status: 'captured', amount: yen(800), source: 'customer' });
    expect(captured.body.paymentMethod).to.deep.include({ brand: 'jcb' });
  });

  it('F4: a schedule is registered, an entry searched, opened at the route counter, paid and marked collected', async () => {
    const created = await h.staff('POST', '/schedules', {
      token: h.store.manager,
      body: {
        name: 'Saturday route',
        counter: 'R1',
        entries: [
          { customerName: 'Hanako Yamada', customerRef: 'C-1', amount: yen(4200), dueAt: '2026-11-21T10:00:00+09:00' },
          { customerName: 'Taro Suzuki', customerRef: 'C-2', amount: yen(1800), dueAt: '2026-11-22T10:00:00+09:00' },
        ],
      },
    });
    expect(created.status, created.text).to.equal(201);
    const entryId = created.body.entries[0].id;
    const found = await h.staff('GET', '/schedule-entries?q=yamada&dueOn=2026-11-21');
    expect(found.body.entries.map((e: { id: string }) => e.id)).to.deep.equal([entryId]);
    const opened = await openAt(h, 'R1', { scheduleEntryId: entryId });
    expect(opened).to.deep.include({ source: 'schedule', amount: yen(4200), scheduleEntryId: entryId });
    expect((await h.staff('GET', '/schedule-entries?q=C-1')).body.entries[0].status).to.equal('presented');
    const again = await h.staff('POST', '/counters/C11/transactions', { body: { scheduleEntryId: entryId } });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('schedule.entry_not_pending');
    const { token } = await claimCounter(h, 'R1');
    await registerCard(h, token, opened.id);
    await h.staff('POST', `/transactions/${opened.id}/authorize`);
    await h.staff('POST', `/transactions/${opened.id}/capture`);
    expect((await h.staff('GET', '/schedule-entries?q=C-1')).body.entries[0]).to.deep.include({
      status: 'collected',
      transactionId: opened.id,
    });
  });

  it('F5: scanned barcodes become priced line items; capture writes the ledger, refund its reversal', async () => {
    const manager = { token: h.store.manager };
    expect(
      (await h.staff('PUT', '/products/4901234567894', { ...manager, body: { name: 'Green tea', sku: 'TEA', price: yen(150) } })).status,
    ).to.equal(200);
    expect(
      (await h.staff('PUT', '/products/49123456', { ...manager, body: { name: 'Rice ball', sku: 'ONI', price: yen(130) } })).status,
    ).to.equal(200);
    const badDigit = await h.staff('POST', '/counters/C11/transactions', { body: { items: [{ barcode: '4901234567895', quantity: 1 }] } });
    expect(badDigit.status).to.equal(400);
    expect(badDigit.body.error.code).to.equal('barcode.invalid');
    const opened = await openAt(h, 'C11', {
      items: [
        { barcode: '4901234567894', quantity: 2 },
        { barcode: '49123456', quantity: 1 },
        { barcode: '4901234567894', quantity: 1 },
      ],
    });
    expect(opened.amount).to.deep.equal(yen(580));
    expect(
      opened.items.map((i: { name: string; quantity: number; amount: { value: number } }) => [i.name, i.quantity, i.amount.value]),
    ).to.deep.equal([
      ['Green tea', 3, 450],
      ['Rice ball', 1, 130],
    ]);
    const { token } = await claimCounter(h, 'C11');
    await registerCard(h, token, opened.id);
    await h.staff('POST', `/transactions/${opened.id}/authorize`);
    const sale = (await h.staff('POST', `/transactions/${opened.id}/capture`)).body;
    await h.staff('POST', '/cancellations', { body: { processingNumber: sale.processingNumber, amount: yen(580), counter: 'C11' } });
    const visit = await claimCounter(h, 'C11');
    await h.call('POST', `/api/v1/customer/transactions/${opened.id}/cancellation/confirm`, { customer: visit.token });
    await h.staff('POST', `/transactions/${opened.id}/refund`);
    const entries = await h.staff('GET', '/sales/entries', { ...manager });
    expect(
      entries.body.entries.map((e: { kind: string; amount: { value: number }; counter: string }) => [e.kind, e.amount.value, e.counter]),
    ).to.deep.equal([
      ['sale', 580, 'C11'],
      ['reversal', 580, 'C11'],
    ]);
  });

  it('live: the counter stream and the customer stream see the changes as they happen (SSE over fetch)', async () => {
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const counterStream = await openEventStream(`${base}/api/v1/stores/${h.store.code}/counters/C11/events`, {
      authorization: `Bearer ${h.store.clerk}`,
    });
    try {
      expect(counterStream.status).to.equal(200);
      expect(counterStream.contentType).to.match(/^text\/event-stream/);
      const first = await counterStream.next((e) => e.event === 'snapshot');
      expect(first.data).to.deep.equal({ type: 'snapshot', transaction: null });
      const opened = await openAt(h, 'C11', { amount: yen(700) });
      const { token } = await claimCounter(h, 'C11');
      const customerStream = await openEventStream(`${base}/api/v1/customer/transactions/${opened.id}/events`, {
        'x-customer-token': token,
      });
      try {
        expect((await customerStream.next((e) => e.event === 'snapshot')).data.transaction.status).to.equal('awaiting_method');
        await h.call('POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, {
          customer: token,
          body: { type: 'card', card: card('4242424242424242') },
        });
        const registered = await counterStream.next((e) => e.event === 'transaction.method_registered');
        expect(registered.id).to.match(/^\d+$/);
        expect(registered.data.type).to.equal('transaction.method_registered');
        expect(registered.data.transaction).to.deep.include({ id: opened.id, status: 'method_registered', counter: 'C11' });
        expect(registered.data.transaction.paymentMethod).to.deep.include({ brand: 'visa', last4: '4242' });
        await h.staff('POST', `/transactions/${opened.id}/authorize`);
        await h.staff('POST', `/transactions/${opened.id}/capture`);
        const done = await customerStream.next((e) => e.event === 'transaction.captured');
        expect(done.data.transaction.processingNumber).to.match(/^\d+$/);
        expect(done.data.transaction).to.not.have.property('openedBy');
        const order = counterStream.events.map((e) => e.event);
        expect(order).to.include.ordered.members([
          'snapshot',
          'transaction.opened',
          'transaction.claimed',
          'transaction.method_registered',
        ]);
      } finally {
        customerStream.close();
      }
    } finally {
      counterStream.close();
    }
  });
});
