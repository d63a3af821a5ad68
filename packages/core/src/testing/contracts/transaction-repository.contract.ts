import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Counter } from '../../domain/counter/counter.aggregate';
import type { SalesLedgerEntry } from '../../domain/ledger/sales-ledger';
import type { Store } from '../../domain/store/store.aggregate';
import { Transaction } from '../../domain/transaction/transaction.aggregate';
import { LIVE_STATUSES, TRANSACTION_STATUSES } from '../../domain/transaction/transaction-status';
import type { Repositories } from '../../ports/unit-of-work.port';
import { CounterMother, StoreMother, TransactionMother } from '../mothers/object-mothers';
import { errorCode, expectOk, useFixture, type PersistenceFactory } from './persistence-fixture';

async function storeWithCounters(repos: Repositories, n = 2): Promise<{ store: Store; counters: Counter[] }> {
  const store = StoreMother.create();
  await expectOk(repos.stores.insert(store));
  const counters: Counter[] = [];
  for (let i = 0; i < n; i++) {
    const c = CounterMother.create(store);
    await expectOk(repos.counters.insert(c));
    counters.push(c);
  }
  return { store, counters };
}

/** The sale a capture of `tx` registers. */
function saleOf(tx: Transaction): SalesLedgerEntry {
  const s = tx.snapshot();
  return {
    id: randomUUID(),
    storeId: s.storeId,
    transactionId: s.id,
    kind: 'sale',
    amount: s.capture!.amount,
    counterId: s.capture!.counterId,
    staffId: null,
    method: 'card',
    processingNumber: s.capture!.processingNumber,
    businessDay: '2026-11-21',
    occurredAt: s.capture!.capturedAt,
  };
}

