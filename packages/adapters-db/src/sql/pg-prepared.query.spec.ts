import { expect } from 'chai';
import { Client } from 'pg';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../testing/test-database';
import { isPgClient, runPgPrepared, type PgClient } from './pg-prepared.query';

const SELECT_ALL_KINDS = `SELECT $1::int AS "i", $2::bigint AS "b", $3::text AS "t", $4::timestamptz AS "at", $5::jsonb AS "j",
  $6::boolean AS "ok", $7::text[] AS "list", $8::numeric AS "n", $9::bytea AS "bytes", NULL::text AS "none", $10::date AS "d",
  1 AS "same", 2 AS "same"`;

describe('runPgPrepared: named prepared statements on pg, described once per connection', function () {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  let db: TestDatabase;
  let client: Client;
  const pg = () => client as unknown as PgClient;
  let counter = 0;
  /** A statement name no other test used (names are per connection). */
  const fresh = () => `prepared_spec_${++counter}`;

  /** Counts the Parse and Describe messages the client sends while `work` runs. */
  async function messagesDuring(work: () => Promise<unknown>): Promise<{ parse: number; describe: number }> {
    const connection = pg().connection;
    const sent = { parse: 0, describe: 0 };
    const parse = connection.parse.bind(connection);
    const describe = connection.describe.bind(connection);
    connection.parse = (c) => (sent.parse++, parse(c));
    connection.describe = (c) => (sent.describe++, describe(c));
    try {
      await work();
    } finally {
      connection.parse = parse;
      connection.describe = describe;
    }
    return sent;
  }

  before(async function () {
    this.timeout(30_000);
    db = await createTestDatabase(serverUrl);
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`CREATE TABLE "item" ("id" int PRIMARY KEY, "name" text NOT NULL)`);
  });

  after(async function () {
    this.timeout(30_000);
    await client?.end();
    await db?.drop();
  });

  it('knows a pg client from anything else', function () {
    expect(isPgClient(client)).to.equal(true);
    expect(isPgClient({ query: () => undefined })).to.equal(false);
    expect(isPgClient(null)).to.equal(false);
  });

  it('answers the rows pg itself answers, for every kind of column and parameter, on the first run and on later ones', async function () {
    const values = [
      42,
      '9007199254740993',
      'é ✓ "quoted"',
      new Date('2026-12-04T10:11:12.345Z').toISOString(),
      JSON.stringify({ a: [1, 'x'], b: null }),
      false,
      ['a', 'b,c', null],
      '12.50',
      Buffer.from([0, 1, 255]),
      '2026-12-04',
    ];
    const reference = await client.query({ text: SELECT_ALL_KINDS, values });
    const name = fresh();
    for (let run = 0; run < 3; run++) {
      const result = await runPgPrepared(pg(), name, SELECT_ALL_KINDS, values);
      expect(result.rows).to.deep.equal(reference.rows);
      expect(Object.keys(result.rows[0]!)).to.deep.equal(Object.keys(reference.rows[0] as object));
      expect(result.rowCount).to.equal(1);
    }
  });

  it('reads timestamptz as pg does in any session time zone, offsets with minutes and seconds included', async function () {
    const sql = `SELECT $1::timestamptz AS "at", $1::timestamptz - interval '170 years' AS "old", $1::timestamptz + interval '0.000123 s' AS "micro"`;
    const name = fresh();
    try {
      for (const zone of ['UTC', 'Asia/Tokyo', 'America/St_Johns', 'Asia/Kathmandu', 'Europe/Amsterdam', 'Pacific/Kiritimati']) {
        await client.query(`SET TimeZone = '${zone}'`);
        for (const at of ['2026-12-04T10:11:12.345Z', '1999-12-31T23:59:59.999Z', '2026-03-29T01:30:00Z']) {
          const reference = await client.query({ text: sql, values: [at] });
          expect((await runPgPrepared(pg(), name, sql, [at])).rows, `${zone} ${at}`).to.deep.equal(reference.rows);
        }
      }
      await client.query(`SET TimeZone = 'Europe/Amsterdam'`);
      const lmt = await client.query<{ text: string }>(`SELECT ('1850-06-01T00:00:00Z'::timestamptz)::text AS "text"`);
      expect(lmt.rows[0]!.text).to.match(/\+00:19:32$/);
    } finally {
      await client.query('RESET TimeZone');
    }
  });

  it('parses and describes a statement once per connection, then only binds and executes it', async function () {
    const name = fresh();
    const sql = 'SELECT "id", "name" FROM "item" WHERE "id" = $1';
    const first = await messagesDuring(() => runPgPrepared(pg(), name, sql, [1]));
    const later = await messagesDuring(async () => {
      for (let i = 0; i < 5; i++) await runPgPrepared(pg(), name, sql, [i]);
    });
    expect(first).to.deep.equal({ parse: 1, describe: 1 });
    expect(later).to.deep.equal({ parse: 0, describe: 0 });
  });

  it('counts the rows a write changed, with and without RETURNING, and describes a statement without rows once too', async function () {
    const insert = fresh();
    const sql = 'INSERT INTO "item" ("id", "name") SELECT g, $2 FROM generate_series(1, $1::int) AS g';
    expect(await runPgPrepared(pg(), insert, sql, [3, 'x'])).to.deep.equal({ rows: [], rowCount: 3 });
    const update = fresh();
    const updateSql = 'UPDATE "item" SET "name" = $1 WHERE "id" <= $2';
    const sent = await messagesDuring(async () => {
      expect(await runPgPrepared(pg(), update, updateSql, ['y', 2])).to.deep.equal({ rows: [], rowCount: 2 });
      expect(await runPgPrepared(pg(), update, updateSql, ['z', 1])).to.deep.equal({ rows: [], rowCount: 1 });
    });
    expect(sent).to.deep.equal({ parse: 1, describe: 1 });
    const returning = await runPgPrepared(pg(), fresh(), 'DELETE FROM "item" WHERE "id" >= $1 RETURNING "id"', [1]);
    expect(returning.rowCount).to.equal(3);
    expect(returning.rows.map((r) => r['id']).sort()).to.deep.equal([1, 2, 3]);
  });

  it("fails with the server's error, and the connection and the statement keep working", async function () {
    const name = fresh();
    const sql = 'INSERT INTO "item" ("id", "name") VALUES ($1, $2) RETURNING "id"';
    await runPgPrepared(pg(), name, sql, [10, 'a']);
    const error = await runPgPrepared(pg(), name, sql, [10, 'b']).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(error?.code).to.equal('23505');
    expect((await runPgPrepared(pg(), name, sql, [11, 'b'])).rows).to.deep.equal([{ id: 11 }]);
    const parseError = await runPgPrepared(pg(), fresh(), 'SELECT "missing" FROM "item" WHERE "id" = $1', [1]).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(parseError?.code).to.equal('42703');
    expect((await client.query('SELECT 1 AS "one"')).rows).to.deep.equal([{ one: 1 }]);
  });

  it('refuses a name already prepared for another text, and a parameter pg cannot convert', async function () {
    const name = fresh();
    await runPgPrepared(pg(), name, 'SELECT $1::int AS "v"', [1]);
    const reused = await runPgPrepared(pg(), name, 'SELECT $1::int + 1 AS "v"', [1]).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(reused?.message).to.match(/used for a different statement/);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    const unconvertible = await runPgPrepared(pg(), fresh(), 'SELECT $1::jsonb AS "v"', [circular]).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(unconvertible).to.be.instanceOf(Error);
    expect((await runPgPrepared(pg(), name, 'SELECT $1::int AS "v"', [7])).rows).to.deep.equal([{ v: 7 }]);
  });
});
