import type { PublishedEvent } from '@counterpay/core';
import { CounterMother, expectOk, StoreMother, TransactionMother } from '@counterpay/core/testing';
import { expect } from 'chai';
import { ResultAsync } from 'neverthrow';
import { createPostgresPersistence, type Persistence } from '../persistence';
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

  it('still delivers, by polling, when the NOTIFY is lost', async () => {
    const polling = await createPostgresPersistence({ url: database.url, poolSize: 1, pollIntervalMs: 100, migrate: false });
    try {
      const { store, counter } = await storeWithCounter(a);
      const seen: PublishedEvent[] = [];
      const unsubscribe = polling.events.subscribe({ storeId: store.id }, (e) => seen.push(e));
      await a.dataSource.query(`ALTER TABLE "transaction_events" DISABLE TRIGGER "trg_transaction_events_notify"`);
      try {
        await expectOk(a.uow.repositories.transactions.insert(TransactionMother.open(store, counter)));
        await waitFor(() => seen.length >= 1, 5000, 'the polled event');
      } finally {
        await a.dataSource.query(`ALTER TABLE "transaction_events" ENABLE TRIGGER "trg_transaction_events_notify"`);
        unsubscribe();
      }
      expect(seen.map((e) => e.type)).to.deep.equal(['transaction.opened']);
    } finally {
      await polling.close();
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
