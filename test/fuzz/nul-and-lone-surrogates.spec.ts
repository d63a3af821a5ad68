import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceServer, readConfig, type ReferenceServer } from '@counterpay/reference-server';
import { expect } from 'chai';
import { createFuzzApp, type FuzzApp } from './support/fuzz-world';
import { snapshotPersistence } from './support/persistence-snapshot';

/**
 * JSON may escape any code point, `\u0000` and unpaired surrogates included; neither is text a
 * store can keep. PostgreSQL refuses U+0000 in `text` ("invalid byte sequence for encoding UTF8:
 * 0x00"), so on the reference server (PGlite or Postgres) a product name, an API key label, a
 * staff name, a login user name or `?q=%00` was a 500; an unpaired surrogate was silently stored as
 * U+FFFD. Both are refused now at the API's edge, in bodies, query strings and paths.
 */
describe('hostile input: U+0000 and unpaired surrogates in text', () => {
  let fuzz: FuzzApp;
  before(async () => {
    fuzz = await createFuzzApp();
  });
  after(() => fuzz.close());

  const send = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: string) =>
    fuzz.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${fuzz.world.a.manager}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  const bodies: readonly (readonly [string, 'PUT' | 'POST', string, string, string])[] = [
    [
      'a product name with \\u0000',
      'PUT',
      '/api/v1/stores/fuzz-a/products/4006381333931',
      '{"name":"Te\\u0000a","sku":"T","price":{"value":100,"currency":"JPY"}}',
      'body.name',
    ],
    [
      'a product name with an unpaired surrogate',
      'PUT',
      '/api/v1/stores/fuzz-a/products/4006381333931',
      '{"name":"Te\\ud800a","sku":"T","price":{"value":100,"currency":"JPY"}}',
      'body.name',
    ],
    ['an API key label with a lone low surrogate', 'POST', '/api/v1/stores/fuzz-a/api-keys', '{"label":"\\udc00pos"}', 'body.label'],
    [
      'a schedule entry name with \\u0000',
      'POST',
      '/api/v1/stores/fuzz-a/schedules',
      '{"name":"Route","counter":"R1","entries":[{"customerName":"A\\u0000","amount":{"value":100,"currency":"JPY"},"dueAt":"2026-11-23T10:00:00+09:00"}]}',
      'body.entries.0.customerName',
    ],
  ];
  for (const [what, method, url, payload, field] of bodies) {
    it(`refuses ${what} with 400 on ${field}, and writes nothing`, async () => {
      const before = await snapshotPersistence(fuzz);
      const answer = await send(method, url, payload);
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json().error.code).to.equal('validation.failed');
      expect(answer.json().error.details.errors[0].field).to.equal(field);
      expect(await snapshotPersistence(fuzz)).to.deep.equal(before);
    });
  }

  it('refuses \\u0000 in a query string (schedule search)', async () => {
    const answer = await send('GET', '/api/v1/stores/fuzz-a/schedule-entries?q=Cust%00omer');
    expect(answer.statusCode, answer.body).to.equal(400);
    expect(answer.json().error.details.errors[0].field).to.equal('querystring.q');
  });

  it('still takes any other text: emoji (surrogate pairs), combining marks, right-to-left, U+FFFD written as is', async () => {
    const name = 'Te😀a e\u0301 \u202eabc \uFFFD';
    const answer = await send(
      'PUT',
      '/api/v1/stores/fuzz-a/products/4006381333931',
      JSON.stringify({ name, sku: 'T', price: { value: 100, currency: 'JPY' } }),
    );
    expect(answer.statusCode, answer.body).to.equal(200);
    expect(answer.json().name).to.equal(name);
  });

  describe('on the reference server with PGlite, where U+0000 reached the database', () => {
    let server: ReferenceServer;
    let dataDir: string;
    before(async function () {
      this.timeout(60_000);
      dataDir = await mkdtemp(join(tmpdir(), 'counterpay-nul-'));
      const config = readConfig({ COUNTERPAY_ADMIN_TOKEN: 'reference-admin-token-123', COUNTERPAY_SEED_DEMO: 'true', LOG_LEVEL: 'fatal' });
      server = await createReferenceServer(config, { persistence: { kind: 'pglite', dataDir }, passwordCost: { N: 1024 } });
    });
    after(async () => {
      await server?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('answers a login with \\u0000 in the user name with 400, not 500', async () => {
      const answer = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"store":"demo","username":"clerk\\u0000","password":"clerk"}',
      });
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json().error.details.errors[0].field).to.equal('body.username');
    });
  });
});
