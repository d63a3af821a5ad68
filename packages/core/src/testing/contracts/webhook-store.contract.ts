import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { WebhookDelivery, WebhookEndpoint, WebhookStore } from '../../ports/webhook-store.port';

/** A webhook store under test and how to free it. */
export interface WebhookStoreFixture {
  readonly store: WebhookStore;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const YEAR = 365 * 24 * 60 * MINUTE;

/**
 * `claimDue` reads every store, and the suite shares one database. Each test works in an era one
 * year before the previous test's, so the deliveries earlier tests left behind are never due yet.
 */
let nextEra = Date.parse('2200-01-01T00:00:00Z');
function era(): (minutes?: number) => Date {
  nextEra -= YEAR;
  const base = nextEra;
  return (minutes = 0) => new Date(base + minutes * MINUTE);
}

function anEndpoint(at: Date, overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: randomUUID(),
    storeId: randomUUID(),
    url: 'https://merchant.example/webhooks',
    secret: `whsec_${Buffer.from(randomUUID()).toString('base64')}`,
    eventTypes: null,
    enabled: true,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

function aDelivery(endpoint: WebhookEndpoint, at: Date, overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: randomUUID(),
    storeId: endpoint.storeId,
    endpointId: endpoint.id,
    eventId: String(Math.floor(Math.random() * 1e12)).padStart(12, '0'),
    eventType: 'transaction.captured',
    payload: '{"type":"transaction.captured"}',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastAttemptAt: null,
    lastResponseStatus: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/**
 * Contract of `WebhookStore`: endpoints and deliveries kept inside their store, one delivery per
 * (endpoint, event), payloads kept byte for byte, due deliveries claimed by exactly one worker,
 * outcomes recorded only under a live claim, the delivery log and manual redelivery.
 */
export function webhookStoreContract(name: string, factory: () => Promise<WebhookStoreFixture>): void {
  describe(`WebhookStore contract: ${name}`, () => {
    let fixture: WebhookStoreFixture;
    before(async function () {
      this.timeout(60_000);
      fixture = await factory();
    });
    after(() => fixture?.close());
    const webhooks = () => fixture.store;

    it('keeps endpoints inside their store: find, list oldest first, update, delete', async () => {
      const t = era();
      const first = anEndpoint(t(0), { eventTypes: ['transaction.captured', 'transaction.refunded'] });
      const second = anEndpoint(t(1), { storeId: first.storeId, url: 'https://merchant.example/other' });
      const stranger = anEndpoint(t(2));
      for (const e of [second, first, stranger]) await webhooks().insertEndpoint(e);

      expect(await webhooks().findEndpoint(first.storeId, first.id)).to.deep.equal(first);
      expect(await webhooks().findEndpoint(stranger.storeId, first.id), 'another store').to.equal(null);
      expect((await webhooks().listEndpoints(first.storeId)).map((e) => e.id)).to.deep.equal([first.id, second.id]);

      expect(await webhooks().updateEndpoint(stranger.storeId, first.id, { enabled: false }, t(5)), 'another store').to.equal(null);
      const updated = await webhooks().updateEndpoint(first.storeId, first.id, { enabled: false, eventTypes: null }, t(5));
      expect(updated).to.deep.equal({ ...first, enabled: false, eventTypes: null, updatedAt: t(5) });
      const moved = await webhooks().updateEndpoint(first.storeId, first.id, { url: 'https://merchant.example/v2' }, t(6));
      expect(moved).to.deep.include({ url: 'https://merchant.example/v2', enabled: false, eventTypes: null });
      expect(await webhooks().findEndpoint(first.storeId, first.id)).to.deep.equal(moved);

      expect(await webhooks().deleteEndpoint(stranger.storeId, first.id), 'another store').to.equal(false);
      expect(await webhooks().deleteEndpoint(first.storeId, first.id)).to.equal(true);
      expect(await webhooks().deleteEndpoint(first.storeId, first.id)).to.equal(false);
      expect((await webhooks().listEndpoints(first.storeId)).map((e) => e.id)).to.deep.equal([second.id]);
    });

    it('queues one delivery per (endpoint, event), however many processes hand the event over', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const eventId = '000000000042';
      const copies = Array.from({ length: 8 }, () => aDelivery(endpoint, t(), { eventId }));
      const added = await Promise.all(copies.map((d) => webhooks().enqueue([d])));
      expect(added.reduce((a, b) => a + b, 0)).to.equal(1);
      expect(await webhooks().enqueue([aDelivery(endpoint, t(), { eventId })])).to.equal(0);
      const other = anEndpoint(t(), { storeId: endpoint.storeId });
      await webhooks().insertEndpoint(other);
      expect(
        await webhooks().enqueue([aDelivery(other, t(), { eventId }), aDelivery(endpoint, t(), { eventId: '000000000043' })]),
      ).to.equal(2);
      const log = await webhooks().listDeliveries(endpoint.storeId);
      expect(log.map((d) => `${d.endpointId === endpoint.id ? 'a' : 'b'}:${d.eventId}`).sort()).to.deep.equal([
        'a:000000000042',
        'a:000000000043',
        'b:000000000042',
      ]);
    });

    it('purges finished deliveries (succeeded, dead) last changed before a time, in every store; keeps those still to send', async () => {
      const t = era();
      const a = anEndpoint(t());
      const b = anEndpoint(t());
      for (const e of [a, b]) await webhooks().insertEndpoint(e);
      const oldSucceeded = aDelivery(a, t());
      const oldDead = aDelivery(b, t());
      const oldFailed = aDelivery(a, t());
      const oldPending = aDelivery(a, t());
      const recentSucceeded = aDelivery(a, t());
      await webhooks().enqueue([oldSucceeded, oldDead, oldFailed, oldPending, recentSucceeded]);
      const claimId = randomUUID();
      const claimed = await webhooks().claimDue({ now: t(1), limit: 10, leaseUntil: t(2), claimId });
      expect(claimed.map((c) => c.delivery.id).sort()).to.deep.equal(
        [oldSucceeded, oldDead, oldFailed, oldPending, recentSucceeded].map((d) => d.id).sort(),
      );
      const record = (d: WebhookDelivery, status: 'succeeded' | 'dead' | 'failed', at: Date) =>
        webhooks().recordAttempt(d.storeId, d.id, claimId, {
          status,
          at,
          nextAttemptAt: status === 'failed' ? t(600) : null,
          responseStatus: status === 'succeeded' ? 200 : 500,
          error: status === 'succeeded' ? null : 'HTTP 500',
        });
      expect(await record(oldSucceeded, 'succeeded', t(1))).to.equal(true);
      expect(await record(oldDead, 'dead', t(1))).to.equal(true);
      expect(await record(oldFailed, 'failed', t(1))).to.equal(true);
      expect(await record(recentSucceeded, 'succeeded', t(20))).to.equal(true);

      expect(await webhooks().purgeFinished(t(10))).to.equal(2);
      expect((await webhooks().listDeliveries(a.storeId)).map((d) => d.id).sort()).to.deep.equal(
        [oldFailed, oldPending, recentSucceeded].map((d) => d.id).sort(),
      );
      expect(await webhooks().listDeliveries(b.storeId), 'the other store too').to.deep.equal([]);
      expect(await webhooks().findDelivery(a.storeId, oldSucceeded.id)).to.equal(null);
      expect(await webhooks().purgeFinished(t(10)), 'nothing twice').to.equal(0);
    });

    it('keeps the payload byte for byte (it is what the signature covers)', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const payload = '{"z":1,  "a":"caf\u00e9 \u2713 \\u0000 \\"q\\"","n":1.50}\n';
      const delivery = aDelivery(endpoint, t(), { payload });
      await webhooks().enqueue([delivery]);
      expect((await webhooks().findDelivery(endpoint.storeId, delivery.id))?.payload).to.equal(payload);
      const [claimed] = await webhooks().claimDue({ now: t(1), limit: 10, leaseUntil: t(2), claimId: randomUUID() });
      expect(claimed?.delivery.payload).to.equal(payload);
    });

    it('claims due deliveries of every store, oldest due first, with where to send them, and only once', async () => {
      const t = era();
      const a = anEndpoint(t(), { url: 'https://a.example/hook' });
      const b = anEndpoint(t(), { url: 'https://b.example/hook' });
      for (const e of [a, b]) await webhooks().insertEndpoint(e);
      const late = aDelivery(a, t(0), { nextAttemptAt: t(3) });
      const early = aDelivery(b, t(0), { nextAttemptAt: t(1) });
      const retry = aDelivery(a, t(0), { status: 'failed', attempts: 1, nextAttemptAt: t(2) });
      const future = aDelivery(a, t(0), { nextAttemptAt: t(60) });
      const done = aDelivery(a, t(0), { status: 'succeeded', attempts: 1, nextAttemptAt: null });
      await webhooks().enqueue([late, early, retry, future, done]);

      const claimId = randomUUID();
      const claimed = await webhooks().claimDue({ now: t(10), limit: 10, leaseUntil: t(15), claimId });
      expect(claimed.map((c) => c.delivery.id)).to.deep.equal([early.id, retry.id, late.id]);
      expect(claimed[0]).to.deep.equal({ delivery: early, url: b.url, secret: b.secret, claimId });
      expect(await webhooks().claimDue({ now: t(11), limit: 10, leaseUntil: t(16), claimId: randomUUID() }), 'still claimed').to.deep.equal(
        [],
      );
      const limited = await webhooks().claimDue({ now: t(61), limit: 1, leaseUntil: t(70), claimId: randomUUID() });
      expect(limited.map((c) => c.delivery.id)).to.deep.equal([early.id]);
    });

    it('never hands one delivery to two concurrent workers', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const queued = Array.from({ length: 30 }, (_, i) => aDelivery(endpoint, t(), { nextAttemptAt: t(i % 7) }));
      await webhooks().enqueue(queued);
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => webhooks().claimDue({ now: t(10), limit: 5, leaseUntil: t(20), claimId: randomUUID() })),
      );
      const ids = claims.flat().map((c) => c.delivery.id);
      expect(new Set(ids).size, 'no delivery twice').to.equal(ids.length);
      expect([...ids].sort()).to.deep.equal(queued.map((d) => d.id).sort());
    });

