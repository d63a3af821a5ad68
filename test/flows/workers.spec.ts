import { expect } from 'chai';
import { card, code, createHarness, ok, type Harness } from '../support/harness';

const yen = (value: number) => ({ value, currency: 'JPY' as const });

async function withMethod(h: Harness, counter = 'C11', amount = 1200) {
  const tx = await ok(h.cp.openTransaction(h.clerk, counter, { kind: 'amount', amount: yen(amount) }));
  const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: counter }));
  await ok(h.cp.registerPaymentMethod(visit.customerToken!, tx.id, { type: 'card', card: card('4242424242424242') }));
  return { tx, token: visit.customerToken! };
}

const status = async (h: Harness, id: string) => (await ok(h.cp.getTransaction(h.clerk, id))).status;

describe('Workers', () => {
  describe('expiry', () => {
    it('expires an unpaid transaction after the customer timeout, frees the counter and its schedule entry', async () => {
      const h = await createHarness();
      const { entries } = await ok(
        h.cp.createSchedule(h.store.id, {
          name: 'r',
          counterName: 'R1',
          entries: [{ customerName: 'A', amount: yen(500), dueAt: h.clock.now() }],
        }),
      );
      const tx = await ok(h.cp.openTransaction(h.clerk, 'R1', { kind: 'schedule', scheduleEntryId: entries[0]!.id }));
      h.clock.advance(h.store.customerTimeoutSeconds * 1000 - 1);
      expect((await h.cp.expireDue()).resolved).to.equal(0);
      h.clock.advance(1);
      expect((await h.cp.expireDue()).resolved).to.equal(1);
      expect(await status(h, tx.id)).to.equal('expired');
      expect((await ok(h.cp.searchScheduleEntries(h.store.id, {})))[0]).to.deep.include({ status: 'pending', transactionId: null });
      await ok(h.cp.openTransaction(h.clerk, 'R1', { kind: 'amount', amount: yen(1) }));
    });

    it('lets an unconfirmed cancellation lapse: the sale stands and no refund happens', async () => {
      const h = await createHarness();
      const { tx } = await withMethod(h);
      await ok(h.cp.authorize(h.clerk, tx.id));
      const sale = await ok(h.cp.capture(h.clerk, tx.id));
      await ok(h.cp.requestCancellation(h.clerk, { processingNumber: sale.processingNumber!, amount: yen(1200), counterName: 'C12' }));
      h.clock.advance(h.store.customerTimeoutSeconds * 1000);
      await h.cp.expireDue();
      expect(await status(h, tx.id)).to.equal('captured');
      expect(await code(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C12' }))).to.equal('counter.nothing_presented');
      expect(h.network.totals(h.store.id).refunded).to.equal(0);
    });

    it('never expires a transaction waiting on the network or already paid', async () => {
      const h = await createHarness();
      const { tx } = await withMethod(h);
      h.network.failNext('timeout');
      expect(await code(h.cp.authorize(h.clerk, tx.id))).to.equal('settlement.unavailable');
      h.clock.advance(10 * 24 * 3600_000);
      expect((await h.cp.expireDue()).examined).to.equal(0);
      expect(await status(h, tx.id)).to.equal('authorizing');
    });
  });

  describe('recovery', () => {
    it('records an authorization the network applied but never answered (lost response)', async () => {
      const h = await createHarness();
      const { tx } = await withMethod(h);
      h.network.failNext('lost_response');
      expect(await code(h.cp.authorize(h.clerk, tx.id))).to.equal('settlement.unavailable');
      expect(await status(h, tx.id)).to.equal('authorizing');
      expect((await h.cp.recoverInFlight(60_000)).examined, 'not before the grace period').to.equal(0);
      h.clock.advance(60_001);
      const report = await h.cp.recoverInFlight(60_000);
      expect(report).to.deep.include({ examined: 1, resolved: 1, failed: 0 });
      expect(await status(h, tx.id)).to.equal('authorized');
      expect(h.network.ledger(h.store.id).filter((e) => e.operation === 'authorize')).to.have.length(1);
    });

    it('sends a capture the network never received again with the same reference, once', async () => {
      const h = await createHarness();
      const { tx } = await withMethod(h);
      await ok(h.cp.authorize(h.clerk, tx.id));
      h.network.failNext('error');
      expect(await code(h.cp.capture(h.clerk, tx.id))).to.equal('settlement.unavailable');
      expect(h.network.totals(h.store.id).captured).to.equal(0);
      h.clock.advance(1000);
      await h.cp.recoverInFlight(0);
      expect(await status(h, tx.id)).to.equal('captured');
      expect(h.network.countApplied('capture', `${tx.id}:capture`)).to.equal(1);
      expect((await ok(h.cp.salesTotals(h.store.id, { groupBy: 'method' }))).totals[0]?.net).to.equal(1200);
    });

    it('resolves a refund and a void left in flight', async () => {
      const h = await createHarness();
      const a = await withMethod(h, 'C11');
      await ok(h.cp.authorize(h.clerk, a.tx.id));
      h.network.failNext('lost_response');
      expect(await code(h.cp.void(h.clerk, a.tx.id))).to.equal('settlement.unavailable');
      const b = await withMethod(h, 'C12', 900);
      await ok(h.cp.authorize(h.clerk, b.tx.id));
      const sale = await ok(h.cp.capture(h.clerk, b.tx.id));
      await ok(h.cp.requestCancellation(h.clerk, { processingNumber: sale.processingNumber!, amount: yen(900), counterName: 'C12' }));
      const phone = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C12' }));
      await ok(h.cp.confirmCancellation(phone.customerToken!, b.tx.id));
      h.network.failNext('timeout');
      expect(await code(h.cp.refund(h.clerk, b.tx.id))).to.equal('settlement.unavailable');
      h.clock.advance(1000);
      expect(await h.cp.recoverInFlight(0)).to.deep.include({ examined: 2, resolved: 2 });
      expect(await status(h, a.tx.id)).to.equal('voided');
      expect(await status(h, b.tx.id)).to.equal('refunded');
      expect((await ok(h.cp.salesEntries(h.store.id, {}))).map((e) => e.kind)).to.deep.equal(['sale', 'reversal']);
    });

    it('with auto-capture, a recovered authorization goes on to capture', async () => {
      const h = await createHarness({ capturePolicy: 'auto' });
      const { tx } = await withMethod(h);
      h.network.failNext('lost_response');
      expect(await code(h.cp.authorize(h.clerk, tx.id))).to.equal('settlement.unavailable');
      h.clock.advance(1000);
      await h.cp.recoverInFlight(0);
      expect(await status(h, tx.id)).to.equal('captured');
    });

    it('auto-capture captures straight after authorization in one command', async () => {
      const h = await createHarness({ capturePolicy: 'auto' });
      const { tx } = await withMethod(h);
      const result = await ok(h.cp.authorize(h.clerk, tx.id));
      expect(result.status).to.equal('captured');
      expect(result.processingNumber).to.match(/^\d+$/);
    });

    it('a suspended store takes no new transaction and no authorization, but may still capture', async () => {
      const h = await createHarness();
      const { tx } = await withMethod(h);
      const other = await withMethod(h, 'C12');
      await ok(h.cp.authorize(h.clerk, other.tx.id));
      await ok(h.cp.suspendStore(h.store.code));
      expect(await code(h.cp.openTransaction(h.clerk, 'R1', { kind: 'amount', amount: yen(1) }))).to.equal('store.suspended');
      expect(await code(h.cp.authorize(h.clerk, tx.id))).to.equal('store.suspended');
      expect((await ok(h.cp.capture(h.clerk, other.tx.id))).status).to.equal('captured');
      await ok(h.cp.resumeStore(h.store.code));
      expect((await ok(h.cp.authorize(h.clerk, tx.id))).status).to.equal('authorized');
    });

    it('counts failed card attempts and refuses a sixth (anti-carding)', async () => {
      const h = await createHarness();
      const tx = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: yen(100) }));
      const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }));
      for (let i = 0; i < 5; i++) {
        expect(
          await code(h.cp.registerPaymentMethod(visit.customerToken!, tx.id, { type: 'card', card: card('4000000000000127') })),
        ).to.equal('card.rejected');
      }
      expect(
        await code(h.cp.registerPaymentMethod(visit.customerToken!, tx.id, { type: 'card', card: card('4242424242424242') })),
      ).to.equal('card.too_many_attempts');
    });
  });
});