/** Contract of `TransactionRepository`: round trip of every status, version checks, and the unique rules. */
export function transactionRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`TransactionRepository contract: ${name}`, () => {
    const fx = useFixture(factory);
    const repos = () => fx().uow.repositories;

    it('stores and reloads a transaction in every status, field for field', async () => {
      const { store } = await storeWithCounters(repos(), 0);
      for (const status of TRANSACTION_STATUSES) {
        const counter = CounterMother.create(store);
        await expectOk(repos().counters.insert(counter));
        const tx = TransactionMother.inStatus(store, counter, status);
        await expectOk(repos().transactions.insert(tx));
        expect(tx.version, status).to.equal(1);
        const loaded = await repos().transactions.findById(store.id, tx.id);
        expect(loaded?.snapshot(), status).to.deep.equal(tx.snapshot());
      }
    });

    it('checks the version on update: a stale copy gets version_conflict and changes nothing', async () => {
      const { store, counters } = await storeWithCounters(repos(), 1);
      const tx = TransactionMother.open(store, counters[0]!);
      await expectOk(repos().transactions.insert(tx));
      const a = (await repos().transactions.findById(store.id, tx.id))!;
      const b = (await repos().transactions.findById(store.id, tx.id))!;
      await expectOk(a.cancel({ kind: 'clerk', staffId: null }, new Date()));
      await expectOk(repos().transactions.update(a));
      expect(a.version).to.equal(2);
      await expectOk(
        b.registerPaymentMethod(TransactionMother.inStatus(store, counters[0]!, 'method_registered').paymentMethod!, new Date()),
      );
      expect(await errorCode(repos().transactions.update(b))).to.equal('transaction.version_conflict');
      expect((await repos().transactions.findById(store.id, tx.id))?.status).to.equal('cancelled');
    });

    it('keeps one live transaction per counter; a finished one frees the counter', async () => {
      const { store, counters } = await storeWithCounters(repos(), 1);
      const counter = counters[0]!;
      const first = TransactionMother.open(store, counter);
      await expectOk(repos().transactions.insert(first));
      expect(await errorCode(repos().transactions.insert(TransactionMother.open(store, counter)))).to.equal('counter.busy');
      expect((await repos().transactions.findLiveAtCounter(store.id, counter.id))?.id).to.equal(first.id);
      await expectOk(first.cancel({ kind: 'clerk', staffId: null }, new Date()));
      await expectOk(repos().transactions.update(first));
      expect(await repos().transactions.findLiveAtCounter(store.id, counter.id)).to.equal(null);
      await expectOk(repos().transactions.insert(TransactionMother.open(store, counter)));
    });

    it('counts every live status as occupying the counter, and no other', async () => {
      const { store } = await storeWithCounters(repos(), 0);
      for (const status of TRANSACTION_STATUSES) {
        const counter = CounterMother.create(store);
        await expectOk(repos().counters.insert(counter));
        await expectOk(repos().transactions.insert(TransactionMother.inStatus(store, counter, status)));
        const live = await repos().transactions.findLiveAtCounter(store.id, counter.id);
        expect(live !== null, status).to.equal((LIVE_STATUSES as readonly string[]).includes(status));
      }
    });

    it('refuses to present a sale for cancellation at a busy counter', async () => {
      const { store, counters } = await storeWithCounters(repos(), 2);
      const [c1, c2] = [counters[0]!, counters[1]!];
      const sale = TransactionMother.inStatus(store, c1, 'captured');
      await expectOk(repos().transactions.insert(sale));
      await expectOk(repos().transactions.insert(TransactionMother.open(store, c2)));
      const capture = sale.snapshot().capture!;
      await expectOk(
        sale.requestCancellation(
          {
            processingNumber: capture.processingNumber,
            amount: capture.amount,
            counterId: c2.id,
            staffId: null,
            expiresAt: new Date(Date.now() + 60_000),
          },
          new Date(),
        ),
      );
      expect(await errorCode(repos().transactions.update(sale))).to.equal('counter.busy');
    });

    it('keeps references and processing numbers unique per store', async () => {
      const { store, counters } = await storeWithCounters(repos(), 2);
      const other = await storeWithCounters(repos(), 1);
      const a = TransactionMother.open(store, counters[0]!, { reference: '20261121100000-AAAAAA' });
      await expectOk(repos().transactions.insert(a));
      expect(
        await errorCode(repos().transactions.insert(TransactionMother.open(store, counters[1]!, { reference: '20261121100000-AAAAAA' }))),
      ).to.equal('transaction.reference_taken');
      await expectOk(
        repos().transactions.insert(TransactionMother.open(other.store, other.counters[0]!, { reference: '20261121100000-AAAAAA' })),
      );
      const sale = TransactionMother.inStatus(store, counters[1]!, 'captured');
      await expectOk(repos().transactions.insert(sale));
      const pn = sale.snapshot().capture!.processingNumber;
      expect((await repos().transactions.findByProcessingNumber(store.id, pn))?.id).to.equal(sale.id);
      expect(await repos().transactions.findByProcessingNumber(other.store.id, pn)).to.equal(null);
    });

    it("never returns another store's transaction", async () => {
      const a = await storeWithCounters(repos(), 1);
      const b = await storeWithCounters(repos(), 1);
      const tx = TransactionMother.open(a.store, a.counters[0]!);
      await expectOk(repos().transactions.insert(tx));
      expect(await repos().transactions.findById(b.store.id, tx.id)).to.equal(null);
      expect(await repos().transactions.findLiveAtCounter(b.store.id, a.counters[0]!.id)).to.equal(null);
      expect((await repos().transactions.list(b.store.id, {})).length).to.equal(0);
      expect((await repos().transactions.list(a.store.id, {})).map((t) => t.id)).to.deep.equal([tx.id]);
    });

    it('lists newest first, filtered by counter and status, within the limit', async () => {
      const { store, counters } = await storeWithCounters(repos(), 3);
      const t1 = TransactionMother.inStatus(store, counters[0]!, 'captured', new Date('2026-11-21T01:00:00Z'));
      const t2 = TransactionMother.inStatus(store, counters[1]!, 'voided', new Date('2026-11-21T02:00:00Z'));
      const t3 = TransactionMother.open(store, counters[2]!, { now: new Date('2026-11-21T03:00:00Z') });
      for (const t of [t1, t2, t3]) await expectOk(repos().transactions.insert(t));
      expect((await repos().transactions.list(store.id, {})).map((t) => t.id)).to.deep.equal([t3.id, t2.id, t1.id]);
      expect((await repos().transactions.list(store.id, { counterId: counters[1]!.id })).map((t) => t.id)).to.deep.equal([t2.id]);
      expect((await repos().transactions.list(store.id, { status: 'captured' })).map((t) => t.id)).to.deep.equal([t1.id]);
      expect((await repos().transactions.list(store.id, { limit: 1 })).map((t) => t.id)).to.deep.equal([t3.id]);
    });

    it('finds transactions in flight before an instant, and expired ones', async () => {
      const { store, counters } = await storeWithCounters(repos(), 3);
      const t0 = new Date('2026-11-21T01:00:00Z');
      const flying = TransactionMother.inStatus(store, counters[0]!, 'capturing', t0);
      const waiting = TransactionMother.open(store, counters[1]!, { now: t0 });
      const done = TransactionMother.inStatus(store, counters[2]!, 'captured', t0);
      for (const t of [flying, waiting, done]) await expectOk(repos().transactions.insert(t));
      expect((await repos().transactions.findInFlight(store.id, new Date(t0.getTime() + 1), 10)).map((t) => t.id)).to.deep.equal([
        flying.id,
      ]);
      expect(await repos().transactions.findInFlight(store.id, t0, 10)).to.deep.equal([]);
      const later = new Date(t0.getTime() + store.customerTimeoutSeconds * 1000);
      expect((await repos().transactions.findExpired(store.id, later, 10)).map((t) => t.id)).to.deep.equal([waiting.id]);
      expect(await repos().transactions.findExpired(store.id, new Date(later.getTime() - 1), 10)).to.deep.equal([]);
    });

    it('reads a transaction with its store in one go, only within that store', async () => {
      const a = await storeWithCounters(repos(), 1);
      const b = await storeWithCounters(repos(), 0);
      const tx = TransactionMother.inStatus(a.store, a.counters[0]!, 'authorized');
      await expectOk(repos().transactions.insert(tx));
      const found = await repos().transactions.findWithStore(a.store.id, tx.id);
      expect(found?.store).to.deep.equal(a.store);
      expect(found?.transaction?.snapshot()).to.deep.equal(tx.snapshot());
      expect(found?.transaction?.peekEvents(), 'a loaded transaction has recorded nothing').to.deep.equal([]);
      expect(await repos().transactions.findWithStore(b.store.id, tx.id)).to.deep.equal({ store: b.store, transaction: null });
      expect(await repos().transactions.findWithStore(a.store.id, randomUUID())).to.deep.equal({ store: a.store, transaction: null });
      expect(await repos().transactions.findWithStore(randomUUID(), tx.id)).to.equal(null);
      expect(await repos().transactions.findWithStore(a.store.id, 'not-a-uuid')).to.deep.equal({ store: a.store, transaction: null });
    });

    it('finds what a phone finds at a counter: the store, the counter and the live transaction there', async () => {
      const { store, counters } = await storeWithCounters(repos(), 3);
      const [busy, done, idle] = [counters[0]!, counters[1]!, counters[2]!];
      const live = TransactionMother.inStatus(store, busy, 'method_registered');
      await expectOk(repos().transactions.insert(live));
      await expectOk(repos().transactions.insert(TransactionMother.inStatus(store, done, 'captured')));
      const other = await storeWithCounters(repos(), 0);
      const twin = CounterMother.create(other.store, { name: busy.name });
      await expectOk(repos().counters.insert(twin));
      await expectOk(repos().transactions.insert(TransactionMother.open(other.store, twin)));

      const found = await repos().transactions.findPresented(store.code, busy.name);
      expect(found?.store).to.deep.equal(store);
      expect(found?.counter).to.deep.equal(busy);
      expect(found?.transaction?.snapshot()).to.deep.equal(live.snapshot());
      expect(await repos().transactions.findPresented(store.code, done.name), 'a finished sale is not presented').to.deep.equal({
        store,
        counter: done,
        transaction: null,
      });
      expect(await repos().transactions.findPresented(store.code, idle.name)).to.deep.equal({ store, counter: idle, transaction: null });
      expect(await repos().transactions.findPresented(store.code, 'NOPE')).to.deep.equal({ store, counter: null, transaction: null });
      expect(await repos().transactions.findPresented('no-such-store', busy.name)).to.equal(null);
    });

    it('saves a transaction with its ledger entry: both, or neither', async () => {
      const { store, counters } = await storeWithCounters(repos(), 3);
      const now = new Date('2026-11-21T03:00:00Z');

      const tx = TransactionMother.inStatus(store, counters[0]!, 'capturing');
      await expectOk(repos().transactions.insert(tx));
      await expectOk(tx.completeCapture('100000000001', null, now));
      const sale = saleOf(tx);
      await expectOk(repos().transactions.updateWithLedgerEntry(tx, sale));
      expect(tx.version).to.equal(2);
      expect((await repos().transactions.findById(store.id, tx.id))?.status).to.equal('captured');
      expect((await repos().ledger.entries(store.id, {})).map((e) => e.id)).to.deep.equal([sale.id]);

      const twice = TransactionMother.inStatus(store, counters[1]!, 'capturing');
      await expectOk(repos().transactions.insert(twice));
      await expectOk(twice.completeCapture('100000000002', null, now));
      await expectOk(repos().ledger.append({ ...saleOf(twice), id: randomUUID() }));
      expect(await errorCode(repos().transactions.updateWithLedgerEntry(twice, saleOf(twice)))).to.equal('transaction.invalid_state');
      const kept = await repos().transactions.findById(store.id, twice.id);
      expect([kept?.status, kept?.version], 'the transaction is not saved').to.deep.equal(['capturing', 1]);

      const stale = TransactionMother.inStatus(store, counters[2]!, 'capturing');
      await expectOk(repos().transactions.insert(stale));
      const fresh = (await repos().transactions.findById(store.id, stale.id))!;
      await expectOk(fresh.abandonInFlight(now));
      await expectOk(repos().transactions.update(fresh));
      await expectOk(stale.completeCapture('100000000003', null, now));
      expect(await errorCode(repos().transactions.updateWithLedgerEntry(stale, saleOf(stale)))).to.equal('transaction.version_conflict');
      expect(
        (await repos().ledger.entries(store.id, {})).filter((e) => e.transactionId === stale.id),
        'no entry saved',
      ).to.deep.equal([]);
    });

    it('makes a loaded transaction record no events until it moves', async () => {
      const { store, counters } = await storeWithCounters(repos(), 1);
      const tx = TransactionMother.open(store, counters[0]!);
      await expectOk(repos().transactions.insert(tx));
      expect(tx.peekEvents()).to.deep.equal([]);
      const loaded = (await repos().transactions.findById(store.id, tx.id)) as Transaction;
      expect(loaded.peekEvents()).to.deep.equal([]);
    });
  });
}
