import { expect } from 'chai';
import { types } from 'pg';
import { parseTimestamptz, pgTimestamp } from './pg-timestamp';

/** `pg`'s own reading of a `timestamptz` (postgres-date): the reference. */
const pgReads = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date | number | null;

/** `at` written as Postgres writes it in a zone `offsetSeconds` east of UTC, with `digits` of fraction. */
function asPostgresWrites(at: Date, offsetSeconds: number, digits: number, micros: number): string {
  const local = new Date(at.getTime() + offsetSeconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const fraction = digits === 0 ? '' : `.${(pad(local.getUTCMilliseconds(), 3) + pad(micros, 3)).slice(0, digits)}`;
  const abs = Math.abs(offsetSeconds);
  const [h, m, s] = [Math.floor(abs / 3600), Math.floor((abs % 3600) / 60), abs % 60];
  const zone = `${offsetSeconds < 0 ? '-' : '+'}${pad(h)}${m === 0 && s === 0 ? '' : `:${pad(m)}`}${s === 0 ? '' : `:${pad(s)}`}`;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`
  );
}

describe('parseTimestamptz: Postgres timestamptz text, read as pg reads it', function () {
  it("reads the instant pg's parser reads, for every offset form and fraction length", function () {
    const offsets = [0, 9 * 3600, -8 * 3600, 5 * 3600 + 30 * 60, -(3 * 3600 + 30 * 60), 4 * 3600 + 51 * 60 + 40, 14 * 3600, -12 * 3600];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      // Instants from year 100 to 9999, and a cluster around now.
      const ms =
        i % 2 === 0 ? -59_011_459_200_000 + random() * (253_400_000_000_000 + 59_011_459_200_000) : Date.now() + (random() - 0.5) * 1e11;
      const at = new Date(Math.floor(ms));
      for (const offset of offsets) {
        const text = asPostgresWrites(at, offset, i % 7, Math.floor(random() * 1000));
        if (new Date(at.getTime() + offset * 1000).getUTCFullYear() < 100) continue;
        expect(parseTimestamptz(text)?.getTime(), text).to.equal((pgReads(text) as Date).getTime());
        checked++;
      }
    }
    expect(checked).to.be.greaterThan(3000);
  });

  it('reads what pgTimestamp writes, and the day boundaries of a zone', function () {
    expect(parseTimestamptz('2026-12-04 19:11:12.345+09')?.toISOString()).to.equal('2026-12-04T10:11:12.345Z');
    expect(parseTimestamptz('2026-12-31 23:59:59.999999-01')?.toISOString()).to.equal('2027-01-01T00:59:59.999Z');
    expect(parseTimestamptz('0100-01-01 00:00:00+00')?.toISOString()).to.equal(new Date(Date.UTC(100, 0, 1)).toISOString());
    expect(pgTimestamp(parseTimestamptz('2026-02-28 00:00:00.5+05:30')!)).to.equal('2026-02-27T18:30:00.500Z');
  });

  it("leaves to pg's parser what it does not read itself: BC, infinity, years before 100 or after 9999, odd text", function () {
    for (const text of [
      '0044-03-15 12:00:00+00 BC',
      'infinity',
      '-infinity',
      '0099-01-01 00:00:00+00',
      '12026-01-01 00:00:00+00',
      '2026-12-04T10:11:12Z',
      '2026-12-04 10:11:12',
      '2026-12-04 10:11:12+0',
      '2026-12-04 10:11:12+00:0',
      '2026-12-04 10:11:12.+00x',
      '2026-12-04',
      '',
    ]) {
      expect(parseTimestamptz(text), text).to.equal(null);
    }
  });
});
