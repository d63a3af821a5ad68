import { expect } from 'chai';
import { createFuzzApp, type FuzzApp } from './support/fuzz-world';
import { snapshotPersistence } from './support/persistence-snapshot';

const HEADER = 'customerName,customerRef,description,amount,dueAt';

/**
 * The schedule CSV import takes what `POST …/schedules` (JSON) takes, and nothing more. It used to
 * accept amounts over 10^12 minor units (it only checked "1 to 13 digits"; the JSON schema's
 * `maximum` and the domain's MAX_MINOR_UNITS are 10^12), and due dates that do not exist
 * (`2026-02-30`, `T24:00`), which `new Date` silently moved to another day.
 */
describe('hostile input: schedule CSV rows the JSON route would refuse', () => {
  let fuzz: FuzzApp;
  before(async () => {
    fuzz = await createFuzzApp();
  });
  after(() => fuzz.close());

  const importCsv = (csv: string) =>
    fuzz.app.inject({
      method: 'POST',
      url: '/api/v1/stores/fuzz-a/schedules/import?name=Route&counter=R1',
      payload: csv,
      headers: { authorization: `Bearer ${fuzz.world.a.manager}`, 'content-type': 'text/csv' },
    });

  for (const amount of ['1000000000001', '9999999999999']) {
    it(`refuses ${amount} with 400 validation.failed naming the row, and writes nothing`, async () => {
      const before = await snapshotPersistence(fuzz);
      const answer = await importCsv(
        `${HEADER}\nHanako,C-1,Rice,4200,2026-11-23T10:00:00+09:00\nTaro,C-2,Tea,${amount},2026-11-23T11:00:00+09:00`,
      );
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json().error).to.deep.include({ code: 'validation.failed', details: { row: 2, field: 'amount' } });
      expect(await snapshotPersistence(fuzz)).to.deep.equal(before);
    });
  }

  it('takes 10^12 itself, the largest amount anywhere in the API', async () => {
    const answer = await importCsv(`${HEADER}\nHanako,C-1,Rice,1000000000000,2026-11-23T10:00:00+09:00`);
    expect(answer.statusCode, answer.body).to.equal(201);
    expect(answer.json().entries[0].amount).to.deep.equal({ value: 1_000_000_000_000, currency: 'JPY' });
  });

  for (const dueAt of ['2026-02-30T10:00:00+09:00', '2026-11-31T10:00+09:00', '2026-11-23T24:00+09:00', '2026-11-23T10:00:60Z']) {
    it(`refuses the due date ${dueAt}, which does not exist, instead of moving it to another day`, async () => {
      const before = await snapshotPersistence(fuzz);
      const answer = await importCsv(`${HEADER}\nHanako,C-1,Rice,4200,2026-11-23T10:00:00+09:00\nTaro,C-2,Tea,100,${dueAt}`);
      expect(answer.statusCode, answer.body).to.equal(400);
      expect(answer.json().error).to.deep.include({ code: 'validation.failed', details: { row: 2, field: 'dueAt' } });
      expect(await snapshotPersistence(fuzz)).to.deep.equal(before);
    });
  }

  it('takes the last day of February in a leap year, and a date-time without seconds', async () => {
    const answer = await importCsv(`${HEADER}\nHanako,C-1,Rice,100,2028-02-29T23:59+09:00`);
    expect(answer.statusCode, answer.body).to.equal(201);
    expect(answer.json().entries[0].dueAt).to.equal('2028-02-29T14:59:00.000Z');
  });
});
