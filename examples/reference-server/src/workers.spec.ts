import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, type WebhookDelivery } from '@counterpay/core';
import {
  InMemoryAccessTokenStore,
  InMemoryIdempotencyStore,
  InMemoryRateCounter,
  InMemoryUnitOfWork,
  InMemoryWebhookStore,
  ManualClock,
} from '@counterpay/core/testing';
import { expect } from 'chai';
import { DEFAULT_WORKER_INTERVALS, startWorkers, WEBHOOK_DELIVERY_RETENTION_MS } from './workers';

const DAY = 24 * 3_600_000;

describe('Reference server workers: purge', () => {
  const counterpayAt = (clock: ManualClock): Counterpay => {
    const uow = new InMemoryUnitOfWork();
    return new Counterpay({
      uow,
      posLookup: uow.posLookup(),
      gateway: new MockSettlementGateway(new MockCardNetwork()),
      clock,
      ids: new CryptoIdGenerator(),
      hasher: new Sha256SecretHasher(),
    });
  };

  /** Runs the purge worker (every 10 ms) until it reports, and returns its first report. */
  const firstPurge = async (deps: Omit<Parameters<typeof startWorkers>[0], 'idempotency' | 'accessTokens' | 'log'>): Promise<object> => {
    const reports: object[] = [];
    const workers = startWorkers(
      {
        idempotency: new InMemoryIdempotencyStore(),
        accessTokens: new InMemoryAccessTokenStore(),
        log: { info: (o) => reports.push(o), error: (o) => reports.push(o) },
        ...deps,
      },
      { ...DEFAULT_WORKER_INTERVALS, expiryMs: 3_600_000, recoveryMs: 3_600_000, purgeMs: 10 },
    );
    try {
      for (let i = 0; i < 100 && reports.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    } finally {
      await workers.stop();
    }
    return reports[0] ?? {};
  };

  it('deletes ended rate-limit windows, and keeps the ones still counting', async () => {
    const clock = new ManualClock('2026-11-21T00:00:00Z');
    const rates = new InMemoryRateCounter();
    const started = new Date(clock.now().getTime() - 120_000);
    await rates.hit('login|203.0.113.7|demo', 60_000, started);
    await rates.hit('portal|203.0.113.7', 600_000, started);
    expect(await firstPurge({ counterpay: counterpayAt(clock), rates })).to.deep.include({ worker: 'purge', rateLimitWindows: 1 });
    expect((await rates.hit('portal|203.0.113.7', 600_000, clock.now())).hits).to.equal(2);
    expect((await rates.hit('login|203.0.113.7|demo', 60_000, clock.now())).hits).to.equal(1);
  });

  it('deletes webhook deliveries finished more than 30 days ago, and keeps newer ones and those still to send', async () => {
    const clock = new ManualClock('2026-11-21T00:00:00Z');
    const counterpay = counterpayAt(clock);
    const webhooks = new InMemoryWebhookStore();
    const storeId = '00000000-0000-4000-8000-000000000001';
    const endpointId = '00000000-0000-4000-8000-000000000002';
    const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * DAY);
    await webhooks.insertEndpoint({
      id: endpointId,
      storeId,
      url: 'https://merchant.example/hooks',
      secret: 'whsec_c2VjcmV0',
      eventTypes: null,
      enabled: true,
      createdAt: at(60),
      updatedAt: at(60),
    });
    const delivery = (n: number, daysAgo: number): WebhookDelivery => ({
      id: `00000000-0000-4000-8000-00000000010${n}`,
      storeId,
      endpointId,
      eventId: String(n).padStart(12, '0'),
      eventType: 'transaction.captured',
      payload: '{}',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(daysAgo),
      lastAttemptAt: null,
      lastResponseStatus: null,
      lastError: null,
      createdAt: at(daysAgo),
      updatedAt: at(daysAgo),
    });
    const old = delivery(1, 40);
    const recent = delivery(2, 10);
    const stillPending = delivery(3, 40);
    await webhooks.enqueue([old, recent, stillPending]);
    const claimId = '00000000-0000-4000-8000-000000000099';
    const claimed = await webhooks.claimDue({ now: clock.now(), limit: 10, leaseUntil: clock.now(), claimId });
    expect(claimed).to.have.length(3);
    const succeeded = (d: WebhookDelivery, daysAgo: number) =>
      webhooks.recordAttempt(storeId, d.id, claimId, {
        status: 'succeeded',
        at: at(daysAgo),
        nextAttemptAt: null,
        responseStatus: 200,
        error: null,
      });
    expect(await succeeded(old, 31)).to.equal(true);
    expect(await succeeded(recent, 29)).to.equal(true);
    expect(WEBHOOK_DELIVERY_RETENTION_MS).to.equal(30 * DAY);

    expect(await firstPurge({ counterpay, webhooks })).to.deep.include({ worker: 'purge', webhookDeliveries: 1 });
    expect((await webhooks.listDeliveries(storeId)).map((d) => d.id).sort()).to.deep.equal([recent.id, stillPending.id].sort());
  });
});
