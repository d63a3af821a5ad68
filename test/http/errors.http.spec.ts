import { expect } from 'chai';
import type { RateCounter } from '@counterpay/core';
import { InMemoryRateCounter } from '@counterpay/core/testing';
import { claimCounter, openAndPay, openAt, registerCard } from './support/customer-steps';
import { ADMIN_TOKEN, createHttpHarness, yen, type Answer, type HttpHarness } from './support/http-harness';

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).to.equal(status);
  expect(answer.body).to.have.all.keys('error');
  expect(answer.body.error).to.have.all.keys('code', 'message', 'details');
  expect(answer.body.error.code).to.equal(code);
  expect(answer.text).to.not.match(/at .*\.js:\d+/);
}

describe('HTTP API: every error status of the contract, with the error body', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness();
  });
  afterEach(() => h.close());

  describe('400 validation', () => {
    it('refuses unknown fields, with the field in the details (no mass assignment)', async () => {
      const answer = await h.staff('POST', '/counters/C11/transactions', { body: { amount: yen(100), status: 'captured' } });
      expectError(answer, 400, 'validation.failed');
      expect(answer.body.error.details.errors[0].field).to.equal('body.status');
      expect(answer.body.error.message).to.equal('body.status is not a known field');
      const nested = await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: 100, currency: 'JPY', rate: 1 } } });
      expect(nested.body.error.details.errors[0].field).to.equal('body.amount.rate');
      expectError(
        await h.staff('POST', `/transactions/00000000-0000-4000-a000-000000000000/authorize`, { body: { force: true } }),
        400,
        'validation.failed',
      );
      expectError(await h.staff('GET', '/transactions?counter=C11&debug=1'), 400, 'validation.failed');
    });

    it('takes money only as integer minor units, positive', async () => {
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: 12.5, currency: 'JPY' } } }),
        400,
        'validation.failed',
      );
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: '1200', currency: 'JPY' } } }),
        400,
        'validation.failed',
      );
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: -1, currency: 'JPY' } } }),
        400,
        'validation.failed',
      );
      expectError(await h.staff('POST', '/counters/C11/transactions', { body: { amount: yen(0) } }), 400, 'money.invalid_amount');
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: 100, currency: 'XYZ' } } }),
        400,
        'money.unknown_currency',
      );
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: { value: 100, currency: 'USD' } } }),
        400,
        'money.currency_mismatch',
      );
    });

    it('answers 400, not 500, to __proto__ and constructor keys, and to broken JSON', async () => {
      for (const raw of [
        '{"amount":{"value":1,"currency":"JPY"},"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"amount":',
      ]) {
        expectError(await h.staff('POST', '/counters/C11/transactions', { raw }), 400, 'validation.failed');
      }
      expect(({} as Record<string, unknown>)['admin']).to.equal(undefined);
    });

    it('wants exactly one way to open a transaction', async () => {
      expectError(await h.staff('POST', '/counters/C11/transactions', { body: {} }), 400, 'validation.failed');
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { body: { amount: yen(100), customerEntersAmount: true } }),
        400,
        'validation.failed',
      );
      expectError(await h.staff('POST', '/counters/C11/transactions', { body: { customerEntersAmount: false } }), 400, 'validation.failed');
    });
  });

  describe('401 and 403', () => {
    it('answers 401 with no token, a made-up token, an expired session or a signed-out one', async () => {
      expectError(await h.call('GET', `/api/v1/stores/${h.store.code}/transactions`), 401, 'auth.unauthenticated');
      expectError(await h.staff('GET', '/transactions', { token: 'nope' }), 401, 'auth.unauthenticated');
      expectError(await h.staff('GET', '/transactions', { token: `${h.store.id}.not-the-secret` }), 401, 'auth.unauthenticated');
      expectError(
        await h.call('GET', '/api/v1/auth/me', { headers: { authorization: `Basic ${Buffer.from('clerk:x').toString('base64')}` } }),
        401,
        'auth.unauthenticated',
      );

      const login = await h.call('POST', '/api/v1/auth/login', {
        body: { store: h.store.code, username: 'clerk', password: 'clerk-password' },
      });
      expect((await h.staff('GET', '/transactions', { token: login.body.token })).status).to.equal(200);
      expect((await h.call('POST', '/api/v1/auth/logout', { token: login.body.token })).status).to.equal(204);
      expectError(await h.staff('GET', '/transactions', { token: login.body.token }), 401, 'auth.unauthenticated');

      expect((await h.staff('GET', '/transactions')).status).to.equal(200);
      h.clock.advance(12 * 3600_000 + 1);
      expectError(await h.staff('GET', '/transactions'), 401, 'auth.unauthenticated');
    });

    it('answers the same 401 for an unknown store, an unknown user and a wrong password', async () => {
      const attempts = [
        { store: 'no-such-store', username: 'clerk', password: 'clerk-password' },
        { store: h.store.code, username: 'nobody', password: 'clerk-password' },
        { store: h.store.code, username: 'clerk', password: 'wrong-password' },
      ];
      const bodies = new Set<string>();
      for (const body of attempts) {
        const answer = await h.call('POST', '/api/v1/auth/login', { body });
        expectError(answer, 401, 'auth.invalid_credentials');
        bodies.add(answer.text);
      }
      expect(bodies.size).to.equal(1);
    });

    it('answers 403 when the role lacks the right, and 401 (not 403) to a customer token on staff routes', async () => {
      expectError(
        await h.staff('PUT', '/products/4901234567894', { body: { name: 'Tea', sku: 'T', price: yen(100) } }),
        403,
        'auth.forbidden',
      );
      expectError(await h.staff('GET', '/sales'), 403, 'auth.forbidden');
      expectError(await h.staff('POST', '/suspend', { token: h.store.manager }), 403, 'auth.forbidden');
      expectError(
        await h.call('POST', '/api/v1/stores', {
          token: h.store.manager,
          body: { code: 'x', name: 'x', currency: 'JPY', timezone: 'UTC' },
        }),
        403,
        'auth.forbidden',
      );
      const key = await h.staff('POST', '/api-keys', { token: h.store.manager, body: { label: 'pos' } });
      expectError(await h.staff('POST', '/api-keys', { token: key.body.key, body: { label: 'another' } }), 403, 'auth.forbidden');
      const opened = await openAt(h, 'C11', { amount: yen(100) });
      const { token } = await claimCounter(h, 'C11');
      expectError(
        await h.call('GET', `/api/v1/stores/${h.store.code}/transactions/${opened.id}`, { customer: token }),
        401,
        'auth.unauthenticated',
      );
    });
  });

  describe('404', () => {
    it('answers 404 for unknown objects and routes', async () => {
      expectError(await h.staff('GET', '/transactions/00000000-0000-4000-a000-000000000000'), 404, 'transaction.not_found');
      expectError(await h.staff('POST', '/counters/C99/transactions', { body: { amount: yen(100) } }), 404, 'counter.not_found');
      expectError(await h.staff('GET', '/products/4901234567894'), 404, 'product.not_found');
      expectError(await h.call('GET', `/api/v1/portal/${h.store.code}/C11`), 404, 'counter.nothing_presented');
      expectError(await h.call('GET', '/api/v1/portal/nowhere/C11'), 404, 'store.not_found');
      expectError(await h.call('GET', '/api/v1/stores/nowhere', { token: ADMIN_TOKEN }), 404, 'store.not_found');
      expectError(await h.call('GET', '/api/v1/no-such-route'), 404, 'route.not_found');
      expectError(
        await h.staff('GET', '/schedules/00000000-0000-4000-a000-000000000000/entries', { token: h.store.manager }),
        404,
        'schedule.not_found',
      );
    });
  });

  describe('409', () => {
    it('answers 409 for a busy counter, a wrong state, a claimed transaction and a suspended store', async () => {
      const opened = await openAt(h, 'C11', { amount: yen(100) });
      expectError(await h.staff('POST', '/counters/C11/transactions', { body: { amount: yen(200) } }), 409, 'counter.busy');
      expectError(await h.staff('POST', `/transactions/${opened.id}/capture`), 409, 'transaction.invalid_state');
      await claimCounter(h, 'C11');
      expectError(await h.call('GET', `/api/v1/portal/${h.store.code}/C11`), 409, 'transaction.claimed');

      expect((await h.staff('POST', '/suspend', { token: ADMIN_TOKEN })).body.status).to.equal('suspended');
      expectError(await h.staff('POST', '/counters/C12/transactions', { body: { amount: yen(100) } }), 409, 'store.suspended');
      expect((await h.staff('POST', '/resume', { token: ADMIN_TOKEN })).body.status).to.equal('active');
      expect((await h.staff('POST', '/counters/C12/transactions', { body: { amount: yen(100) } })).status).to.equal(201);
      expectError(
        await h.staff('POST', '/counters', { token: ADMIN_TOKEN, body: { name: 'C11', kind: 'floor' } }),
        409,
        'counter.name_taken',
      );
    });
  });

  describe('413 and 415', () => {
    it('refuses a body over 64 KiB with 413, and other content types with 415', async () => {
      const huge = JSON.stringify({ amount: yen(100), pad: 'x'.repeat(70 * 1024) });
      expectError(await h.staff('POST', '/counters/C11/transactions', { raw: huge }), 413, 'request.too_large');
      expectError(
        await h.staff('POST', '/counters/C11/transactions', { raw: 'amount=100', contentType: 'application/x-www-form-urlencoded' }),
        415,
        'request.unsupported_media_type',
      );
      expectError(
        await h.staff('POST', '/counters/C11/transactions', {
          raw: '{"amount":{"value":100,"currency":"JPY"}}',
          contentType: 'text/plain',
        }),
        415,
        'request.unsupported_media_type',
      );
      expect((await h.staff('GET', '/transactions')).body.transactions).to.deep.equal([]);
    });
  });

  describe('429', () => {
    it('refuses a sixth card after five failed attempts (anti-carding), even a good one', async () => {
      const opened = await openAt(h, 'C11', { amount: yen(100) });
      const { token } = await claimCounter(h, 'C11');
      for (let attempt = 1; attempt <= 5; attempt++) {
        expectError(await registerCard(h, token, opened.id, '4000000000000127'), 400, 'card.rejected');
      }
      expectError(await registerCard(h, token, opened.id, '4242424242424242'), 429, 'card.too_many_attempts');
      expect((await h.staff('GET', `/transactions/${opened.id}`)).body).to.deep.include({
        status: 'awaiting_method',
        failedCardAttempts: 5,
        paymentMethod: null,
      });
    });

    it('rate-limits logins per IP and store, and portal look-ups per IP', async () => {
      const limited = await createHttpHarness({
        rateLimits: { login: { max: 3, timeWindowMs: 60_000 }, portal: { max: 2, timeWindowMs: 60_000 } },
      });
      try {
        const login = (store: string) =>
          limited.call('POST', '/api/v1/auth/login', { body: { store, username: 'clerk', password: 'wrong-password' } });
        for (let i = 0; i < 3; i++) expect((await login('guessed-store')).status).to.equal(401);
        const blocked = await login('guessed-store');
        expectError(blocked, 429, 'request.rate_limited');
        expect(blocked.headers['retry-after']).to.not.equal(undefined);
        expect((await login('another-store')).status).to.equal(401);
        for (let i = 0; i < 2; i++) expect((await limited.call('GET', `/api/v1/portal/${limited.store.code}/C11`)).status).to.equal(404);
        expectError(await limited.call('GET', `/api/v1/portal/${limited.store.code}/C12`), 429, 'request.rate_limited');
      } finally {
        await limited.close();
      }
    });

    it('counts the rate limits of several server processes in one shared RateCounter when given one', async () => {
      const rules = { login: { max: 3, timeWindowMs: 60_000 }, portal: { max: 2, timeWindowMs: 60_000 } };
      const shared = new InMemoryRateCounter();
      const [a, b, alone] = await Promise.all([
        createHttpHarness({ rateLimits: rules, rateCounter: shared }),
        createHttpHarness({ rateLimits: rules, rateCounter: shared }),
        createHttpHarness({ rateLimits: rules }),
      ]);
      try {
        const login = (h: HttpHarness) =>
          h.call('POST', '/api/v1/auth/login', { body: { store: 'guessed-store', username: 'clerk', password: 'wrong-password' } });
        for (let i = 0; i < 3; i++) expect((await login(i % 2 === 0 ? a : b)).status).to.equal(401);
        const blocked = await login(b);
        expectError(blocked, 429, 'request.rate_limited');
        expect(Number(blocked.headers['retry-after'])).to.be.within(1, 60);
        expectError(await login(a), 429, 'request.rate_limited');
        expect((await login(alone)).status, 'a process with its own memory counts alone').to.equal(401);
        expect((await a.call('GET', `/api/v1/portal/${a.store.code}/C11`)).status).to.equal(404);
        expect((await b.call('GET', `/api/v1/portal/${b.store.code}/C11`)).status).to.equal(404);
        expectError(await a.call('GET', `/api/v1/portal/${a.store.code}/C12`), 429, 'request.rate_limited');
      } finally {
        await Promise.all([a.close(), b.close(), alone.close()]);
      }
    });

    it('answers 5xx, not a skipped limit, when the shared counter fails', async () => {
      const working = new InMemoryRateCounter();
      let down = false;
      const failing: RateCounter = {
        hit: (...args) => (down ? Promise.reject(new Error('database down')) : working.hit(...args)),
        purge: (before) => working.purge(before),
      };
      const h = await createHttpHarness({
        rateLimits: { login: { max: 3, timeWindowMs: 60_000 } },
        rateCounter: failing,
        logLevel: 'fatal',
      });
      down = true;
      try {
        const answer = await h.call('POST', '/api/v1/auth/login', {
          body: { store: h.store.code, username: 'clerk', password: 'clerk-password' },
        });
        expect(answer.status).to.be.within(500, 599);
      } finally {
        await h.close();
      }
    });
  });

  describe('502 network down', () => {
    it("leaves the transaction in flight and says so; recovery resolves it with the network's answer", async () => {
      const { id } = await openAndPay(h, 'C11', 1500);
      h.network.failNext('error');
      const failed = await h.staff('POST', `/transactions/${id}/authorize`, { headers: { 'idempotency-key': 'auth-1' } });
      expectError(failed, 502, 'settlement.unavailable');
      expect(failed.body.error.details).to.deep.include({ recoverable: true, transactionId: id, status: 'authorizing' });
      expect(failed.body.error.message).to.match(/recover/);
      expect((await h.staff('GET', `/transactions/${id}`)).body.status).to.equal('authorizing');
      expectError(await h.staff('POST', `/transactions/${id}/authorize`), 409, 'transaction.invalid_state');

      h.clock.advance(1);
      const report = await h.cp.recoverInFlight(0);
      expect(report).to.deep.include({ examined: 1, resolved: 1, failed: 0 });
      expect((await h.staff('GET', `/transactions/${id}`)).body.status).to.equal('authorized');
      const retried = await h.staff('POST', `/transactions/${id}/authorize`, { headers: { 'idempotency-key': 'auth-1' } });
      expect(retried.headers['idempotent-replayed']).to.equal(undefined);
      expectError(retried, 409, 'transaction.invalid_state');
      expect(h.network.totals(h.store.id).authorized).to.equal(1500);
    });

    it('captures once when the network applied a capture but its answer was lost', async () => {
      const { id } = await openAndPay(h, 'C11', 2200);
      await h.staff('POST', `/transactions/${id}/authorize`);
      h.network.failNext('lost_response');
      const lost = await h.staff('POST', `/transactions/${id}/capture`);
      expectError(lost, 502, 'settlement.unavailable');
      expect(lost.body.error.details).to.deep.include({ recoverable: true, status: 'capturing' });
      h.clock.advance(1);
      expect(await h.cp.recoverInFlight(0)).to.deep.include({ resolved: 1 });
      const captured = (await h.staff('GET', `/transactions/${id}`)).body;
      expect(captured.status).to.equal('captured');
      expect(h.network.totals(h.store.id).captured).to.equal(2200);
      expect((await h.staff('GET', '/sales/entries', { token: h.store.manager })).body.entries).to.have.length(1);
    });
  });

  describe('500', () => {
    it('hides an unexpected failure behind a generic internal error, and logs it server-side', async () => {
      const counters = h.cp.deps.uow.repositories.counters as { list: (storeId: string) => Promise<unknown> };
      counters.list = () => Promise.reject(new Error('connection reset by the database (detail 7731)'));
      const answer = await h.staff('GET', '/counters');
      expectError(answer, 500, 'internal');
      expect(answer.text).to.not.include('7731');
      expect(h.logs.join('\n')).to.include('7731');
    });
  });
});
