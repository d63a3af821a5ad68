import { expect } from 'chai';
import { openAndPay, registerCard } from './support/customer-steps';
import { ADMIN_TOKEN, card, createHttpHarness, yen, type HttpHarness, type TestStore } from './support/http-harness';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly csv?: string;
}

/** Every store-scoped route, with a body that would be accepted from an entitled caller. `:tx` is a transaction id. */
function storeRoutes(ids: { tx: string; schedule: string; apiKey: string; processingNumber: string }): Route[] {
  const tx = `/transactions/${ids.tx}`;
  return [
    { method: 'GET', path: '' },
    { method: 'GET', path: '/counters' },
    { method: 'POST', path: '/counters', body: { name: 'X1', kind: 'floor' } },
    { method: 'GET', path: '/counters/C11/events' },
    { method: 'GET', path: '/staff' },
    { method: 'POST', path: '/staff', body: { username: 'intruder', password: 'intruder-password', name: 'I', role: 'manager' } },
    { method: 'POST', path: '/suspend' },
    { method: 'POST', path: '/resume' },
    { method: 'GET', path: '/api-keys' },
    { method: 'POST', path: '/api-keys', body: { label: 'stolen' } },
    { method: 'DELETE', path: `/api-keys/${ids.apiKey}` },
    { method: 'PUT', path: '/products/4901234567894', body: { name: 'Free tea', sku: 'T', price: yen(1) } },
    { method: 'GET', path: '/products/4901234567894' },
    { method: 'GET', path: '/products' },
    {
      method: 'POST',
      path: '/schedules',
      body: { name: 'S', counter: 'R1', entries: [{ customerName: 'A', amount: yen(1), dueAt: '2026-11-21T10:00:00Z' }] },
    },
    { method: 'POST', path: '/schedules/import?name=S&counter=R1', csv: 'customerName,amount,dueAt\nA,100,2026-11-21T10:00:00Z\n' },
    { method: 'GET', path: '/schedules' },
    { method: 'GET', path: `/schedules/${ids.schedule}/entries` },
    { method: 'GET', path: '/schedule-entries' },
    { method: 'POST', path: '/counters/C12/transactions', body: { amount: yen(100) } },
    { method: 'GET', path: '/transactions' },
    { method: 'GET', path: tx },
    ...['authorize', 'capture', 'void', 'cancel', 'refund', 'refund-inquiry', 'withdraw-cancellation', 'release-claim'].map((c) => ({
      method: 'POST',
      path: `${tx}/${c}`,
    })),
    { method: 'POST', path: '/cancellations', body: { processingNumber: ids.processingNumber, amount: yen(800), counter: 'C12' } },
    { method: 'GET', path: '/sales' },
    { method: 'GET', path: '/sales/entries' },
  ];
}

