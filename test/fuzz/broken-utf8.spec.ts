import { expect } from 'chai';
import { createFuzzApp, type FuzzApp } from './support/fuzz-world';
import { snapshotPersistence } from './support/persistence-snapshot';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/**
 * A JSON or CSV body must be UTF-8 (RFC 8259 §8.1). Bytes that are not were decoded with
 * replacement characters and the request went through: a product named `Te\uFFFD\uFFFDa` was
 * stored. They are refused now, like any other malformed body, and nothing is written.
 */
describe('hostile input: bodies that are not UTF-8', () => {
  let fuzz: FuzzApp;
  before(async () => {
    fuzz = await createFuzzApp();
  });
  after(() => fuzz.close());

  const send = (method: 'PUT' | 'POST', url: string, type: string, payload: Buffer) =>
    fuzz.app.inject({ method, url, payload, headers: { authorization: `Bearer ${fuzz.world.a.manager}`, 'content-type': type } });

  const cases: readonly (readonly [string, 'PUT' | 'POST', string, string, Buffer])[] = [
    [
      'a product name with a stray 0xFF byte',
      'PUT',
      '/api/v1/stores/fuzz-a/products/4006381333931',
      'application/json',
      bytes('{"name":"Te', [0xff, 0xc3], 'a","sku":"T","price":{"value":100,"currency":"JPY"}}'),
    ],
    [
      'an API key label with an overlong "/"',
      'POST',
      '/api/v1/stores/fuzz-a/api-keys',
      'application/json',
      bytes('{"label":"pos', [0xc0, 0xaf], '"}'),
    ],
    [
      'a schedule name with a UTF-16 surrogate',
      'POST',
      '/api/v1/stores/fuzz-a/schedules',
      'application/json; charset=utf-8',
      bytes(
        '{"name":"Route',
        [0xed, 0xa0, 0x80],
        '","counter":"R1","entries":[{"customerName":"A","amount":{"value":100,"currency":"JPY"},"dueAt":"2026-11-23T10:00:00+09:00"}]}',
      ),
    ],
    [
      'a CSV customer name cut in the middle of a character',
      'POST',
      '/api/v1/stores/fuzz-a/schedules/import?name=Route&counter=R1',
      'text/csv',
      bytes('customerName,customerRef,description,amount,dueAt\n山', [0xe7, 0x94], ',C-1,Rice,4200,2026-11-21T10:00:00+09:00'),
    ],
  ];

  for (const [what, method, url, type, payload] of cases) {
    it(`refuses ${what} with 400 validation.failed and writes nothing`, async () => {
      const before = await snapshotPersistence(fuzz);
      const answer = await send(method, url, type, payload);
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json()).to.deep.equal({
        error: { code: 'validation.failed', message: 'the body is not valid UTF-8', details: { field: 'body' } },
      });
      expect(await snapshotPersistence(fuzz)).to.deep.equal(before);
    });
  }

  it('still takes UTF-8 text, with or without a byte order mark', async () => {
    const name = '抹茶 Ωmega 😀';
    for (const [barcode, prefix] of [
      ['4006381333931', ''],
      ['12345670', '\uFEFF'],
    ] as const) {
      const answer = await send(
        'PUT',
        `/api/v1/stores/fuzz-a/products/${barcode}`,
        'application/json',
        bytes(`${prefix}{"name":"${name}","sku":"T","price":{"value":100,"currency":"JPY"}}`),
      );
      expect(answer.statusCode, answer.body).to.equal(200);
      expect(answer.json().name).to.equal(name);
    }
  });
});
