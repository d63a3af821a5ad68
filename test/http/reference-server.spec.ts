import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '@counterpay/adapters-db/testing';
import { parseBarcode, localDate } from '@counterpay/core';
import { createReferenceServer, DEMO_PRODUCTS, readConfig, seedDemo, type ReferenceServer } from '@counterpay/reference-server';
import { expect } from 'chai';
import { openEventStream } from './support/event-stream';
import { card, TEST_PASSWORD_COST } from './support/http-harness';

describe('Reference server (composition root)', () => {
  let server: ReferenceServer;
  const logs: string[] = [];
  beforeEach(async () => {
    const config = readConfig({ COUNTERPAY_ADMIN_TOKEN: 'reference-admin-token-123', COUNTERPAY_SEED_DEMO: 'true', LOG_LEVEL: 'info' });
    server = await createReferenceServer(config, {
      persistence: { kind: 'memory' },
      passwordCost: TEST_PASSWORD_COST,
      logStream: { write: (l) => logs.push(l) },
    });
  });
  afterEach(() => server.close());

  const call = async (method: 'GET' | 'POST', url: string, token?: string, body?: unknown) => {
    const response = await server.app.inject({
      method,
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };

  it('seeds the demo store once: counters, clerk/clerk and manager/manager, five valid products, a schedule due today and tomorrow', async () => {
    expect(server.seeded).to.equal(true);
    expect(await seedDemo(server.counterpay, { passwordCost: TEST_PASSWORD_COST })).to.deep.equal({ seeded: false });
    const clerk = await call('POST', '/api/v1/auth/login', undefined, { store: 'demo', username: 'clerk', password: 'clerk' });
    expect(clerk.status).to.equal(200);
    expect(clerk.body.staff.role).to.equal('clerk');
    const manager = await call('POST', '/api/v1/auth/login', undefined, { store: 'demo', username: 'manager', password: 'manager' });
    expect(manager.body.staff.role).to.equal('manager');

    const store = await call('GET', '/api/v1/stores/demo', clerk.body.token);
    expect(store.body).to.deep.include({ currency: 'JPY', timezone: 'Asia/Tokyo' });
    const counters = (await call('GET', '/api/v1/stores/demo/counters', clerk.body.token)).body.counters;
    expect(counters.map((c: { name: string; kind: string }) => [c.name, c.kind])).to.deep.equal([
      ['C11', 'salesperson'],
      ['C12', 'salesperson'],
      ['R1', 'route'],
    ]);
    const products = (await call('GET', '/api/v1/stores/demo/products', clerk.body.token)).body.products;
    expect(products).to.have.length(5);
    for (const product of products) {
      expect(parseBarcode(product.barcode).isOk() && product.barcode.length === 13, product.barcode).to.equal(true);
      expect(product.price.value).to.be.greaterThan(0);
    }
    const entries = (await call('GET', '/api/v1/stores/demo/schedule-entries', clerk.body.token)).body.entries;
    expect(entries).to.have.length(3);
    const today = localDate(new Date(), 'Asia/Tokyo');
    const days = entries.map((e: { dueAt: string }) => localDate(new Date(e.dueAt), 'Asia/Tokyo'));
    expect(days.filter((d: string) => d === today)).to.have.length(2);
    expect(days.filter((d: string) => d > today)).to.have.length(1);
    expect(new Set(entries.map((e: { counter: string }) => e.counter))).to.deep.equal(new Set(['R1']));

    const sale = await call('POST', '/api/v1/stores/demo/counters/C11/transactions', clerk.body.token, {
      items: DEMO_PRODUCTS.slice(0, 2).map((p) => ({ barcode: p.barcode, quantity: 1 })),
    });
    expect(sale.status).to.equal(201);
    expect(sale.body.amount.value).to.equal(DEMO_PRODUCTS[0].price + DEMO_PRODUCTS[1].price);
  });

  it('pays F1 over HTTP on PGlite, with the counter stream fed by the outbox relay', async function () {
    this.timeout(60_000);
    const dataDir = await mkdtemp(join(tmpdir(), 'counterpay-pglite-'));
    const config = readConfig({ PORT: '0', COUNTERPAY_ADMIN_TOKEN: 'reference-admin-token-123', LOG_LEVEL: 'warn' });
    const onDisk = await createReferenceServer(config, { persistence: { kind: 'pglite', dataDir }, passwordCost: TEST_PASSWORD_COST });
    try {
      const base = await onDisk.listen();
      const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
        return (await response.json()) as Record<string, unknown> & { id: string; status: string };
      };
      const login = (await post('/api/v1/auth/login', { store: 'demo', username: 'clerk', password: 'clerk' })) as unknown as {
        token: string;
      };
      const staff = { authorization: `Bearer ${login.token}` };
      const stream = await openEventStream(`${base}/api/v1/stores/demo/counters/C12/events`, staff);
      try {
        await stream.next((e) => e.event === 'snapshot');
        const opened = await post('/api/v1/stores/demo/counters/C12/transactions', { amount: { value: 980, currency: 'JPY' } }, staff);
        const visit = (await (await fetch(`${base}/api/v1/portal/demo/C12`)).json()) as { customerToken: string };
        await post(
          `/api/v1/customer/transactions/${opened.id}/payment-method`,
          { type: 'card', card: card('4242424242424242') },
          { 'x-customer-token': visit.customerToken },
        );
        const registered = await stream.next((e) => e.event === 'transaction.method_registered', 10_000);
        expect(registered.data.transaction).to.deep.include({ id: opened.id, counter: 'C12', status: 'method_registered' });
        expect((await post(`/api/v1/stores/demo/transactions/${opened.id}/authorize`, {}, staff)).status).to.equal('authorized');
        expect((await post(`/api/v1/stores/demo/transactions/${opened.id}/capture`, {}, staff)).status).to.equal('captured');
        await stream.next((e) => e.event === 'transaction.captured', 10_000);
      } finally {
        stream.close();
      }
    } finally {
      await onDisk.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('runs the whole server process: prints the URLs and the generated admin token, and exits 0 on SIGTERM', async function () {
    this.timeout(60_000);
    const dataDir = await mkdtemp(join(tmpdir(), 'counterpay-reference-'));
    const main = resolve(__dirname, '../../../examples/reference-server/dist/main.js');
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        COUNTERPAY_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        COUNTERPAY_ADMIN_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      for (let i = 0; i < 400 && !/admin token/.test(output); i++) await new Promise((r) => setTimeout(r, 50));
      expect(output).to.match(/listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(output).to.include('/clerk').and.include('/store').and.include('/docs').and.include('demo store seeded');
      expect(output).to.match(/admin token\s+[A-Za-z0-9_-]{24,}\s+\(generated/);
      const address = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      const ready = await fetch(`${address}/readyz`);
      expect(await ready.json()).to.deep.equal({ status: 'ready' });
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Reference server on Postgres: two processes share the rate limits', function () {
  this.timeout(60_000);
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  let database: TestDatabase;
  const servers: ReferenceServer[] = [];

  before(async () => {
    database = await createTestDatabase(serverUrl);
    // One after the other: each applies the migrations at start.
    for (let i = 0; i < 2; i++) {
      const config = readConfig({ DATABASE_URL: database.url, COUNTERPAY_ADMIN_TOKEN: 'reference-admin-token-123', LOG_LEVEL: 'fatal' });
      servers.push(await createReferenceServer(config, { passwordCost: TEST_PASSWORD_COST }));
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await database?.drop();
  });

  it('counts the logins of both in one window: the eleventh failed login in a minute is refused by either', async () => {
    const login = async (server: ReferenceServer) =>
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { store: 'demo', username: 'clerk', password: 'not-the-password' },
        })
      ).statusCode;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await login(servers[i % 2]!));
    expect(statuses, 'ten attempts, five on each process').to.deep.equal(Array.from({ length: 10 }, () => 401));
    expect(await login(servers[0]!)).to.equal(429);
    expect(await login(servers[1]!)).to.equal(429);
  });
});
