import { expect } from 'chai';
import { card, code, createHarness, ok, type Harness } from '../support/harness';

const yen = (value: number) => ({ value, currency: 'JPY' as const });

async function payAtCounter(h: Harness, counter: string, number = '4242424242424242') {
  const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: counter }));
  const token = visit.customerToken!;
  const tx = await ok(h.cp.registerPaymentMethod(token, visit.transaction.id, { type: 'card', card: card(number) }));
  return { token, tx };
}

describe('Flows through the library (in-memory adapters, mock network)', () => {
  it('F1: clerk amount → customer card → clerk sees masked method → authorize → capture → sale registered', async () => {
    const h = await createHarness();
    const opened = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: yen(1200) }));
    expect(opened.status).to.equal('awaiting_method');
    expect(opened.reference).to.match(/^20261121120000-[0-9A-Z]{6}$/);
    const { token, tx } = await payAtCounter(h, 'C11');
    expect(tx.status).to.equal('method_registered');
    const seen = await ok(h.cp.getTransaction(h.clerk, opened.id));
    expect(seen.paymentMethod).to.deep.include({ type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 });
    expect(JSON.stringify(seen)).to.not.include('4242424242424242');
    expect(JSON.stringify(seen)).to.not.include('tok_');
    const authorized = await ok(h.cp.authorize(h.clerk, opened.id));
    expect(authorized.status).to.equal('authorized');
    expect(authorized.authorization?.code).to.be.a('string');
    const captured = await ok(h.cp.capture(h.clerk, opened.id));
    expect(captured.status).to.equal('captured');
    expect(captured.processingNumber).to.match(/^\d{6,20}$/);
    expect((await ok(h.cp.customerTransaction(token, opened.id))).status).to.equal('captured');
    const totals = await ok(h.cp.salesTotals(h.store.id, { groupBy: 'method' }));
    expect(totals.totals).to.deep.equal([{ key: 'card', sales: 1200, reversals: 0, net: 1200, count: 1, reversalCount: 0 }]);
    expect(h.network.totals(h.store.id)).to.deep.include({ authorized: 1200, captured: 1200 });
  });

  it('F1 with a decline: the customer registers another card and pays', async () => {
    const h = await createHarness();
    const opened = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: yen(500) }));
    const { token } = await payAtCounter(h, 'C11', '4000000000009995');
    const declined = await ok(h.cp.authorize(h.clerk, opened.id));
    expect(declined.status).to.equal('declined');
    expect(declined.declineReason).to.equal('insufficient_funds');
    await ok(h.cp.registerPaymentMethod(token, opened.id, { type: 'card', card: card('5555555555554444') }));
    expect((await ok(h.cp.authorize(h.clerk, opened.id))).status).to.equal('authorized');
    expect((await ok(h.cp.capture(h.clerk, opened.id))).paymentMethod).to.deep.include({ brand: 'mastercard', last4: '4444' });
  });

  it("F2: cancellation confirmed on the customer's phone, refund and sales reversal", async () => {
    const h = await createHarness();
    const opened = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: yen(3000) }));
    await payAtCounter(h, 'C11');
    await ok(h.cp.authorize(h.clerk, opened.id));
    const sale = await ok(h.cp.capture(h.clerk, opened.id));
    expect(
      await code(h.cp.requestCancellation(h.clerk, { processingNumber: sale.processingNumber!, amount: yen(2999), counterName: 'C12' })),
    ).to.equal('transaction.amount_mismatch');
    const presented = await ok(
      h.cp.requestCancellation(h.clerk, { processingNumber: sale.processingNumber!, amount: yen(3000), counterName: 'C12' }),
    );
    expect(presented.status).to.equal('cancel_requested');
    const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C12' }));
    expect(visit.transaction.id).to.equal(opened.id);
    expect(await code(h.cp.refund(h.clerk, opened.id))).to.equal('transaction.invalid_state');
    await ok(h.cp.confirmCancellation(visit.customerToken!, opened.id));
    expect(await ok(h.cp.refundInquiry(h.clerk, opened.id))).to.deep.include({ refundable: true });
    const refunded = await ok(h.cp.refund(h.clerk, opened.id));
    expect(refunded.status).to.equal('refunded');
    const totals = await ok(h.cp.salesTotals(h.store.id, { groupBy: 'counter' }));
    expect(totals.totals).to.deep.equal([{ key: h.counters['C11']!.id, sales: 3000, reversals: 3000, net: 0, count: 1, reversalCount: 1 }]);
    expect(h.network.totals(h.store.id)).to.deep.include({ captured: 3000, refunded: 3000 });
  });

  it('F3: the customer enters the amount and the card; the clerk authorizes and captures', async () => {
    const h = await createHarness();
    const opened = await ok(h.cp.openTransaction(h.clerk, 'R1', { kind: 'customer_amount' }));
    expect(opened.status).to.equal('awaiting_amount');
    const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'R1' }));
    expect(await code(h.cp.registerAmount(visit.customerToken!, opened.id, { value: 800, currency: 'USD' }))).to.equal(
      'money.currency_mismatch',
    );
    await ok(h.cp.registerAmount(visit.customerToken!, opened.id, yen(800)));
    await ok(h.cp.registerPaymentMethod(visit.customerToken!, opened.id, { type: 'card', card: card('3566002020360505') }));
    await ok(h.cp.authorize(h.clerk, opened.id));
    const captured = await ok(h.cp.capture(h.clerk, opened.id));
    expect(captured.amount).to.deep.equal(yen(800));
    expect(captured.source).to.equal('customer');
  });

  it('F4: a schedule entry is searched, opened at the route counter, paid and marked collected', async () => {
    const h = await createHarness();
    const { entries } = await ok(
      h.cp.createSchedule(h.store.id, {
        name: 'Saturday route',
        counterName: 'R1',
        entries: [
          { customerName: 'Hanako Yamada', customerRef: 'C-1', amount: yen(4200), dueAt: new Date('2026-11-21T01:00:00Z') },
          { customerName: 'Taro Suzuki', customerRef: 'C-2', amount: yen(1800), dueAt: new Date('2026-11-22T01:00:00Z') },
        ],
      }),
    );
    const found = await ok(h.cp.searchScheduleEntries(h.store.id, { q: 'yamada', dueOn: '2026-11-21' }));
    expect(found.map((e) => e.id)).to.deep.equal([entries[0]!.id]);
    const opened = await ok(h.cp.openTransaction(h.clerk, 'R1', { kind: 'schedule', scheduleEntryId: entries[0]!.id }));
    expect(opened.amount).to.deep.equal(yen(4200));
    expect((await ok(h.cp.searchScheduleEntries(h.store.id, { q: 'C-1' })))[0]?.status).to.equal('presented');
    expect(await code(h.cp.openTransaction(h.clerk, 'C11', { kind: 'schedule', scheduleEntryId: entries[0]!.id }))).to.equal(
      'schedule.entry_not_pending',
    );
    await payAtCounter(h, 'R1');
    await ok(h.cp.authorize(h.clerk, opened.id));
    await ok(h.cp.capture(h.clerk, opened.id));
    const after = await ok(h.cp.searchScheduleEntries(h.store.id, { q: 'C-1' }));
    expect(after[0]).to.deep.include({ status: 'collected', transactionId: opened.id });
  });

  it('F5: scanned barcodes become priced line items; capture writes the ledger, refund its reversal', async () => {
    const h = await createHarness();
    await ok(h.cp.putProduct(h.store.id, '4901234567894', { name: 'Green tea', sku: 'TEA', price: yen(150) }));
    await ok(h.cp.putProduct(h.store.id, '49123456', { name: 'Rice ball', sku: 'ONI', price: yen(130) }));
    expect(
      await code(h.cp.openTransaction(h.clerk, 'C11', { kind: 'items', items: [{ barcode: '4901234567895', quantity: 1 }] })),
    ).to.equal('barcode.invalid');
    const opened = await ok(
      h.cp.openTransaction(h.clerk, 'C11', {
        kind: 'items',
        items: [
          { barcode: '4901234567894', quantity: 2 },
          { barcode: '49123456', quantity: 1 },
          { barcode: '4901234567894', quantity: 1 },
        ],
      }),
    );
    expect(opened.amount).to.deep.equal(yen(580));
    expect(opened.items.map((i) => [i.name, i.quantity, i.amount.value])).to.deep.equal([
      ['Green tea', 3, 450],
      ['Rice ball', 1, 130],
    ]);
    await payAtCounter(h, 'C11');
    await ok(h.cp.authorize(h.clerk, opened.id));
    const sale = await ok(h.cp.capture(h.clerk, opened.id));
    await ok(h.cp.requestCancellation(h.clerk, { processingNumber: sale.processingNumber!, amount: yen(580), counterName: 'C11' }));
    const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }));
    await ok(h.cp.confirmCancellation(visit.customerToken!, opened.id));
    await ok(h.cp.refund(h.clerk, opened.id));
    const entries = await ok(h.cp.salesEntries(h.store.id, {}));
    expect(entries.map((e) => [e.kind, e.amount.value])).to.deep.equal([
      ['sale', 580],
      ['reversal', 580],
    ]);
  });
});
