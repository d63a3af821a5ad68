import type { PublishedEvent } from '@counterpay/core';
import { CounterMother, expectOk, StoreMother, TransactionMother } from '@counterpay/core/testing';
import { expect } from 'chai';
import { ResultAsync } from 'neverthrow';
import { Client } from 'pg';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPglitePersistence, createPostgresPersistence, type Persistence } from '../persistence';
import { OUTBOX_CHANNEL, OUTBOX_CURSOR_SAVE_SQL } from './outbox.queries';
import { onEveryDriver, waitFor } from '../testing/drivers.fixture';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from '../testing/test-database';

async function storeWithCounter(p: Persistence) {
  const store = StoreMother.create();
  const counter = CounterMother.create(store);
  await expectOk(p.uow.repositories.stores.insert(store));
  await expectOk(p.uow.repositories.counters.insert(counter));
  return { store, counter };
}

onEveryDriver('Outbox relay', (open) => {
  let p: Persistence;
  const errors: unknown[] = [];
  before(async function () {
    this.timeout(60_000);
    p = await open({ onError: (e) => errors.push(e) });
  });
  after(() => p?.close());

  it('hands each committed event once, in order, to subscribers and publishers; a failing one stops no other', async () => {
    const { store, counter } = await storeWithCounter(p);
    const seen: PublishedEvent[] = [];
    const published: PublishedEvent[] = [];
    const unsubscribeBroken = p.events.subscribe({ storeId: store.id }, () => {
      throw new Error('subscriber bug');
    });
    const unsubscribe = p.events.subscribe({ storeId: store.id }, (e) => seen.push(e));
    let failures = 1;
    const removePublisher = p.events.addPublisher({
      publish: (events) => {
        if (failures-- > 0) return Promise.reject(new Error('webhook down'));
        published.push(...events.filter((e) => e.storeId === store.id));
        return Promise.resolve();
      },
    });
    try {
      const tx = TransactionMother.open(store, counter);
      await expectOk(p.uow.repositories.transactions.insert(tx));
      await expectOk(tx.cancel({ kind: 'clerk', staffId: null }, new Date()));
      await expectOk(p.uow.repositories.transactions.update(tx));
      await waitFor(() => seen.length >= 2 && published.length >= 2, 5000, 'two events');
      await p.events.flush();
      expect(seen.map((e) => e.type)).to.deep.equal(['transaction.opened', 'transaction.cancelled']);
      expect(published.map((e) => e.id)).to.deep.equal(seen.map((e) => e.id));
      expect(Number(seen[0]!.id)).to.be.lessThan(Number(seen[1]!.id));
      expect(seen[1]!.transaction.updatedAt).to.be.instanceOf(Date);
      expect(seen[1]!.transaction, 'the view right after the fact, before the save').to.deep.equal({
        ...tx.view(),
        version: tx.version - 1,
      });
      expect(JSON.stringify(seen)).to.not.include('tok_');
    } finally {
      unsubscribe();
      unsubscribeBroken();
      await removePublisher();
    }
    expect(errors.map(String).sort()).to.deep.equal(['Error: subscriber bug', 'Error: subscriber bug', 'Error: webhook down']);
  });
});

