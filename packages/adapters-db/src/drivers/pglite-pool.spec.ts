import { PGlite } from '@electric-sql/pglite';
import { expectOk, StoreMother } from '@counterpay/core/testing';
import { expect } from 'chai';
import { errAsync, ResultAsync } from 'neverthrow';
import { domainError } from '@counterpay/core';
import { createPglitePersistence, type Persistence } from '../persistence';
import { runPrepared } from './pglite-pool';

describe('PGlite session: one holder at a time', () => {
  let p: Persistence;
  before(async () => {
    p = await createPglitePersistence();
  });
  after(() => p?.close());

  it('keeps concurrent units of work apart: one rolling back never undoes another', async () => {
    const kept = StoreMother.create();
    const dropped = StoreMother.create();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const committing = p.uow.run((r) => r.stores.insert(kept).andThen(() => ResultAsync.fromSafePromise(gate)));
    const rollingBack = p.uow.run((r) => r.stores.insert(dropped).andThen(() => errAsync(domainError('validation.failed', 'no'))));
    setTimeout(release, 50);
    const [a, b] = await Promise.all([committing, rollingBack]);
    expect(a.isOk()).to.equal(true);
    expect(b.isErr()).to.equal(true);
    expect(await p.uow.repositories.stores.findById(kept.id)).to.deep.equal(kept);
    expect(await p.uow.repositories.stores.findById(dropped.id)).to.equal(null);
  });

  it('fails at once, rather than waiting forever, when a unit of work asks for a second connection', async () => {
    const store = StoreMother.create();
    let thrown: unknown = null;
    try {
      await p.uow.run(() => ResultAsync.fromSafePromise(p.uow.repositories.stores.findById(store.id)));
    } catch (e) {
      thrown = e;
    }
    expect(String(thrown)).to.include('asked for a second connection');
    await expectOk(p.uow.repositories.stores.insert(store));
  });
});

describe('runPrepared: named prepared statements on PGlite, described once per session', () => {
  let db: PGlite;
  before(async () => {
    db = await PGlite.create();
    await db.exec(`CREATE TABLE "item" ("id" int PRIMARY KEY, "name" text NOT NULL, "at" timestamptz, "body" jsonb)`);
  });
  after(async () => {
    await db.close();
  });

  /** The describe messages (`D`) sent to PGlite while `work` runs. */
  async function describesDuring(work: () => Promise<unknown>): Promise<number> {
    const execProtocol = db.execProtocol.bind(db);
    let describes = 0;
    const spied = async (message: Uint8Array, options?: Parameters<PGlite['execProtocol']>[1]) => {
      // Walk the batch: each frontend message is a type byte and a length that counts itself.
      for (let at = 0; at < message.length; at += 1 + new DataView(message.buffer, message.byteOffset + at + 1, 4).getInt32(0)) {
        if (message[at] === 0x44) describes++;
      }
      return execProtocol(message, options);
    };
    db.execProtocol = spied as PGlite['execProtocol'];
    try {
      await work();
    } finally {
      db.execProtocol = execProtocol;
    }
    return describes;
  }

  it("answers what PGlite's own query answers, on the first run and on later ones, and describes once", async () => {
    await db.query(`INSERT INTO "item" VALUES (1, 'a', '2026-12-04T10:11:12.345Z', '{"k": [1, "x"]}'), (2, 'b', NULL, NULL)`);
    const sql = 'SELECT "id", "name", "at", "body", "id" + $1 AS "next" FROM "item" WHERE "id" >= $2 ORDER BY "id"';
    const reference = await db.query(sql, [10, 1]);
    const describes = await describesDuring(async () => {
      for (let run = 0; run < 3; run++) {
        const result = await runPrepared(db, 'spec_select', sql, [10, 1]);
        expect(result.rows).to.deep.equal(reference.rows);
        expect(result.fields).to.deep.equal(reference.fields);
      }
    });
    expect(describes).to.equal(1);
  });

  it('counts the rows a write changed, with and without RETURNING, and keeps failing statements apart', async () => {
    const update = 'UPDATE "item" SET "name" = $1 WHERE "id" <= $2';
    expect((await runPrepared(db, 'spec_update', update, ['z', 2])).affectedRows).to.equal(2);
    expect((await runPrepared(db, 'spec_update', update, ['y', 1])).affectedRows).to.equal(1);
    const insert = 'INSERT INTO "item" ("id", "name") VALUES ($1, $2) RETURNING "id", "name"';
    expect((await runPrepared(db, 'spec_insert', insert, [3, 'c'])).rows).to.deep.equal([{ id: 3, name: 'c' }]);
    const duplicate = await runPrepared(db, 'spec_insert', insert, [3, 'd']).then(
      () => null,
      (e: unknown) => e as { code?: string },
    );
    expect(duplicate?.code).to.equal('23505');
    expect((await runPrepared(db, 'spec_insert', insert, [4, 'd'])).rows).to.deep.equal([{ id: 4, name: 'd' }]);
  });
});
