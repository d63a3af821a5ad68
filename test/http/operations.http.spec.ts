import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import {
  counterpayHttp,
  httpModule,
  HTTP_TOKENS,
  type CounterpayHttpOptions,
  type RegisterCounterpayHttp,
} from '@counterpay/adapters-http';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock } from '@counterpay/core';
import { InMemoryAccessTokenStore, InMemoryIdempotencyStore, InMemoryUnitOfWork } from '@counterpay/core/testing';
import { expect } from 'chai';
import Fastify from 'fastify';
import { Container } from 'inversify';
import { openEventStream } from './support/event-stream';
import { ADMIN_TOKEN, createHttpHarness, type HttpHarness } from './support/http-harness';

function bareOptions(overrides: Partial<CounterpayHttpOptions> = {}): CounterpayHttpOptions {
  const uow = new InMemoryUnitOfWork();
  const counterpay = new Counterpay({
    uow,
    posLookup: uow.posLookup(),
    gateway: new MockSettlementGateway(new MockCardNetwork()),
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    hasher: new Sha256SecretHasher(),
  });
  return {
    counterpay,
    events: uow.db.bus,
    idempotency: new InMemoryIdempotencyStore(),
    accessTokens: new InMemoryAccessTokenStore(),
    adminToken: ADMIN_TOKEN,
    ...overrides,
  };
}

/** Every path of the contract (v1), as OpenAPI writes them. */
const CONTRACT_PATHS = [
  '/api/v1/stores',
  '/api/v1/stores/{store}/counters',
  '/api/v1/stores/{store}/staff',
  '/api/v1/stores/{store}/suspend',
  '/api/v1/stores/{store}/resume',
  '/api/v1/auth/login',
  '/api/v1/stores/{store}/counters/{counter}/transactions',
  '/api/v1/stores/{store}/transactions/{id}',
  '/api/v1/stores/{store}/transactions',
  '/api/v1/stores/{store}/transactions/{id}/authorize',
  '/api/v1/stores/{store}/transactions/{id}/capture',
  '/api/v1/stores/{store}/transactions/{id}/void',
  '/api/v1/stores/{store}/transactions/{id}/cancel',
  '/api/v1/stores/{store}/cancellations',
  '/api/v1/stores/{store}/transactions/{id}/refund-inquiry',
  '/api/v1/stores/{store}/transactions/{id}/refund',
  '/api/v1/stores/{store}/counters/{counter}/events',
  '/api/v1/stores/{store}/products/{barcode}',
  '/api/v1/stores/{store}/schedules',
  '/api/v1/stores/{store}/schedule-entries',
  '/api/v1/stores/{store}/sales',
  '/api/v1/portal/{store}/{counter}',
  '/api/v1/customer/transactions/{id}',
  '/api/v1/customer/transactions/{id}/amount',
  '/api/v1/customer/transactions/{id}/payment-method',
  '/api/v1/customer/transactions/{id}/cancellation/confirm',
  '/api/v1/customer/transactions/{id}/events',
  '/healthz',
  '/readyz',
];

