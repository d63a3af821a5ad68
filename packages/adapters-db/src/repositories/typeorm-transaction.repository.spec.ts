import { aMaskedCard, CounterMother, expectOk, errorCode, StoreMother, TransactionMother, yen } from '@counterpay/core/testing';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Persistence } from '../persistence';
import { onEveryDriver } from '../testing/drivers.fixture';

onEveryDriver('Transaction hot path', (open) => {
  let p: Persistence;
  before(async function () {
    this.timeout(60_000);
    p = await open();
  });
  after(() => p?.close());

  async function openedTransaction() {
    const store = StoreMother.create();
    const counter = CounterMother.create(store);
    await expectOk(p.uow.repositories.stores.insert(store));
    await expectOk(p.uow.repositories.counters.insert(counter));
    return { store, counter, tx: TransactionMother.open(store, counter) };
  }

  it('saves a new transaction and its events in one statement: one round trip, one commit', async () => {
    const { tx } = await openedTransaction();
    const { count, statements } = await p.roundTrips.measure(() => expectOk(p.uow.repositories.transactions.insert(tx)));
    expect(count).to.deep.equal({ roundTrips: 1, commits: 1, rollbacks: 0 });
    expect(statements[0]).to.match(
      /^WITH saved AS \( INSERT INTO "transactions" .* ON CONFLICT DO NOTHING .*INSERT INTO "transaction_events"/,
    );
    expect(tx.version).to.equal(1);
  });

  it('saves a move with one conditional UPDATE … RETURNING joined to the outbox insert: one round trip, one commit', async () => {
    const { store, tx } = await openedTransaction();
    await expectOk(p.uow.repositories.transactions.insert(tx));
    await expectOk(tx.registerPaymentMethod(aMaskedCard(), new Date()));
    const { count, statements } = await p.roundTrips.measure(() => expectOk(p.uow.repositories.transactions.update(tx)));
    expect(count).to.deep.equal({ roundTrips: 1, commits: 1, rollbacks: 0 });
    expect(statements[0])
      .to.include('UPDATE "transactions" SET')
      .and.include('"version" = "version" + 1')
      .and.include('WHERE "store_id" = $1 AND "id" = $2 AND "version" = $3');
    expect(statements[0]).to.include('INSERT INTO "transaction_events"');
    expect(tx.version).to.equal(2);
    expect((await p.uow.repositories.transactions.findById(store.id, tx.id))?.snapshot()).to.deep.equal(tx.snapshot());
  });

  it('answers a stale save with version_conflict, changing and committing nothing', async () => {
    const { store, tx } = await openedTransaction();
    await expectOk(p.uow.repositories.transactions.insert(tx));
    const stale = (await p.uow.repositories.transactions.findById(store.id, tx.id))!;
    await expectOk(tx.cancel({ kind: 'clerk', staffId: null }, new Date()));
    await expectOk(p.uow.repositories.transactions.update(tx));
    await expectOk(stale.registerPaymentMethod(aMaskedCard(), new Date()));
    const { result, count } = await p.roundTrips.measure(() => errorCode(p.uow.repositories.transactions.update(stale)));
    expect(result).to.equal('transaction.version_conflict');
    expect(count).to.deep.equal({ roundTrips: 2, commits: 0, rollbacks: 0 });
    expect(stale.peekEvents().map((e) => e.type)).to.deep.equal(['transaction.method_registered']);
  });

  it('runs a unit of work as BEGIN, one statement per write, COMMIT', async () => {
    const { store, counter } = await openedTransaction();
    const sale = TransactionMother.inStatus(store, counter, 'capturing');
    await expectOk(p.uow.repositories.transactions.insert(sale));
    await expectOk(sale.completeCapture('123456789012', null, new Date()));
    const capture = sale.snapshot().capture!;
    const entry = {
      id: randomUUID(),
      storeId: store.id,
      transactionId: sale.id,
      kind: 'sale' as const,
      amount: capture.amount,
      counterId: capture.counterId,
      staffId: null,
      method: 'card' as const,
      processingNumber: capture.processingNumber,
      businessDay: '2026-11-21',
      occurredAt: new Date(),
    };
    const { count } = await p.roundTrips.measure(() =>
      expectOk(p.uow.run((r) => r.transactions.update(sale).andThen(() => r.ledger.append(entry)))),
    );
    expect(count).to.deep.equal({ roundTrips: 4, commits: 1, rollbacks: 0 });
    expect((await p.uow.repositories.ledger.entries(store.id, {})).map((e) => e.transactionId)).to.deep.equal([sale.id]);
    expect((await p.uow.repositories.transactions.findById(store.id, sale.id))?.status).to.equal('captured');
  });

  it('rolls a unit of work back when a save is refused, so its other writes vanish', async () => {
    const { store, counter, tx } = await openedTransaction();
    await expectOk(p.uow.repositories.transactions.insert(tx));
    const second = TransactionMother.open(store, counter);
    const entryCounter = CounterMother.create(store);
    const { result, count } = await p.roundTrips.measure(() =>
      errorCode(p.uow.run((r) => r.counters.insert(entryCounter).andThen(() => r.transactions.insert(second)))),
    );
    expect(result).to.equal('counter.busy');
    expect(count.commits).to.equal(0);
    expect(count.rollbacks).to.equal(1);
    expect(await p.uow.repositories.counters.findById(store.id, entryCounter.id)).to.equal(null);
  });

  it('lets a unit of work go on after a refused insert (no aborted transaction): a fresh reference succeeds', async () => {
    const { store, counter } = await openedTransaction();
    const other = CounterMother.create(store);
    await expectOk(p.uow.repositories.counters.insert(other));
    const first = TransactionMother.open(store, counter, { reference: '20261121100000-DUPDUP' });
    await expectOk(p.uow.repositories.transactions.insert(first));
    const retried = await expectOk(
      p.uow.run((r) => {
        const clash = TransactionMother.open(store, other, { reference: '20261121100000-DUPDUP' });
        return r.transactions
          .insert(clash)
          .map(() => clash)
          .orElse((e) => {
            expect(e.code).to.equal('transaction.reference_taken');
            const fresh = TransactionMother.open(store, other, { reference: '20261121100000-FRESH1' });
            return r.transactions.insert(fresh).map(() => fresh);
          });
      }),
    );
    expect((await p.uow.repositories.transactions.findLiveAtCounter(store.id, other.id))?.id).to.equal(retried.id);
  });

  it('keeps only the masked method: no card number reaches the table, and the table refuses one', async () => {
    const { store, tx } = await openedTransaction();
    await expectOk(p.uow.repositories.transactions.insert(tx));
    const leaky = { ...aMaskedCard(), number: '4242424242424242', cvc: '123' } as ReturnType<typeof aMaskedCard>;
    await expectOk(tx.registerPaymentMethod(leaky, new Date()));
    await expectOk(p.uow.repositories.transactions.update(tx));
    const [row] = (await p.dataSource.query(
      `SELECT "payment_method"::text AS method FROM "transactions" WHERE "store_id" = $1 AND "id" = $2`,
      [store.id, tx.id],
    )) as {
      method: string;
    }[];
    expect(row?.method).to.include('"last4": "4242"').and.not.include('4242424242424242').and.not.include('cvc');
    let refused: unknown = null;
    try {
      await p.dataSource.query(
        `UPDATE "transactions" SET "payment_method" = '{"type":"card","number":"4242424242424242"}' WHERE "store_id" = $1 AND "id" = $2`,
        [store.id, tx.id],
      );
    } catch (e) {
      refused = e;
    }
    expect(String(refused)).to.include('ck_transactions_no_card_number');
  });

  it('reads nothing for ids that are not UUIDs instead of failing (tokens and URLs carry arbitrary text)', async () => {
    const { store } = await openedTransaction();
    expect(await p.uow.repositories.transactions.findById('not-a-store', 'x')).to.equal(null);
    expect(await p.uow.repositories.transactions.findById(store.id, 'x')).to.equal(null);
    expect(await p.uow.repositories.stores.findById('nope')).to.equal(null);
    expect(await p.uow.repositories.transactions.list(store.id, { counterId: 'C11' })).to.deep.equal([]);
    expect(await p.posLookup.lookup('nope', '4901234567894', new Date())).to.equal(null);
  });

  it('stores money as integers beyond 2^31 and reads them back exactly', async () => {
    const store = StoreMother.create();
    const counter = CounterMother.create(store);
    await expectOk(p.uow.repositories.stores.insert(store));
    await expectOk(p.uow.repositories.counters.insert(counter));
    const big = TransactionMother.open(store, counter, { amount: yen(999_999_999_999) });
    await expectOk(p.uow.repositories.transactions.insert(big));
    expect((await p.uow.repositories.transactions.findById(store.id, big.id))?.amount).to.deep.equal(yen(999_999_999_999));
  });
});
