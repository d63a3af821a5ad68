import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Counterpay,
  CryptoIdGenerator,
  Sha256SecretHasher,
  type PublishedEvent,
  type SettlementGateway,
  type WebhookEndpoint,
} from '@counterpay/core';
import { InMemoryUnitOfWork, InMemoryWebhookStore, ManualClock, SeededIdGenerator } from '@counterpay/core/testing';
import { expect } from 'chai';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher';
import type { WebhookEventJson } from './webhook-payload';
import { generateWebhookSecret, verifyWebhook, type VerifiedWebhook } from './webhook-signature';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly verified: VerifiedWebhook | null;
}

/** A merchant's receiver on 127.0.0.1: verifies each request with the exported helper, answers `answer(n)` to the n-th. */
class Receiver {
  readonly received: Received[] = [];
  answer: (n: number) => number | 'hang' = () => 200;
  private server: Server | null = null;
  url = '';

  constructor(
    private readonly secret: () => string,
    private readonly clock: ManualClock,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        void verifyWebhook({ secret: this.secret(), headers: request.headers, rawBody: body, now: this.clock.now() }).then((result) => {
          this.received.push({ headers: request.headers, body, verified: result.isOk() ? result.value : null });
          const status = this.answer(this.received.length);
          if (status !== 'hang') response.writeHead(result.isOk() ? status : 400).end();
        });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const noNetwork = new Proxy({} as SettlementGateway, {
  get: () => () => {
    throw new Error('these tests never reach the card network');
  },
});

describe('WebhookDispatcher: queue, sign, send, retry with backoff, redeliver', () => {
  let clock: ManualClock;
  let uow: InMemoryUnitOfWork;
  let cp: Counterpay;
  let hooks: InMemoryWebhookStore;
  let events: PublishedEvent[];
  let receiver: Receiver;
  let endpoint: WebhookEndpoint;
  let clerk: { storeId: string; staffId: string | null };
  const dispatchers: WebhookDispatcher[] = [];

  const dispatcher = (options: Partial<WebhookDispatcherOptions> = {}) => {
    const made = new WebhookDispatcher({
      store: hooks,
      repositories: uow.repositories,
      clock,
      ids: new CryptoIdGenerator(),
      allowInsecureUrls: true,
      random: () => 0.5,
      timeoutMs: 2000,
      ...options,
    });
    dispatchers.push(made);
    return made;
  };

  const addEndpoint = async (overrides: Partial<WebhookEndpoint> = {}): Promise<WebhookEndpoint> => {
    const added: WebhookEndpoint = {
      id: new CryptoIdGenerator().id(),
      storeId: clerk.storeId,
      url: receiver.url,
      secret: generateWebhookSecret(),
      eventTypes: null,
      enabled: true,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      ...overrides,
    };
    await hooks.insertEndpoint(added);
    return added;
  };

  const openTransaction = async (value = 1200) => {
    const opened = await cp.openTransaction(clerk, 'C11', { kind: 'amount', amount: { value, currency: 'JPY' } });
    return opened._unsafeUnwrap();
  };

  const log = async () => hooks.listDeliveries(clerk.storeId);

  beforeEach(async () => {
    clock = new ManualClock('2026-11-21T03:00:00Z');
    uow = new InMemoryUnitOfWork();
    cp = new Counterpay({
      uow,
      posLookup: uow.posLookup(),
      gateway: noNetwork,
      clock,
      ids: new SeededIdGenerator(3),
      hasher: new Sha256SecretHasher(),
    });
    hooks = new InMemoryWebhookStore();
    events = [];
    uow.db.bus.subscribeAll((e) => events.push(e));
    const store = (await cp.openStore({ code: 'shop', name: 'Shop', currency: 'JPY', timezone: 'Asia/Tokyo' }))._unsafeUnwrap();
    (await cp.addCounter(store.id, { name: 'C11', kind: 'salesperson' }))._unsafeUnwrap();
    clerk = { storeId: store.id, staffId: null };
    receiver = await new Receiver(() => endpoint.secret, clock).start();
    endpoint = await addEndpoint();
  });

  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await receiver.stop();
  });

  it('delivers a committed event signed: the receiver verifies it, and the body is the API transaction JSON', async () => {
    const d = dispatcher();
    const opened = await openTransaction();
    await d.publish(events);
    expect(await d.runDue()).to.equal(1);

    expect(receiver.received).to.have.length(1);
    const [request] = receiver.received;
    expect(request?.verified, 'verified with the exported helper').to.not.equal(null);
    expect(request?.headers['content-type']).to.equal('application/json');
    expect(request?.headers['user-agent']).to.equal('counterpay-webhooks/1');
    const [delivery] = await log();
    expect(request?.headers['webhook-id']).to.equal(delivery?.id);
    expect(request?.headers['webhook-timestamp']).to.equal(String(clock.now().getTime() / 1000));
    expect(request?.body, 'the stored payload, byte for byte').to.equal(delivery?.payload);

    const body = request?.verified?.payload as WebhookEventJson;
    expect(body).to.deep.include({ id: events[0]?.id, type: 'transaction.opened', timestamp: '2026-11-21T03:00:00.000Z', store: 'shop' });
    expect(body.data.transaction).to.deep.include({
      id: opened.id,
      store: 'shop',
      counter: 'C11',
      status: 'awaiting_method',
      amount: { value: 1200, currency: 'JPY' },
    });
    expect(delivery).to.deep.include({ status: 'succeeded', attempts: 1, lastResponseStatus: 200, lastError: null, nextAttemptAt: null });
  });

  it('retries a failing receiver after 10 s, 1 min and 5 min, then succeeds; the log shows each attempt', async () => {
    receiver.answer = (n) => (n <= 3 ? 500 : 204);
    const d = dispatcher();
    await openTransaction();
    await d.publish(events);
    const start = clock.now().getTime();

    expect(await d.runDue()).to.equal(1);
    let [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'failed', attempts: 1, lastResponseStatus: 500, lastError: 'HTTP 500' });
    expect(delivery?.nextAttemptAt?.getTime()).to.equal(start + 10_000);

    clock.advance(9_999);
    expect(await d.runDue(), 'not due before its time').to.equal(0);
    clock.advance(1);
    expect(await d.runDue()).to.equal(1);
    [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'failed', attempts: 2 });
    expect(delivery?.nextAttemptAt?.getTime()).to.equal(start + 10_000 + 60_000);

    clock.advance(60_000);
    expect(await d.runDue()).to.equal(1);
    [delivery] = await log();
    expect(delivery?.nextAttemptAt?.getTime()).to.equal(start + 70_000 + 300_000);

    clock.advance(300_000);
    expect(await d.runDue()).to.equal(1);
    [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'succeeded', attempts: 4, lastResponseStatus: 204, lastError: null, nextAttemptAt: null });

    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 'one webhook-id on every attempt').to.equal(1);
    expect(receiver.received.map((r) => Number(r.headers['webhook-timestamp']) - start / 1000)).to.deep.equal([0, 10, 70, 370]);
    expect(
      receiver.received.every((r) => r.verified !== null),
      'every attempt freshly signed',
    ).to.equal(true);
  });

  it('spreads each wait by up to ± 20 %, so that failed deliveries do not return in a herd', async () => {
    receiver.answer = () => 503;
    await openTransaction();
    for (const [random, wait] of [
      [0, 8_000],
      [0.999999, 12_000],
    ] as const) {
      hooks = new InMemoryWebhookStore();
      await hooks.insertEndpoint(endpoint);
      const d = dispatcher({ random: () => random });
      await d.publish(events);
      await d.runDue();
      const [delivery] = await log();
      expect((delivery?.nextAttemptAt?.getTime() ?? 0) - clock.now().getTime()).to.be.closeTo(wait, 1);
    }
  });

  it('gives up after the last attempt (dead), and a manual redelivery sends it once more', async () => {
    receiver.answer = () => 503;
    const d = dispatcher({ retryDelaysMs: [1_000, 2_000] });
    await openTransaction();
    await d.publish(events);
    await d.runDue();
    clock.advance(1_000);
    await d.runDue();
    clock.advance(2_000);
    await d.runDue();
    let [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'dead', attempts: 3, nextAttemptAt: null, lastResponseStatus: 503, lastError: 'HTTP 503' });
    clock.advance(86_400_000);
    expect(await d.runDue(), 'a dead delivery is not retried').to.equal(0);

    receiver.answer = () => 200;
    await hooks.redeliver(clerk.storeId, delivery?.id ?? '', clock.now());
    expect(await d.runDue()).to.equal(1);
    [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'succeeded', attempts: 4, lastResponseStatus: 200 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).to.deep.equal(Array(4).fill(delivery?.id));
  });

  it('queues one delivery per endpoint and event, however often the event is published, for enabled endpoints whose filter matches', async () => {
    const cancelsOnly = await addEndpoint({ eventTypes: ['transaction.cancelled'] });
    await addEndpoint({ enabled: false });
    const d = dispatcher();
    const opened = await openTransaction();
    (await cp.cancel(clerk, opened.id))._unsafeUnwrap();
    await d.publish(events);
    await d.publish(events);
    await dispatcher().publish(events);

    const queued = await log();
    expect(
      queued
        .map((q) => `${q.endpointId === endpoint.id ? 'all' : q.endpointId === cancelsOnly.id ? 'cancels' : 'disabled'} ${q.eventType}`)
        .sort(),
    ).to.deep.equal(['all transaction.cancelled', 'all transaction.opened', 'cancels transaction.cancelled']);
  });

  it('never sends one delivery twice when several workers run at once', async () => {
    for (let i = 0; i < 5; i += 1) {
      const opened = await openTransaction(100 + i);
      (await cp.cancel(clerk, opened.id))._unsafeUnwrap();
    }
    await dispatcher().publish(events);
    const attempts = await Promise.all(
      [dispatcher({ concurrency: 2 }), dispatcher({ concurrency: 3 }), dispatcher()].map((d) => d.runDue()),
    );
    expect(attempts.reduce((a, b) => a + b, 0)).to.equal(10);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).to.equal(10);
    expect(ids).to.have.length(10);
  });

  it('counts a receiver that does not answer in time, or refuses the connection, as a failed attempt', async () => {
    receiver.answer = () => 'hang';
    const d = dispatcher({ timeoutMs: 150 });
    await openTransaction();
    await d.publish(events);
    await d.runDue();
    let [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'failed', attempts: 1, lastResponseStatus: null, lastError: 'timeout after 150 ms' });

    await receiver.stop();
    clock.advance(10_000);
    await d.runDue();
    [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'failed', attempts: 2, lastResponseStatus: null });
    expect(delivery?.lastError).to.match(/^ECONNREFUSED/);
  });

  it('refuses http and loopback endpoints unless insecure URLs are allowed', async () => {
    const d = dispatcher({ allowInsecureUrls: false });
    await openTransaction();
    await d.publish(events);
    await d.runDue();
    const [delivery] = await log();
    expect(delivery).to.deep.include({ status: 'failed', lastError: 'the URL must be https' });
    expect(receiver.received).to.deep.equal([]);
  });

  it('delivers on its own once started', async () => {
    const d = dispatcher({ pollIntervalMs: 20 });
    d.start();
    await openTransaction();
    await d.publish(events);
    const until = Date.now() + 3000;
    while (receiver.received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await d.stop();
    expect(receiver.received).to.have.length(1);
    const [delivery] = await log();
    expect(delivery?.status).to.equal('succeeded');
  });
});