describe('HTTP API: operations, documents, headers and wiring', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness({ sseHeartbeatMs: 25 });
  });
  afterEach(() => h.close());

  it('answers /healthz, and /readyz from the readiness probe (503 when false or failing)', async () => {
    expect((await h.call('GET', '/healthz')).body).to.deep.equal({ status: 'ok' });
    expect((await h.call('GET', '/readyz')).body).to.deep.equal({ status: 'ready' });
    for (const readiness of [() => Promise.resolve(false), () => Promise.reject(new Error('database down'))]) {
      const app = Fastify();
      await app.register(counterpayHttp, bareOptions({ readiness, pages: false, docs: false }));
      const answer = await app.inject({ method: 'GET', url: '/readyz' });
      expect(answer.statusCode).to.equal(503);
      expect(answer.json()).to.deep.equal({ status: 'not_ready' });
      await app.close();
    }
  });

  it('documents every contract path and the extensions in OpenAPI 3 at /docs/json, with the security schemes', async () => {
    const doc = (await h.call('GET', '/docs/json')).body;
    expect(doc.openapi).to.match(/^3\./);
    const paths = Object.keys(doc.paths);
    expect(paths).to.include.members(CONTRACT_PATHS);
    expect(paths).to.include.members([
      '/api/v1/stores/{store}',
      '/api/v1/stores/{store}/products',
      '/api/v1/stores/{store}/schedules/{id}/entries',
      '/api/v1/stores/{store}/schedules/import',
      '/api/v1/stores/{store}/api-keys',
      '/api/v1/stores/{store}/transactions/{id}/withdraw-cancellation',
      '/api/v1/stores/{store}/counters/{counter}/qr',
    ]);
    expect(paths.filter((p) => !p.startsWith('/api/') && !['/healthz', '/readyz'].includes(p))).to.deep.equal([]);
    expect(doc.components.securitySchemes).to.have.keys('bearer', 'customerToken');
    expect(
      doc.paths['/api/v1/stores/{store}/counters/{counter}/transactions'].post.requestBody.content['application/json'].schema.properties,
    ).to.have.keys('amount', 'items', 'scheduleEntryId', 'customerEntersAmount');
    expect((await h.call('GET', '/docs')).status).to.be.oneOf([200, 302]);
  });

  it('sends a strict CSP and no-store on the API, and relaxes styles for Swagger UI under /docs only', async () => {
    const api = await h.staff('GET', '/transactions');
    const csp = String(api.headers['content-security-policy']);
    expect(csp).to.include("default-src 'self'").and.include("frame-ancestors 'none'").and.include("script-src 'self'");
    expect(csp).to.not.include('unsafe-inline');
    expect(api.headers['cache-control']).to.equal('no-store');
    expect(api.headers['x-content-type-options']).to.equal('nosniff');
    const docs = await h.call('GET', '/docs/static/index.html');
    expect(String(docs.headers['content-security-policy']))
      .to.include("style-src 'self' 'unsafe-inline'")
      .and.include("frame-ancestors 'none'");
    expect(String(docs.headers['content-security-policy'])).to.not.match(/script-src[^;]*unsafe-inline/);
  });

  it('streams heartbeats, cleans up the subscription when the client leaves, and ends streams when the server closes', async () => {
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${base}/api/v1/stores/${h.store.code}/counters/C11/events`;
    const first = await openEventStream(url, { authorization: `Bearer ${h.store.clerk}` });
    await first.next((e) => e.event === 'snapshot');
    expect(h.activeSubscriptions()).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(first.comments.filter((c) => c === 'heartbeat').length).to.be.greaterThan(0);
    first.close();
    for (let i = 0; i < 50 && h.activeSubscriptions() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.activeSubscriptions()).to.equal(0);

    const second = await openEventStream(url, { authorization: `Bearer ${h.store.clerk}` });
    await second.next((e) => e.event === 'snapshot');
    await h.app.close();
    await second.ended;
    expect(h.activeSubscriptions()).to.equal(0);
  });

  it('refuses a stream to the wrong caller before it starts', async () => {
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const anonymous = await openEventStream(`${base}/api/v1/stores/${h.store.code}/counters/C11/events`, {});
    expect(anonymous.status).to.equal(401);
    const unknownCounter = await openEventStream(`${base}/api/v1/stores/${h.store.code}/counters/C77/events`, {
      authorization: `Bearer ${h.store.clerk}`,
    });
    expect(unknownCounter.status).to.equal(404);
    expect(h.activeSubscriptions()).to.equal(0);
  });

  it('wires through the inversify module (httpModule)', async () => {
    const container = new Container();
    await container.load(httpModule(bareOptions({ pages: false })));
    const register = container.get<RegisterCounterpayHttp>(HTTP_TOKENS.Register);
    const app = Fastify();
    await register(app);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).to.deep.equal({ status: 'ok' });
    await app.close();
  });

  it('refuses to start with a weak admin token', async () => {
    const app = Fastify();
    let failure: unknown = null;
    try {
      await app.register(counterpayHttp, bareOptions({ adminToken: 'short' }));
      await app.ready();
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.match(/adminToken/);
    await app.close().catch(() => undefined);
  });
});
