import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { SalesLedgerEntry } from '../../domain/ledger/sales-ledger';
import type { Store } from '../../domain/store/store.aggregate';
import { aScheduleEntry, CounterMother, StoreMother, yen } from '../mothers/object-mothers';
import { errorCode, expectOk, useFixture, type PersistenceFactory } from './persistence-fixture';

/** Contract of `CatalogRepository` and `PosLookup`: product master, price table, price at an instant. */
export function catalogRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`CatalogRepository + PosLookup contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('upserts products and closes the open price when a new one starts', async () => {
      const { stores, catalog } = fx().uow.repositories;
      const store = StoreMother.create();
      const other = StoreMother.create();
      await expectOk(stores.insert(store));
      await expectOk(stores.insert(other));
      const barcode = '4901234567894';
      await expectOk(catalog.upsertProduct({ storeId: store.id, barcode, sku: 'TEA-1', name: 'Green tea' }));
      await expectOk(catalog.upsertProduct({ storeId: store.id, barcode, sku: 'TEA-1', name: 'Green tea 500ml' }));
      expect(await catalog.findProduct(store.id, barcode)).to.deep.equal({
        storeId: store.id,
        barcode,
        sku: 'TEA-1',
        name: 'Green tea 500ml',
      });
      expect(await catalog.findProduct(other.id, barcode)).to.equal(null);
      const t1 = new Date('2026-11-01T00:00:00Z');
      const t2 = new Date('2026-11-10T00:00:00Z');
      await expectOk(catalog.addPrice({ storeId: store.id, barcode, price: yen(150), validFrom: t1, validTo: null }));
      await expectOk(catalog.addPrice({ storeId: store.id, barcode, price: yen(160), validFrom: t2, validTo: null }));
      const prices = await catalog.pricesOf(store.id, barcode);
      expect(prices.map((p) => [p.price.value, p.validTo?.toISOString() ?? null])).to.deep.equal([
        [150, t2.toISOString()],
        [160, null],
      ]);
      expect((await fx().posLookup.lookup(store.id, barcode, new Date('2026-11-05T00:00:00Z')))?.price).to.deep.equal(yen(150));
      expect((await fx().posLookup.lookup(store.id, barcode, new Date('2026-11-20T00:00:00Z')))?.price).to.deep.equal(yen(160));
      expect(await fx().posLookup.lookup(store.id, barcode, new Date('2026-10-01T00:00:00Z'))).to.equal(null);
      expect(await fx().posLookup.lookup(other.id, barcode, new Date('2026-11-20T00:00:00Z'))).to.equal(null);
      expect((await catalog.listProducts(store.id)).map((p) => p.barcode)).to.deep.equal([barcode]);
    });
  });
}

/** Contract of `ScheduleRepository`: entries, version checks, search by name/ref, due range and status. */
export function scheduleRepositoryContract(name: string, factory: PersistenceFactory): void {
  describe(`ScheduleRepository contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('stores a schedule with entries, searches them and updates with a version check', async () => {
      const { stores, counters, schedules } = fx().uow.repositories;
      const store = StoreMother.create();
      const other = StoreMother.create();
      await expectOk(stores.insert(store));
      await expectOk(stores.insert(other));
      const route = CounterMother.create(store, { kind: 'route', name: 'R1' });
      await expectOk(counters.insert(route));
      const schedule = {
        id: randomUUID(),
        storeId: store.id,
        name: 'Monday route',
        counterId: route.id,
        createdAt: new Date('2026-11-20T00:00:00Z'),
      };
      const e1 = aScheduleEntry(store, route, schedule.id, {
        customerName: 'Hanako Yamada',
        customerRef: 'C-001',
        dueAt: new Date('2026-11-22T01:00:00Z'),
      });
      const e2 = aScheduleEntry(store, route, schedule.id, {
        customerName: 'Taro Suzuki',
        customerRef: 'C-002',
        dueAt: new Date('2026-11-23T01:00:00Z'),
        items: [{ barcode: null, sku: 'W-12', name: 'Water 12L', unitPrice: yen(1500), quantity: 2, amount: yen(3000) }],
      });
      await expectOk(schedules.insert(schedule, [e1, e2]));
      expect(await schedules.findById(store.id, schedule.id)).to.deep.equal(schedule);
      expect(await schedules.findById(other.id, schedule.id)).to.equal(null);
      expect((await schedules.list(store.id)).map((s) => s.id)).to.deep.equal([schedule.id]);
      const stored = await schedules.findEntry(store.id, e2.id);
      expect(stored).to.deep.equal({ ...e2, version: 1 });
      expect(await schedules.findEntry(other.id, e2.id)).to.equal(null);
      expect((await schedules.entriesOf(store.id, schedule.id)).map((e) => e.id)).to.deep.equal([e1.id, e2.id]);
      expect((await schedules.search(store.id, { q: 'yamada' })).map((e) => e.id)).to.deep.equal([e1.id]);
      expect((await schedules.search(store.id, { q: 'C-002' })).map((e) => e.id)).to.deep.equal([e2.id]);
      expect(
        (await schedules.search(store.id, { dueFrom: new Date('2026-11-23T00:00:00Z'), dueTo: new Date('2026-11-24T00:00:00Z') })).map(
          (e) => e.id,
        ),
      ).to.deep.equal([e2.id]);
      expect(await schedules.search(other.id, {})).to.deep.equal([]);
      const presented = await expectOk(schedules.updateEntry({ ...stored!, status: 'presented', transactionId: randomUUID() }));
      expect(presented.version).to.equal(2);
      expect(await errorCode(schedules.updateEntry({ ...stored!, status: 'cancelled' }))).to.equal('transaction.version_conflict');
      expect((await schedules.search(store.id, { status: 'presented' })).map((e) => e.id)).to.deep.equal([e2.id]);
    });
  });
}

