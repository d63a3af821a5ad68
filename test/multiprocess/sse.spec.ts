import { TEST_DATABASE_URL } from '@counterpay/adapters-db/testing';
import { expect } from 'chai';
import { openEventStream } from '../http/support/event-stream';
import { card, must } from './support/api';
import { startCluster, type Cluster } from './support/cluster';

/** How long an event may take from one process to the other (LISTEN/NOTIFY, then the outbox relay). */
const WITHIN_MS = 5_000;

describe('Two server processes, live updates: what happens on B reaches the streams on A', function () {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  this.timeout(120_000);
  let cluster: Cluster;

  before(async () => {
    cluster = await startCluster(serverUrl);
  });
  after(() => cluster?.close());

  it("a clerk's counter stream on A receives the customer's card (masked) and the capture, both made through B", async () => {
    const staff = { authorization: `Bearer ${cluster.clerk}` };
    const counterStream = await openEventStream(`${cluster.a.url}/api/v1/stores/demo/counters/C11/events`, staff);
    try {
      expect(counterStream.status).to.equal(200);
      await counterStream.next((e) => e.event === 'snapshot', WITHIN_MS);
      const opened = await must(cluster.b.url, 'POST', '/api/v1/stores/demo/counters/C11/transactions', {
        token: cluster.clerk,
        body: { amount: { value: 3300, currency: 'JPY' } },
      });
      const visit = await must(cluster.b.url, 'GET', '/api/v1/portal/demo/C11');
      const customerStream = await openEventStream(`${cluster.a.url}/api/v1/customer/transactions/${opened.id}/events`, {
        'x-customer-token': visit.customerToken,
      });
      try {
        await customerStream.next((e) => e.event === 'snapshot', WITHIN_MS);
        await must(cluster.b.url, 'POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, {
          customer: visit.customerToken,
          body: { type: 'card', card: card('4242424242424242') },
        });

        const registered = await counterStream.next(
          (e) => e.event === 'transaction.method_registered' && e.data.transaction?.id === opened.id,
          WITHIN_MS,
        );
        expect(registered.data.transaction.status).to.equal('method_registered');
        expect(registered.data.transaction.paymentMethod).to.deep.include({ type: 'card', brand: 'visa', last4: '4242' });
        expect(JSON.stringify(registered.data)).not.to.include('4242424242424242');
        expect(JSON.stringify(registered.data)).not.to.match(/"cvc"/);

        await must(cluster.b.url, 'POST', `/api/v1/stores/demo/transactions/${opened.id}/authorize`, { token: cluster.clerk, body: {} });
        const captured = await must(cluster.b.url, 'POST', `/api/v1/stores/demo/transactions/${opened.id}/capture`, {
          token: cluster.clerk,
          body: {},
        });

        const onCounter = await counterStream.next(
          (e) => e.event === 'transaction.captured' && e.data.transaction?.id === opened.id,
          WITHIN_MS,
        );
        expect(onCounter.data.transaction.processingNumber).to.equal(captured.processingNumber);
        const onPhone = await customerStream.next((e) => e.event === 'transaction.captured', WITHIN_MS);
        expect(onPhone.data.transaction.status).to.equal('captured');
        expect(counterStream.events.map((e) => e.event)).to.include.members(['transaction.opened', 'transaction.authorized']);
      } finally {
        customerStream.close();
      }
    } finally {
      counterStream.close();
    }
  });
});
