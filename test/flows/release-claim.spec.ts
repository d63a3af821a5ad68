import { expect } from 'chai';
import { card, code, createHarness, ok } from '../support/harness';

describe('A phone that lost its customer token', () => {
  it('can be replaced after the clerk releases the claim; the old token stops working', async () => {
    const h = await createHarness();
    const tx = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: { value: 700, currency: 'JPY' } }));
    const lost = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }));
    expect(await code(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }))).to.equal('transaction.claimed');
    const released = await ok(h.cp.releaseClaim(h.clerk, tx.id));
    expect(released.claimed).to.equal(false);
    const again = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }));
    expect(again.customerToken).to.be.a('string').and.not.equal(lost.customerToken);
    expect(await code(h.cp.registerPaymentMethod(lost.customerToken!, tx.id, { type: 'card', card: card('4242424242424242') }))).to.equal(
      'transaction.not_found',
    );
    await ok(h.cp.registerPaymentMethod(again.customerToken!, tx.id, { type: 'card', card: card('4242424242424242') }));
    expect((await ok(h.cp.authorize(h.clerk, tx.id))).status).to.equal('authorized');
  });

  it('is refused while the network is being asked and once nothing waits for the customer', async () => {
    const h = await createHarness();
    const tx = await ok(h.cp.openTransaction(h.clerk, 'C11', { kind: 'amount', amount: { value: 700, currency: 'JPY' } }));
    const visit = await ok(h.cp.openCounter({ storeCode: h.store.code, counterName: 'C11' }));
    await ok(h.cp.registerPaymentMethod(visit.customerToken!, tx.id, { type: 'card', card: card('4242424242424242') }));
    h.network.failNext('timeout');
    expect(await code(h.cp.authorize(h.clerk, tx.id))).to.equal('settlement.unavailable');
    expect(await code(h.cp.releaseClaim(h.clerk, tx.id))).to.equal('transaction.invalid_state');
    h.clock.advance(1000);
    await h.cp.recoverInFlight(0);
    await ok(h.cp.capture(h.clerk, tx.id));
    expect(await code(h.cp.releaseClaim(h.clerk, tx.id))).to.equal('transaction.invalid_state');
  });
});
