import { expect } from 'chai';
import { createFuzzApp, type FuzzApp } from './support/fuzz-world';

/**
 * Query strings are coerced from text. Ajv coerces `"Infinity"` to `Infinity` (it only checks
 * `x == +x`), and then skips `minimum`/`maximum` for a number that is not finite: `?limit=Infinity`
 * passed `maximum: 500`. A number in a query or path is finite now, or the request is refused.
 */
describe('hostile input: numbers in the query string that are not finite', () => {
  let fuzz: FuzzApp;
  before(async () => {
    fuzz = await createFuzzApp();
  });
  after(() => fuzz.close());

  const list = (query: string) =>
    fuzz.app.inject({
      method: 'GET',
      url: `/api/v1/stores/fuzz-a/transactions?${query}`,
      headers: { authorization: `Bearer ${fuzz.world.a.clerk}` },
    });

  for (const limit of ['Infinity', '-Infinity', '1e400', '-1e400', '%2BInfinity']) {
    it(`refuses limit=${limit} with 400 validation.failed on querystring.limit`, async () => {
      const answer = await list(`limit=${limit}`);
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json().error.code).to.equal('validation.failed');
      expect(answer.json().error.details.errors[0].field).to.equal('querystring.limit');
    });
  }

  it('still takes limits from 1 to 500, also written as 5e2', async () => {
    for (const limit of ['1', '500', '5e2']) {
      const answer = await list(`limit=${limit}&counter=C11`);
      expect(answer.statusCode, `${limit}: ${answer.body}`).to.equal(200);
    }
    expect((await list('limit=501')).statusCode).to.equal(400);
  });
});