    it('records outcomes only under the live claim; an expired claim may be taken over', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const delivery = aDelivery(endpoint, t());
      await webhooks().enqueue([delivery]);
      const stale = randomUUID();
      expect(await webhooks().claimDue({ now: t(1), limit: 1, leaseUntil: t(2), claimId: stale })).to.have.length(1);
      const taker = randomUUID();
      expect(await webhooks().claimDue({ now: t(3), limit: 1, leaseUntil: t(4), claimId: taker }), 'lease expired').to.have.length(1);

      const failed = { status: 'failed', at: t(3), nextAttemptAt: t(5), responseStatus: 500, error: 'HTTP 500' } as const;
      expect(await webhooks().recordAttempt(endpoint.storeId, delivery.id, stale, failed), 'stale claim').to.equal(false);
      expect(await webhooks().recordAttempt(randomUUID(), delivery.id, taker, failed), 'another store').to.equal(false);
      expect(await webhooks().recordAttempt(endpoint.storeId, delivery.id, taker, failed)).to.equal(true);
      expect(await webhooks().recordAttempt(endpoint.storeId, delivery.id, taker, failed), 'claim released').to.equal(false);
      expect(await webhooks().findDelivery(endpoint.storeId, delivery.id)).to.deep.equal({
        ...delivery,
        status: 'failed',
        attempts: 1,
        nextAttemptAt: t(5),
        lastAttemptAt: t(3),
        lastResponseStatus: 500,
        lastError: 'HTTP 500',
        updatedAt: t(3),
      });

      expect(await webhooks().claimDue({ now: t(4), limit: 1, leaseUntil: t(9), claimId: randomUUID() }), 'not due yet').to.deep.equal([]);
      const [again] = await webhooks().claimDue({ now: t(5), limit: 1, leaseUntil: t(9), claimId: randomUUID() });
      expect(again?.delivery.attempts).to.equal(1);
      const ok = { status: 'succeeded', at: t(6), nextAttemptAt: null, responseStatus: 204, error: null } as const;
      expect(await webhooks().recordAttempt(endpoint.storeId, delivery.id, again?.claimId ?? '', ok)).to.equal(true);
      expect(await webhooks().findDelivery(endpoint.storeId, delivery.id)).to.deep.include({
        status: 'succeeded',
        attempts: 2,
        nextAttemptAt: null,
        lastResponseStatus: 204,
        lastError: null,
      });
      expect(await webhooks().claimDue({ now: t(100), limit: 1, leaseUntil: t(101), claimId: randomUUID() })).to.deep.equal([]);
    });

    it('holds the deliveries of a disabled endpoint until it is enabled again', async () => {
      const t = era();
      const endpoint = anEndpoint(t(), { enabled: false });
      await webhooks().insertEndpoint(endpoint);
      const delivery = aDelivery(endpoint, t());
      await webhooks().enqueue([delivery]);
      expect(await webhooks().claimDue({ now: t(1), limit: 5, leaseUntil: t(2), claimId: randomUUID() })).to.deep.equal([]);
      await webhooks().updateEndpoint(endpoint.storeId, endpoint.id, { enabled: true }, t(2));
      const claimed = await webhooks().claimDue({ now: t(3), limit: 5, leaseUntil: t(4), claimId: randomUUID() });
      expect(claimed.map((c) => c.delivery.id)).to.deep.equal([delivery.id]);
    });

    it('lists the delivery log newest first, by status and endpoint, inside the store', async () => {
      const t = era();
      const a = anEndpoint(t());
      const b = anEndpoint(t(), { storeId: a.storeId });
      for (const e of [a, b]) await webhooks().insertEndpoint(e);
      const d1 = aDelivery(a, t(1));
      const d2 = aDelivery(b, t(2), { status: 'dead', attempts: 8, nextAttemptAt: null, lastError: 'HTTP 503', lastResponseStatus: 503 });
      const d3 = aDelivery(a, t(3), { status: 'succeeded', attempts: 1, nextAttemptAt: null, lastResponseStatus: 200 });
      await webhooks().enqueue([d1, d2, d3]);
      const log = await webhooks().listDeliveries(a.storeId);
      expect(log.map((d) => d.id)).to.deep.equal([d3.id, d2.id, d1.id]);
      expect(log[1]).to.deep.equal(d2);
      expect((await webhooks().listDeliveries(a.storeId, { status: 'dead' })).map((d) => d.id)).to.deep.equal([d2.id]);
      expect((await webhooks().listDeliveries(a.storeId, { endpointId: a.id })).map((d) => d.id)).to.deep.equal([d3.id, d1.id]);
      expect((await webhooks().listDeliveries(a.storeId, { limit: 1 })).map((d) => d.id)).to.deep.equal([d3.id]);
      expect(await webhooks().listDeliveries(randomUUID())).to.deep.equal([]);
      expect(await webhooks().findDelivery(randomUUID(), d1.id), 'another store').to.equal(null);
    });

    it('redelivers by hand: a dead delivery is due again now, keeping its attempt count', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const dead = aDelivery(endpoint, t(), {
        status: 'dead',
        attempts: 8,
        nextAttemptAt: null,
        lastError: 'HTTP 500',
        lastResponseStatus: 500,
      });
      await webhooks().enqueue([dead]);
      expect(await webhooks().claimDue({ now: t(10), limit: 5, leaseUntil: t(11), claimId: randomUUID() })).to.deep.equal([]);
      expect(await webhooks().redeliver(randomUUID(), dead.id, t(20)), 'another store').to.equal(null);
      const queued = await webhooks().redeliver(endpoint.storeId, dead.id, t(20));
      expect(queued).to.deep.equal({ ...dead, status: 'pending', nextAttemptAt: t(20), updatedAt: t(20) });
      const claimed = await webhooks().claimDue({ now: t(20), limit: 5, leaseUntil: t(21), claimId: randomUUID() });
      expect(claimed.map((c) => [c.delivery.id, c.delivery.attempts])).to.deep.equal([[dead.id, 8]]);
    });

    it('deletes the deliveries of a deleted endpoint', async () => {
      const t = era();
      const endpoint = anEndpoint(t());
      await webhooks().insertEndpoint(endpoint);
      const delivery = aDelivery(endpoint, t());
      await webhooks().enqueue([delivery]);
      await webhooks().deleteEndpoint(endpoint.storeId, endpoint.id);
      expect(await webhooks().findDelivery(endpoint.storeId, delivery.id)).to.equal(null);
      expect(await webhooks().claimDue({ now: t(1), limit: 5, leaseUntil: t(2), claimId: randomUUID() })).to.deep.equal([]);
    });
  });
}
