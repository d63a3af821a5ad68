import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPglitePersistence, createPostgresPersistence } from '@counterpay/adapters-db';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@counterpay/adapters-db/testing';
import type { Transaction } from '@counterpay/core';
import { CounterMother, expectOk, TransactionMother } from '@counterpay/core/testing';
import { verifyWebhook, type WebhookEventJson } from '@counterpay/adapters-http';
import { createReferenceServer, readConfig, type PersistenceChoice, type ReferenceServer } from '@counterpay/reference-server';
import { expect } from 'chai';
import { card, TEST_PASSWORD_COST } from '../http/support/http-harness';

const ADMIN = 'reference-admin-token-123';

interface Delivered {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The merchant's system: a plain Node server that records what it gets and answers `status(n)` to the n-th request. */
async function merchantReceiver(): Promise<{ url: string; got: Delivered[]; status: (n: number) => number; close(): Promise<void> }> {
  const receiver = {
    url: '',
    got: [] as Delivered[],
    status: (_n: number) => 200,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      receiver.got.push({ headers: request.headers, body });
      response.writeHead(receiver.status(receiver.got.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/counterpay/webhooks`;
  receiver.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return receiver;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function webhooksOverHttp(driver: string, persistence: () => Promise<{ choice: PersistenceChoice; cleanUp(): Promise<void> }>): void {
  describe(`Webhooks over HTTP on the reference server (${driver})`, function () {
    this.timeout(60_000);
    let server: ReferenceServer;
    let choice: PersistenceChoice;
    let config: ReturnType<typeof readConfig>;
    let cleanUp: () => Promise<void>;
    let base: string;
    let receiver: Awaited<ReturnType<typeof merchantReceiver>>;

    const call = async (
      method: string,
      path: string,
      token?: string,
      body?: unknown,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read fields of arbitrary JSON
    ): Promise<{ status: number; body: any; text: string }> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : JSON.parse(text), text };
    };
    const login = async (store: string, username: string, password: string): Promise<string> =>
      (await call('POST', '/api/v1/auth/login', undefined, { store, username, password })).body.token;

    before(async () => {
      const chosen = await persistence();
      cleanUp = chosen.cleanUp;
      choice = chosen.choice;
      config = readConfig({ PORT: '0', COUNTERPAY_ADMIN_TOKEN: ADMIN, COUNTERPAY_SEED_DEMO: 'true', LOG_LEVEL: 'warn' });
      server = await createReferenceServer(config, { persistence: choice, passwordCost: TEST_PASSWORD_COST });
      base = await server.listen();
    });

    after(async () => {
      await server?.close();
      await cleanUp?.();
    });

    beforeEach(async () => {
      receiver = await merchantReceiver();
    });

    afterEach(async () => {
      await receiver.close();
      const manager = await login('demo', 'manager', 'manager');
      for (const endpoint of (await call('GET', '/api/v1/stores/demo/webhook-endpoints', manager)).body.webhookEndpoints) {
        await call('DELETE', `/api/v1/stores/demo/webhook-endpoints/${endpoint.id}`, manager);
      }
    });

    it('F1 through the API: the merchant receives transaction.captured, signed and verifiable, with no card number', async () => {
      const manager = await login('demo', 'manager', 'manager');
      const created = await call('POST', '/api/v1/stores/demo/webhook-endpoints', manager, {
        url: receiver.url,
        events: ['transaction.captured'],
      });
      expect(created.status, created.text).to.equal(201);
      expect(created.body).to.deep.include({ url: receiver.url, events: ['transaction.captured'], enabled: true });
      const secret: string = created.body.secret;
      expect(secret).to.match(/^whsec_[A-Za-z0-9+/]+=*$/);

      const clerk = await login('demo', 'clerk', 'clerk');
      const opened = await call('POST', '/api/v1/stores/demo/counters/C11/transactions', clerk, {
        amount: { value: 1200, currency: 'JPY' },
      });
      expect(opened.status, opened.text).to.equal(201);
      const visit = await call('GET', '/api/v1/portal/demo/C11');
      const paid = await fetch(`${base}/api/v1/customer/transactions/${opened.body.id}/payment-method`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-customer-token': visit.body.customerToken },
        body: JSON.stringify({ type: 'card', card: card('4242424242424242') }),
      });
      expect(paid.status).to.equal(200);
      expect((await call('POST', `/api/v1/stores/demo/transactions/${opened.body.id}/authorize`, clerk, {})).body.status).to.equal(
        'authorized',
      );
      const captured = await call('POST', `/api/v1/stores/demo/transactions/${opened.body.id}/capture`, clerk, {});
      expect(captured.body.status).to.equal('captured');

      const delivered = await eventually('the webhook', () => receiver.got[0]);
      const seen = new Set<string>();
      const verified = await verifyWebhook({ secret, headers: delivered.headers, rawBody: delivered.body, seen });
      expect(verified.isOk(), JSON.stringify(verified)).to.equal(true);
      const event = verified._unsafeUnwrap().payload as WebhookEventJson;
      expect(event).to.deep.include({ type: 'transaction.captured', store: 'demo' });
      expect(event.data.transaction).to.deep.include({
        id: opened.body.id,
        status: 'captured',
        processingNumber: captured.body.processingNumber,
        amount: { value: 1200, currency: 'JPY' },
      });
      expect(event.data.transaction.paymentMethod).to.deep.include({ type: 'card', brand: 'visa', last4: '4242' });
      expect(event.data.details).to.deep.include({ processingNumber: captured.body.processingNumber, to: 'captured' });
      expect(delivered.body).to.not.include('4242424242424242');
      expect(delivered.body).to.not.include('tok_');
      expect(delivered.body).to.not.include(visit.body.customerToken);
      expect(receiver.got, 'only the event type asked for').to.have.length(1);

      const replayed = await verifyWebhook({ secret, headers: delivered.headers, rawBody: delivered.body, seen });
      expect(replayed._unsafeUnwrapErr().reason).to.equal('replayed');
      const tampered = await verifyWebhook({ secret, headers: delivered.headers, rawBody: delivered.body.replace('1200', '120') });
      expect(tampered._unsafeUnwrapErr().reason).to.equal('signature_mismatch');

      const log = await call('GET', '/api/v1/stores/demo/webhook-deliveries', manager);
      expect(log.body.webhookDeliveries).to.have.length(1);
      expect(log.body.webhookDeliveries[0]).to.deep.include({
        id: delivered.headers['webhook-id'],
        endpoint: created.body.id,
        eventType: 'transaction.captured',
        status: 'succeeded',
        attempts: 1,
        lastResponseStatus: 200,
      });
      expect(log.body.webhookDeliveries[0]).to.not.have.property('payload');
      const one = await call('GET', `/api/v1/stores/demo/webhook-deliveries/${delivered.headers['webhook-id']}`, manager);
      expect(one.body.payload, 'the log keeps the exact body').to.equal(delivered.body);
    });

    it('delivers an event committed while the server was down, once it starts again', async () => {
      const manager = await login('demo', 'manager', 'manager');
      const created = await call('POST', '/api/v1/stores/demo/webhook-endpoints', manager, {
        url: receiver.url,
        events: ['transaction.opened'],
      });
      expect(created.status, created.text).to.equal(201);
      await server.close();

      // The server is down; another program (a batch job, a process of an older release) opens a
      // transaction in the same database through the library.
      if (choice.kind === 'memory') throw new Error('this test needs a database');
      const other =
        choice.kind === 'postgres'
          ? await createPostgresPersistence({ url: choice.url })
          : await createPglitePersistence({ dataDir: choice.dataDir });
      let opened: Transaction;
      try {
        const store = (await other.uow.repositories.stores.findByCode('demo'))!;
        const counter = CounterMother.create(store);
        await expectOk(other.uow.repositories.counters.insert(counter));
        opened = TransactionMother.open(store, counter);
        await expectOk(other.uow.repositories.transactions.insert(opened));
      } finally {
        await other.close();
      }
      expect(receiver.got, 'nobody was there to send it').to.deep.equal([]);

      server = await createReferenceServer(config, { persistence: choice, passwordCost: TEST_PASSWORD_COST });
      base = await server.listen();
      const delivered = await eventually('the webhook of the missed event', () => receiver.got[0]);
      const verified = await verifyWebhook({ secret: created.body.secret, headers: delivered.headers, rawBody: delivered.body });
      expect(verified.isOk(), JSON.stringify(verified)).to.equal(true);
      const event = verified._unsafeUnwrap().payload as WebhookEventJson;
      expect(event).to.deep.include({ type: 'transaction.opened', store: 'demo' });
      expect(event.data.transaction).to.deep.include({ id: opened.id });
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.got, 'once').to.have.length(1);
    });

    it('logs a failed delivery, sends it again on manual redelivery, and keeps all of it inside the store', async () => {
      receiver.status = (n) => (n === 1 ? 503 : 204);
      const manager = await login('demo', 'manager', 'manager');
      const endpoint = (await call('POST', '/api/v1/stores/demo/webhook-endpoints', manager, { url: receiver.url })).body;
      const clerk = await login('demo', 'clerk', 'clerk');
      await call('POST', '/api/v1/stores/demo/counters/C12/transactions', clerk, { amount: { value: 500, currency: 'JPY' } });

      const failed = await eventually('a failed attempt', async () => {
        const log = await call('GET', '/api/v1/stores/demo/webhook-deliveries?status=failed', manager);
        return log.body.webhookDeliveries[0];
      });
      expect(failed).to.deep.include({ eventType: 'transaction.opened', attempts: 1, lastResponseStatus: 503, lastError: 'HTTP 503' });
      expect(Date.parse(failed.nextAttemptAt) - Date.parse(failed.lastAttemptAt)).to.be.within(8_000, 12_000);

      expect((await call('POST', `/api/v1/stores/demo/webhook-deliveries/${failed.id}/redeliver`, clerk, {})).status, 'a clerk').to.equal(
        403,
      );
      const again = await call('POST', `/api/v1/stores/demo/webhook-deliveries/${failed.id}/redeliver`, manager, {});
      expect(again.status, again.text).to.equal(202);
      expect(again.body).to.deep.include({ id: failed.id, status: 'pending' });
      const succeeded = await eventually('the redelivery', async () => {
        const one = (await call('GET', `/api/v1/stores/demo/webhook-deliveries/${failed.id}`, manager)).body;
        return one.status === 'succeeded' ? one : undefined;
      });
      expect(succeeded).to.deep.include({ attempts: 2, lastResponseStatus: 204, lastError: null });
      expect(receiver.got.map((g) => g.headers['webhook-id'])).to.deep.equal([failed.id, failed.id]);
      for (const got of receiver.got) {
        expect((await verifyWebhook({ secret: endpoint.secret, headers: got.headers, rawBody: got.body })).isOk()).to.equal(true);
      }

      await call('POST', '/api/v1/stores', ADMIN, { code: 'other', name: 'Other', currency: 'JPY', timezone: 'Asia/Tokyo' });
      await call('POST', '/api/v1/stores/other/staff', ADMIN, {
        username: 'boss',
        password: 'boss-password',
        name: 'Boss',
        role: 'manager',
      });
      const stranger = await login('other', 'boss', 'boss-password');
      expect((await call('GET', '/api/v1/stores/demo/webhook-deliveries', stranger)).status).to.equal(404);
      const foreign = await call('POST', `/api/v1/stores/other/webhook-deliveries/${failed.id}/redeliver`, stranger, {});
      expect([foreign.status, foreign.body.error.code]).to.deep.equal([404, 'webhook_delivery.not_found']);
      const foreignEndpoint = await call('DELETE', `/api/v1/stores/other/webhook-endpoints/${endpoint.id}`, stranger);
      expect([foreignEndpoint.status, foreignEndpoint.body.error.code]).to.deep.equal([404, 'webhook_endpoint.not_found']);
      expect((await call('GET', '/api/v1/stores/other/webhook-deliveries', stranger)).body.webhookDeliveries).to.deep.equal([]);

      const listed = await call('GET', '/api/v1/stores/demo/webhook-endpoints', manager);
      expect(listed.body.webhookEndpoints).to.have.length(1);
      expect(listed.text, 'the secret is shown once only').to.not.include(endpoint.secret);
      expect((await call('DELETE', `/api/v1/stores/demo/webhook-endpoints/${endpoint.id}`, manager)).status).to.equal(204);
      expect((await call('GET', '/api/v1/stores/demo/webhook-endpoints', manager)).body.webhookEndpoints).to.deep.equal([]);
      expect((await call('GET', '/api/v1/stores/demo/webhook-deliveries', manager)).body.webhookDeliveries).to.deep.equal([]);
    });

    it('validates endpoints: unknown fields, unknown event types and URLs that are not http(s) are refused', async () => {
      const manager = await login('demo', 'manager', 'manager');
      const cases: [unknown, string][] = [
        [{ url: receiver.url, secret: 'mine' }, 'body.secret'],
        [{ url: receiver.url, events: ['transaction.teleported'] }, 'body.events'],
        [{ url: 'ftp://merchant.example/hooks' }, 'body.url'],
        [{}, 'body.url'],
      ];
      for (const [body, field] of cases) {
        const refused = await call('POST', '/api/v1/stores/demo/webhook-endpoints', manager, body);
        expect(refused.status, JSON.stringify(body)).to.equal(400);
        expect(refused.body.error.code).to.equal('validation.failed');
        expect(refused.text).to.include(field);
      }
      const docs = await call('GET', '/docs/json');
      expect(Object.keys(docs.body.paths)).to.include.members([
        '/api/v1/stores/{store}/webhook-endpoints',
        '/api/v1/stores/{store}/webhook-deliveries/{id}/redeliver',
      ]);
    });
  });
}

webhooksOverHttp('pglite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'counterpay-webhooks-'));
  return { choice: { kind: 'pglite', dataDir }, cleanUp: () => rm(dataDir, { recursive: true, force: true }) };
});

describe('Webhooks over HTTP on Postgres', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  webhooksOverHttp('postgres', async () => {
    const database: TestDatabase = await createTestDatabase(serverUrl);
    return { choice: { kind: 'postgres', url: database.url }, cleanUp: () => database.drop() };
  });
});