describe('Outbox relay across processes (postgres)', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  let database: TestDatabase;
  let a: Persistence;
  let b: Persistence;
  before(async function () {
    this.timeout(60_000);
    database = await createTestDatabase(serverUrl);
    a = await createPostgresPersistence({ url: database.url, poolSize: 3, applicationName: 'process-a' });
    b = await createPostgresPersistence({ url: database.url, poolSize: 3, applicationName: 'process-b', pollIntervalMs: 60_000 });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('delivers an event saved through pool A to a subscriber on pool B by LISTEN/NOTIFY (B polls only once a minute)', async () => {
    const { store, counter } = await storeWithCounter(a);
    const onB: PublishedEvent[] = [];
    const unsubscribe = b.events.subscribe({ storeId: store.id, counterId: counter.id }, (e) => onB.push(e));
    const tx = TransactionMother.open(store, counter);
    await expectOk(a.uow.repositories.transactions.insert(tx));
    await waitFor(() => onB.length >= 1, 5000, 'the event on B');
    unsubscribe();
    expect(onB.map((e) => [e.type, e.transactionId])).to.deep.equal([['transaction.opened', tx.id]]);
  });

  it('still delivers, by polling, when the notification is lost', async () => {
    const polling = await createPostgresPersistence({ url: database.url, poolSize: 1, pollIntervalMs: 100, migrate: false });
    const silent = await createPostgresPersistence({ url: database.url, poolSize: 1, migrate: false });
    try {
      await silent.events.close();
      const { store, counter } = await storeWithCounter(silent);
      const seen: PublishedEvent[] = [];
      const unsubscribe = polling.events.subscribe({ storeId: store.id }, (e) => seen.push(e));
      const onB: PublishedEvent[] = [];
      const unsubscribeB = b.events.subscribe({ storeId: store.id }, (e) => onB.push(e));
      try {
        await expectOk(silent.uow.repositories.transactions.insert(TransactionMother.open(store, counter)));
        await waitFor(() => seen.length >= 1, 5000, 'the polled event');
      } finally {
        unsubscribe();
        unsubscribeB();
      }
      expect(seen.map((e) => e.type)).to.deep.equal(['transaction.opened']);
      expect(onB, 'nobody announced it: B (which polls once a minute) has not heard of it').to.deep.equal([]);
    } finally {
      await polling.close();
      await silent.close();
    }
  });

  it('announces a burst of commits with one notification per coalescing interval, and every event still arrives', async () => {
    const writer = await createPostgresPersistence({ url: database.url, poolSize: 5, commitCoalesceMs: 1000, migrate: false });
    const listener = new Client({ connectionString: database.url });
    try {
      const { store, counter } = await storeWithCounter(writer);
      const others = await Promise.all(
        Array.from({ length: 49 }, async () => {
          const c = CounterMother.create(store);
          await expectOk(writer.uow.repositories.counters.insert(c));
          return c;
        }),
      );
      const onB: PublishedEvent[] = [];
      const unsubscribe = b.events.subscribe({ storeId: store.id }, (e) => onB.push(e));
      const notifications: unknown[] = [];
      await listener.connect();
      listener.on('notification', (n) => notifications.push(n));
      await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
      const started = Date.now();
      await Promise.all(
        [counter, ...others].map((c) => expectOk(writer.uow.repositories.transactions.insert(TransactionMother.open(store, c)))),
      );
      const burstMs = Date.now() - started;
      await waitFor(() => onB.length >= 50, 5000, 'the 50 events on B');
      unsubscribe();
      expect(new Set(onB.map((e) => e.transactionId)).size).to.equal(50);
      expect(notifications.length, `notifications for 50 commits in ${burstMs} ms`).to.be.within(1, 2 + Math.floor(burstMs / 1000));
    } finally {
      await listener.end();
      await writer.close();
    }
  });

  it('never skips an event committed late by an older database transaction', async () => {
    const { store, counter } = await storeWithCounter(a);
    const other = CounterMother.create(store);
    await expectOk(a.uow.repositories.counters.insert(other));
    const seen: PublishedEvent[] = [];
    const unsubscribe = b.events.subscribe({ storeId: store.id }, (e) => seen.push(e));
    const older = TransactionMother.open(store, counter);
    const younger = TransactionMother.open(store, other);
    let commitOlder!: () => void;
    const gate = new Promise<void>((r) => (commitOlder = r));
    let olderWritten!: () => void;
    const written = new Promise<void>((r) => (olderWritten = r));
    const olderWork = a.uow.run((r) =>
      r.transactions.insert(older).andThen(() => {
        olderWritten();
        return ResultAsync.fromSafePromise(gate);
      }),
    );
    await written;
    await expectOk(a.uow.repositories.transactions.insert(younger));
    await new Promise((r) => setTimeout(r, 300));
    const beforeOlderCommitted = seen.map((e) => e.transactionId);
    commitOlder();
    await expectOk(olderWork);
    await waitFor(() => seen.length >= 2, 5000, 'both events');
    unsubscribe();
    expect(beforeOlderCommitted).to.deep.equal([]);
    expect(seen.map((e) => e.transactionId)).to.deep.equal([older.id, younger.id]);
  });
});

/** A publisher that records the events of one store, in the order it was handed them. */
function recorder(storeId: () => string) {
  const got: PublishedEvent[] = [];
  return {
    got,
    publisher: {
      publish: (events: readonly PublishedEvent[]) => {
        got.push(...events.filter((e) => e.storeId === storeId()));
        return Promise.resolve();
      },
    },
  };
}

/**
 * One database opened by successive persistences, as a server that stops and starts again: files
 * for PGlite, a test database for Postgres.
 */
function durableSuite(
  driver: 'pglite' | 'postgres',
  reopen: () => Promise<{ open: () => Promise<Persistence>; drop: () => Promise<void> }>,
) {
  describe(`Durable outbox publishers (${driver})`, () => {
    let db: Awaited<ReturnType<typeof reopen>>;
    before(async function () {
      this.timeout(60_000);
      db = await reopen();
    });
    after(() => db?.drop());

    it('resume from their stored position: events committed while no relay ran reach them once, in order; a plain publisher gets only new ones', async function () {
      this.timeout(60_000);
      let storeId = '';
      const first = recorder(() => storeId);
      const p1 = await db.open();
      const { store, counter } = await storeWithCounter(p1);
      storeId = store.id;
      p1.events.addPublisher(first.publisher, { durableName: 'hooks' });
      const t1 = TransactionMother.open(store, counter);
      await expectOk(p1.uow.repositories.transactions.insert(t1));
      await waitFor(() => first.got.length >= 1, 5000, 'the first event');
      await p1.close();

      // the server is down for the hooks: another process without them commits two events
      const p2 = await db.open();
      await expectOk(t1.cancel({ kind: 'clerk', staffId: null }, new Date()));
      await expectOk(p2.uow.repositories.transactions.update(t1));
      const t2 = TransactionMother.open(store, counter);
      await expectOk(p2.uow.repositories.transactions.insert(t2));
      await p2.close();

      const p3 = await db.open();
      try {
        const resumed = recorder(() => storeId);
        const plain = recorder(() => storeId);
        p3.events.addPublisher(plain.publisher);
        p3.events.addPublisher(resumed.publisher, { durableName: 'hooks' });
        await waitFor(() => resumed.got.length >= 2, 5000, 'the two missed events');
        const c3 = CounterMother.create(store);
        await expectOk(p3.uow.repositories.counters.insert(c3));
        const t3 = TransactionMother.open(store, c3);
        await expectOk(p3.uow.repositories.transactions.insert(t3));
        await waitFor(() => resumed.got.length >= 3 && plain.got.length >= 1, 5000, 'the new event');
        await p3.events.flush();
        expect(first.got.map((e) => [e.type, e.transactionId])).to.deep.equal([['transaction.opened', t1.id]]);
        expect(resumed.got.map((e) => [e.type, e.transactionId])).to.deep.equal([
          ['transaction.cancelled', t1.id],
          ['transaction.opened', t2.id],
          ['transaction.opened', t3.id],
        ]);
        expect(
          plain.got.map((e) => e.transactionId),
          'a plain publisher starts at the newest event',
        ).to.deep.equal([t3.id]);
        const ids = resumed.got.map((e) => Number(e.id));
        expect(ids).to.deep.equal([...ids].sort((a, b) => a - b));
      } finally {
        await p3.close();
      }
    });

    it('start at the newest event under a name never stored, and keep a name’s position moving forward only', async function () {
      this.timeout(60_000);
      const p = await db.open();
      try {
        const { store, counter } = await storeWithCounter(p);
        await expectOk(p.uow.repositories.transactions.insert(TransactionMother.open(store, counter)));
        await p.events.flush();
        const fresh = recorder(() => store.id);
        const remove = p.events.addPublisher(fresh.publisher, { durableName: 'audit' });
        const other = CounterMother.create(store);
        await expectOk(p.uow.repositories.counters.insert(other));
        const later = TransactionMother.open(store, other);
        await expectOk(p.uow.repositories.transactions.insert(later));
        await waitFor(() => fresh.got.length >= 1, 5000, 'the new event');
        await p.events.flush();
        await remove();
        expect(fresh.got.map((e) => e.transactionId)).to.deep.equal([later.id]);

        const position = async () =>
          (
            (await p.dataSource.query(
              `SELECT "writer_xid"::text AS xid, "event_id"::text AS id FROM "outbox_cursors" WHERE "publisher" = 'audit'`,
            )) as {
              xid: string;
              id: string;
            }[]
          )[0];
        const saved = await position();
        expect(saved?.id).to.equal(String(Number(fresh.got[0]!.id)));
        await p.dataSource.query(OUTBOX_CURSOR_SAVE_SQL, ['audit', '1', '1']);
        expect(await position(), 'an older position never overwrites a later one').to.deep.equal(saved);
      } finally {
        await p.close();
      }
    });

    it('refuses a durable name that is empty or longer than 64 characters', async () => {
      const p = await db.open();
      try {
        const publisher = { publish: () => Promise.resolve() };
        expect(() => p.events.addPublisher(publisher, { durableName: '' })).to.throw(/1 to 64/);
        expect(() => p.events.addPublisher(publisher, { durableName: 'x'.repeat(65) })).to.throw(/1 to 64/);
      } finally {
        await p.close();
      }
    });
  });
}

durableSuite('pglite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'counterpay-durable-'));
  return {
    open: () => createPglitePersistence({ dataDir }),
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
});

if (TEST_DATABASE_URL !== undefined) {
  const serverUrl = TEST_DATABASE_URL;
  durableSuite('postgres', async () => {
    const database = await createTestDatabase(serverUrl);
    return {
      open: () => createPostgresPersistence({ url: database.url, poolSize: 2 }),
      drop: () => database.drop(),
    };
  });
} else {
  describe('Durable outbox publishers (postgres)', () => {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
  });
}
