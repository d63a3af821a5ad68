import { expect } from 'chai';
import { counterpayFrameworkErrors } from '@counterpay/adapters-http';
import { createFuzzApp, type FuzzApp } from './support/fuzz-world';

/**
 * Fastify's router refuses a URL it cannot percent-decode, and a path parameter longer than
 * `maxParamLength`, before any plugin runs. Only the host's `frameworkErrors` option can give
 * those answers the contract's error body instead of Fastify's own (which echoes the whole URL).
 */
describe('hostile input: URLs the router refuses, with counterpayFrameworkErrors on the host', () => {
  let fuzz: FuzzApp;
  before(async () => {
    fuzz = await createFuzzApp({ frameworkErrors: counterpayFrameworkErrors });
  });
  after(() => fuzz.close());

  const get = (url: string) => fuzz.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${fuzz.world.a.clerk}` } });

  for (const segment of ['%zz', '%ff', '%c0%af', '%ed%a0%80', 'abc%']) {
    it(`answers 400 validation.failed to the malformed percent-encoding ${segment}, without echoing the URL`, async () => {
      const answer = await get(`/api/v1/stores/fuzz-a/transactions/${segment}`);
      expect(answer.statusCode).to.equal(400);
      expect(answer.headers['content-type']).to.match(/^application\/json/);
      expect(answer.json()).to.deep.equal({
        error: { code: 'validation.failed', message: 'the URL is not valid percent-encoded UTF-8', details: { field: 'url' } },
      });
    });
  }

  it('answers 400 validation.failed to a path parameter over the router limit, without echoing it', async () => {
    for (const length of [101, 10_000]) {
      const answer = await get(`/api/v1/stores/fuzz-a/transactions/${'a'.repeat(length)}`);
      expect(answer.statusCode).to.equal(400);
      expect(answer.json()).to.deep.equal({
        error: { code: 'validation.failed', message: 'a path parameter is too long', details: { field: 'params' } },
      });
    }
  });
});