function entry(store: Store, overrides: Partial<SalesLedgerEntry>): SalesLedgerEntry {
  return {
    id: randomUUID(),
    storeId: store.id,
    transactionId: randomUUID(),
    kind: 'sale',
    amount: yen(1000),
    counterId: 'c1',
    staffId: 's1',
    method: 'card',
    processingNumber: String(100000000000 + Math.floor(Math.random() * 1e11)),
    businessDay: '2026-11-21',
    occurredAt: new Date('2026-11-21T03:00:00Z'),
    ...overrides,
  };
}

/** Contract of `SalesLedger`: one sale and one reversal per transaction, totals by every grouping. */
export function salesLedgerContract(name: string, factory: PersistenceFactory): void {
  describe(`SalesLedger contract: ${name}`, () => {
    const fx = useFixture(factory);
    it('appends sales and reversals once each and totals them per day, counter, staff and method', async () => {
      const { stores, ledger } = fx().uow.repositories;
      const store = StoreMother.create();
      const other = StoreMother.create();
      await expectOk(stores.insert(store));
      await expectOk(stores.insert(other));
      const s1 = entry(store, { amount: yen(1000), counterId: 'c1', staffId: 's1', businessDay: '2026-11-20' });
      const s2 = entry(store, {
        amount: yen(2500),
        counterId: 'c2',
        staffId: 's1',
        businessDay: '2026-11-21',
        occurredAt: new Date('2026-11-21T04:00:00Z'),
      });
      const r2 = {
        ...s2,
        id: randomUUID(),
        kind: 'reversal' as const,
        businessDay: '2026-11-22',
        occurredAt: new Date('2026-11-22T04:00:00Z'),
      };
      for (const e of [s1, s2, r2]) await expectOk(ledger.append(e));
      await expectOk(ledger.append(entry(other, { amount: yen(99999) })));
      expect(await errorCode(ledger.append({ ...s1, id: randomUUID() }))).to.equal('transaction.invalid_state');
      expect(await ledger.totals(store.id, {}, 'day')).to.deep.equal([
        { key: '2026-11-20', sales: 1000, reversals: 0, net: 1000, count: 1, reversalCount: 0 },
        { key: '2026-11-21', sales: 2500, reversals: 0, net: 2500, count: 1, reversalCount: 0 },
        { key: '2026-11-22', sales: 0, reversals: 2500, net: -2500, count: 0, reversalCount: 1 },
      ]);
      expect(await ledger.totals(store.id, {}, 'counter')).to.deep.equal([
        { key: 'c1', sales: 1000, reversals: 0, net: 1000, count: 1, reversalCount: 0 },
        { key: 'c2', sales: 2500, reversals: 2500, net: 0, count: 1, reversalCount: 1 },
      ]);
      expect(await ledger.totals(store.id, {}, 'staff')).to.deep.equal([
        { key: 's1', sales: 3500, reversals: 2500, net: 1000, count: 2, reversalCount: 1 },
      ]);
      expect(await ledger.totals(store.id, { from: '2026-11-21', to: '2026-11-21' }, 'method')).to.deep.equal([
        { key: 'card', sales: 2500, reversals: 0, net: 2500, count: 1, reversalCount: 0 },
      ]);
      expect((await ledger.entries(store.id, { from: '2026-11-21' })).map((e) => e.id)).to.deep.equal([s2.id, r2.id]);
    });
  });
}