describe('HTTP API: authorization matrix (tenant isolation, no state change)', () => {
  let h: HttpHarness;
  let other: TestStore;
  let otherKey: string;
  let pending: { id: string; token: string };
  let sale: { id: string; processingNumber: string };
  let otherPhone: { id: string; token: string };
  let routes: Route[];

  const call = (store: string, route: Route, token?: string) =>
    h.call(route.method, `/api/v1/stores/${store}${route.path}`, {
      ...(token === undefined ? {} : { token }),
      ...(route.csv !== undefined ? { raw: route.csv, contentType: 'text/csv' } : route.body === undefined ? {} : { body: route.body }),
    });

  /** Everything a request could change: every table row, every commit, the network's ledger, the credentials. */
  async function state(): Promise<string> {
    const tables = Object.fromEntries(
      Object.entries(h.uow.db.tables).map(([name, rows]) => [name, [...(rows as Map<string, unknown>).entries()]]),
    );
    const keys = await Promise.all([h.store.id, other.id].map((s) => h.accessTokens.list(s, 'api_key')));
    const sessions = await Promise.all([h.store.id, other.id].map((s) => h.accessTokens.list(s, 'session')));
    return JSON.stringify({
      tables,
      commits: h.uow.db.commits,
      network: h.network.ledger(),
      keys,
      sessions: sessions.map((s) => s.length),
    });
  }

  before(async () => {
    h = await createHttpHarness();
    other = await h.addStore('other-shop');
    otherKey = (await h.call('POST', `/api/v1/stores/${other.code}/api-keys`, { token: other.manager, body: { label: 'pos' } })).body.key;
    const ownKey = (await h.staff('POST', '/api-keys', { token: h.store.manager, body: { label: 'pos' } })).body.id;
    const schedule = (
      await h.staff('POST', '/schedules', {
        token: h.store.manager,
        body: { name: 'S', counter: 'R1', entries: [{ customerName: 'B', amount: yen(5), dueAt: '2026-11-21T10:00:00Z' }] },
      })
    ).body.schedule.id;
    await h.staff('PUT', '/products/4901234567894', { token: h.store.manager, body: { name: 'Tea', sku: 'T', price: yen(150) } });
    const paid = await openAndPay(h, 'C12', 800);
    await h.staff('POST', `/transactions/${paid.id}/authorize`);
    const captured = (await h.staff('POST', `/transactions/${paid.id}/capture`)).body;
    sale = { id: paid.id, processingNumber: captured.processingNumber };
    pending = await openAndPay(h, 'C11', 1200);
    const opened = await h.call('POST', `/api/v1/stores/${other.code}/counters/C11/transactions`, {
      token: other.clerk,
      body: { amount: yen(300) },
    });
    const visit = await h.call('GET', `/api/v1/portal/${other.code}/C11`);
    otherPhone = { id: opened.body.id, token: visit.body.customerToken };
    routes = storeRoutes({ tx: pending.id, schedule, apiKey: ownKey, processingNumber: sale.processingNumber });
  });
  after(() => h.close());

  it('answers 401 to every store route called with no token or a forged one, and changes nothing', async () => {
    const before = await state();
    for (const route of routes) {
      for (const token of [undefined, 'forged', `${h.store.id}.${'x'.repeat(43)}`]) {
        const answer = await call(h.store.code, route, token);
        expect(answer.status, `${route.method} ${route.path} with ${token ?? 'no token'}`).to.equal(401);
      }
    }
    expect(await state()).to.equal(before);
  });

  it("answers 404 store.not_found (never 403) to another store's clerk, manager and API key, and changes nothing", async () => {
    const before = await state();
    for (const route of routes) {
      for (const token of [other.clerk, other.manager, otherKey]) {
        const answer = await call(h.store.code, route, token);
        expect(answer.status, `${route.method} ${route.path}`).to.equal(404);
        expect(answer.body.error.code).to.equal('store.not_found');
      }
    }
    const realStore = await call(h.store.code, routes[0]!, other.manager);
    const noStore = await call('no-such-store', routes[0]!, other.manager);
    expect(realStore.text).to.equal(noStore.text);
    expect(await state()).to.equal(before);
  });

  it("answers 404 to a transaction of another store reached through the caller's own store", async () => {
    const before = await state();
    const foreign = storeRoutes({ tx: otherPhone.id, schedule: 'x', apiKey: 'x', processingNumber: 'x' }).filter((r) =>
      r.path.startsWith('/transactions/'),
    );
    expect(foreign).to.have.length(9);
    for (const route of foreign) {
      const answer = await call(h.store.code, route, h.store.manager);
      expect(answer.status, `${route.method} ${route.path}`).to.equal(404);
      expect(answer.body.error.code).to.equal('transaction.not_found');
    }
    const cancellation = await call(
      other.code,
      { method: 'POST', path: '/cancellations', body: { processingNumber: sale.processingNumber, amount: yen(800), counter: 'C12' } },
      other.manager,
    );
    expect(cancellation.status).to.equal(404);
    expect(await state()).to.equal(before);
  });

  it("answers 401 without a customer token and 404 with another transaction's, on every customer route, and changes nothing", async () => {
    const before = await state();
    const customerRoutes: Route[] = [
      { method: 'GET', path: '' },
      { method: 'GET', path: '/events' },
      { method: 'POST', path: '/amount', body: yen(100) },
      { method: 'POST', path: '/payment-method', body: { type: 'card', card: card('5555555555554444') } },
      { method: 'POST', path: '/cancellation/confirm' },
    ];
    for (const route of customerRoutes) {
      const url = `/api/v1/customer/transactions/${pending.id}${route.path}`;
      const body = route.body === undefined ? {} : { body: route.body };
      expect((await h.call(route.method, url, body)).status, `${route.method} ${route.path}`).to.equal(401);
      for (const token of [otherPhone.token, `${h.store.id}.${pending.token.split('.')[1]!.slice(1)}x`]) {
        const answer = await h.call(route.method, url, { ...body, customer: token });
        expect(answer.status, `${route.method} ${route.path}`).to.equal(404);
        expect(answer.body.error.code).to.equal('transaction.not_found');
      }
      const staffToken = await h.call(route.method, url, { ...body, token: h.store.manager });
      expect(staffToken.status).to.equal(401);
    }
    expect(await state()).to.equal(before);
  });

  it("lets the store's own callers through every one of those routes (the 401s and 404s above are not vacuous)", async () => {
    for (const route of routes.filter((r) => !r.path.endsWith('/events'))) {
      const statuses: number[] = [];
      for (const token of [h.store.clerk, h.store.manager, ADMIN_TOKEN]) statuses.push((await call(h.store.code, route, token)).status);
      expect(
        statuses.some((s) => ![401, 403, 404].includes(s)),
        `${route.method} ${route.path}: ${statuses.join(',')}`,
      ).to.equal(true);
    }
    expect((await h.call('GET', `/api/v1/customer/transactions/${pending.id}`, { customer: pending.token })).status).to.equal(200);
    expect((await registerCard(h, otherPhone.token, otherPhone.id)).status).to.equal(200);
  });
});
