import { expect } from 'chai';
import { CounterMother, StoreMother } from '../mothers/object-mothers';
import { errorCode, expectOk, useFixture, type PersistenceFactory } from './persistence-fixture';

/** Contract of `StoreRepository`: codes unique, optimistic versions. */
export function storeRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`StoreRepository contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('finds an inserted store by id and by code, with every field', async () => {
      const store = StoreMother.create({
        enabledMethods: ['card', 'debit'],
        capturePolicy: 'auto',
        timezone: 'America/New_York',
        currency: 'USD',
      });
      await expectOk(fx().uow.repositories.stores.insert(store));
      expect(await fx().uow.repositories.stores.findById(store.id)).to.deep.equal(store);
      expect(await fx().uow.repositories.stores.findByCode(store.code)).to.deep.equal(store);
      expect((await fx().uow.repositories.stores.list()).map((s) => s.id)).to.include(store.id);
    });
    it('refuses a second store with the same code', async () => {
      const store = StoreMother.create();
      await expectOk(fx().uow.repositories.stores.insert(store));
      expect(await errorCode(fx().uow.repositories.stores.insert({ ...StoreMother.create(), code: store.code }))).to.equal(
        'store.code_taken',
      );
    });
    it('updates with a version check and refuses a stale version', async () => {
      const store = StoreMother.create();
      const repo = fx().uow.repositories.stores;
      await expectOk(repo.insert(store));
      const saved = await expectOk(repo.update({ ...store, status: 'suspended' }));
      expect(saved.version).to.equal(store.version + 1);
      expect((await repo.findById(store.id))?.status).to.equal('suspended');
      expect(await errorCode(repo.update({ ...store, status: 'active' }))).to.equal('transaction.version_conflict');
    });
    it("reads a store with one of its counters in one go, never another store's counter", async () => {
      const { stores, counters } = fx().uow.repositories;
      const a = StoreMother.create();
      const b = StoreMother.create();
      await expectOk(stores.insert(a));
      await expectOk(stores.insert(b));
      const c11 = CounterMother.create(a, { name: 'C11' });
      await expectOk(counters.insert(c11));
      await expectOk(counters.insert(CounterMother.create(b, { name: 'C12' })));
      expect(await stores.findWithCounter(a.id, 'C11')).to.deep.equal({ store: a, counter: c11 });
      expect(await stores.findWithCounter(a.id, 'C12'), 'a name only another store has').to.deep.equal({ store: a, counter: null });
      expect(await stores.findWithCounter(b.id, 'C11')).to.deep.equal({ store: b, counter: null });
      expect(await stores.findWithCounter('00000000-0000-4000-8000-000000000000', 'C11')).to.equal(null);
      expect(await stores.findWithCounter('not-a-uuid', 'C11')).to.equal(null);
    });
    it('returns null for unknown ids and codes', async () => {
      expect(await fx().uow.repositories.stores.findById('00000000-0000-4000-8000-000000000000')).to.equal(null);
      expect(await fx().uow.repositories.stores.findByCode('no-such-store')).to.equal(null);
    });
  });
}

/** Contract of `StaffRepository`: usernames unique per store, scoped reads. */
export function staffRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`StaffRepository contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('stores staff per store; the same username may exist in two stores, not twice in one', async () => {
      const { stores, staff } = fx().uow.repositories;
      const a = StoreMother.create();
      const b = StoreMother.create();
      await expectOk(stores.insert(a));
      await expectOk(stores.insert(b));
      const clerk = CounterMother.staff(a, { username: 'clerk' });
      await expectOk(staff.insert(clerk));
      await expectOk(staff.insert(CounterMother.staff(b, { username: 'clerk' })));
      expect(await errorCode(staff.insert(CounterMother.staff(a, { username: 'clerk' })))).to.equal('staff.username_taken');
      expect(await staff.findByUsername(a.id, 'clerk')).to.deep.equal(clerk);
      expect(await staff.findById(a.id, clerk.id)).to.deep.equal(clerk);
      expect(await staff.findById(b.id, clerk.id), 'another store cannot read it').to.equal(null);
      expect((await staff.list(a.id)).map((s) => s.id)).to.deep.equal([clerk.id]);
    });
  });
}

/** Contract of `CounterRepository`: names unique per store, scoped reads. */
export function counterRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`CounterRepository contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('stores counters per store with unique names, read only within their store', async () => {
      const { stores, counters } = fx().uow.repositories;
      const a = StoreMother.create();
      const b = StoreMother.create();
      await expectOk(stores.insert(a));
      await expectOk(stores.insert(b));
      const c11 = CounterMother.create(a, { name: 'C11', kind: 'route', label: 'Route 11' });
      await expectOk(counters.insert(c11));
      await expectOk(counters.insert(CounterMother.create(b, { name: 'C11' })));
      expect(await errorCode(counters.insert(CounterMother.create(a, { name: 'C11' })))).to.equal('counter.name_taken');
      expect(await counters.findByName(a.id, 'C11')).to.deep.equal(c11);
      expect(await counters.findById(a.id, c11.id)).to.deep.equal(c11);
      expect(await counters.findById(b.id, c11.id)).to.equal(null);
      expect((await counters.list(a.id)).map((c) => c.name)).to.deep.equal(['C11']);
    });
  });
}
