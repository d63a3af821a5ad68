import { expect } from 'chai';
import { errAsync, okAsync } from 'neverthrow';
import { domainError } from '../../domain/shared/domain-error';
import type { PublishedEvent } from '../../domain/transaction/transaction.events';
import { CounterMother, StoreMother, TransactionMother } from '../mothers/object-mothers';
import { expectOk, useFixture, type PersistenceFactory } from './persistence-fixture';

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Contract of `UnitOfWork` + `EventStream`: all or nothing, and events published only once committed. */
export function unitOfWorkContract(name: string, factory: PersistenceFactory): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    const fx = useFixture(factory);

    it('commits every write of a unit of work together, with its events published once, in order', async () => {
      const store = StoreMother.create();
      const counter = CounterMother.create(store);
      const seen: PublishedEvent[] = [];
      const unsubscribe = fx().events.subscribe({ storeId: store.id }, (e) => seen.push(e));
      try {
        await expectOk(
          fx().uow.run((r) =>
            r.stores
              .insert(store)
              .andThen(() => r.counters.insert(counter))
              .andThen(() => {
                const tx = TransactionMother.open(store, counter);
                return r.transactions.insert(tx).map(() => tx);
              })
              .andThen((tx) => {
                tx.cancel({ kind: 'clerk', staffId: null }, new Date());
                return r.transactions.update(tx).map(() => tx);
              }),
          ),
        );
        expect(await fx().uow.repositories.counters.findById(store.id, counter.id)).to.not.equal(null);
        await waitFor(() => seen.length >= 2);
        expect(seen.map((e) => e.type)).to.deep.equal(['transaction.opened', 'transaction.cancelled']);
        expect(seen[0]!.id < seen[1]!.id || Number(seen[0]!.id) < Number(seen[1]!.id)).to.equal(true);
        expect(seen[1]!.transaction.status).to.equal('cancelled');
      } finally {
        unsubscribe();
      }
    });

    it('rolls everything back when the work ends in an error, and publishes nothing', async () => {
      const store = StoreMother.create();
      const counter = CounterMother.create(store);
      await expectOk(fx().uow.repositories.stores.insert(store));
      await expectOk(fx().uow.repositories.counters.insert(counter));
      const seen: PublishedEvent[] = [];
      const unsubscribe = fx().events.subscribe({ storeId: store.id }, (e) => seen.push(e));
      const tx = TransactionMother.open(store, counter);
      const result = await fx().uow.run((r) =>
        r.transactions.insert(tx).andThen(() => errAsync(domainError('validation.failed', 'changed my mind'))),
      );
      expect(result.isErr()).to.equal(true);
      expect(await fx().uow.repositories.transactions.findById(store.id, tx.id)).to.equal(null);
      expect(await fx().uow.repositories.transactions.findLiveAtCounter(store.id, counter.id)).to.equal(null);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).to.deep.equal([]);
      unsubscribe();
    });

    it('rolls back and rethrows when the work throws', async () => {
      const store = StoreMother.create();
      let thrown: unknown = null;
      try {
        await fx().uow.run((r) =>
          r.stores.insert(store).andThen(() => {
            throw new Error('boom');
          }),
        );
      } catch (e) {
        thrown = e;
      }
      expect((thrown as Error | null)?.message).to.equal('boom');
      expect(await fx().uow.repositories.stores.findById(store.id)).to.equal(null);
    });

    it('publishes standalone writes too, filtered by counter and transaction', async () => {
      const store = StoreMother.create();
      const [c1, c2] = [CounterMother.create(store), CounterMother.create(store)];
      await expectOk(fx().uow.repositories.stores.insert(store));
      await expectOk(fx().uow.repositories.counters.insert(c1));
      await expectOk(fx().uow.repositories.counters.insert(c2));
      const atC2: PublishedEvent[] = [];
      const all: PublishedEvent[] = [];
      const u1 = fx().events.subscribe({ storeId: store.id, counterId: c2.id }, (e) => atC2.push(e));
      const u2 = fx().events.subscribe({ storeId: store.id }, (e) => all.push(e));
      await expectOk(fx().uow.repositories.transactions.insert(TransactionMother.open(store, c1)));
      const t2 = TransactionMother.open(store, c2);
      await expectOk(fx().uow.repositories.transactions.insert(t2));
      await waitFor(() => all.length >= 2 && atC2.length >= 1);
      expect(atC2.map((e) => e.transactionId)).to.deep.equal([t2.id]);
      u1();
      u2();
    });

    it("returns the work's value", async () => {
      expect(await expectOk(fx().uow.run(() => okAsync(42)))).to.equal(42);
    });
  });
}
