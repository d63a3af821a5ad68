import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from 'neverthrow';
import { domainError, type DomainError } from '../../domain/shared/domain-error';
import type { Counter } from '../../domain/counter/counter.aggregate';
import { priceAt, type Price, type Product } from '../../domain/catalog/product';
import { totalsOf, type SalesGrouping, type SalesLedgerEntry, type SalesTotal } from '../../domain/ledger/sales-ledger';
import type { Schedule, ScheduleEntry } from '../../domain/schedule/schedule.aggregate';
import type { Staff, Store } from '../../domain/store/store.aggregate';
import { Transaction } from '../../domain/transaction/transaction.aggregate';
import { IN_FLIGHT_STATUSES, isLive, type TransactionStatus } from '../../domain/transaction/transaction-status';
import type { CatalogRepository, PosLookup, PricedProduct } from '../../ports/catalog-repository.port';
import type { CounterRepository } from '../../ports/counter-repository.port';
import type { BusinessDayRange, SalesLedger } from '../../ports/sales-ledger.port';
import type { ScheduleEntryQuery, ScheduleRepository } from '../../ports/schedule-repository.port';
import type { StaffRepository, StoreCounter, StoreRepository } from '../../ports/store-repository.port';
import type {
  CounterPresentation,
  StoreTransaction,
  TransactionQuery,
  TransactionRepository,
} from '../../ports/transaction-repository.port';
import type { Repositories } from '../../ports/unit-of-work.port';
import type { InMemoryDatabase } from './in-memory-database';
import { scoped } from './in-memory-tables';

abstract class InMemoryRepository {
  constructor(
    protected readonly db: InMemoryDatabase,
    private readonly inUnitOfWork: boolean,
  ) {}

  protected get t() {
    return this.db.tables;
  }

  protected write<T>(work: () => Result<T, DomainError>): ResultAsync<T, DomainError> {
    if (!this.inUnitOfWork) return this.db.write(work);
    const result = work();
    return result.isOk() ? okAsync(result.value) : errAsync(result.error);
  }
}

const conflict = () => domainError('transaction.version_conflict', 'saved by another command first; reload and retry');

/** Stores in memory. */
export class InMemoryStoreRepository extends InMemoryRepository implements StoreRepository {
  insert(store: Store): ResultAsync<void, DomainError> {
    return this.write(() => {
      if (this.t.storeCodes.has(store.code)) return err(domainError('store.code_taken', `store code ${store.code} is taken`));
      this.db.put(this.t.stores, store.id, store);
      this.db.put(this.t.storeCodes, store.code, store.id);
      return ok(undefined);
    });
  }
  update(store: Store): ResultAsync<Store, DomainError> {
    return this.write(() => {
      const current = this.t.stores.get(store.id);
      if (current === undefined || current.version !== store.version) return err(conflict());
      const saved = { ...store, code: current.code, version: store.version + 1 };
      this.db.put(this.t.stores, store.id, saved);
      return ok(saved);
    });
  }
  findById(id: string): Promise<Store | null> {
    return Promise.resolve(this.t.stores.get(id) ?? null);
  }
  findByCode(code: string): Promise<Store | null> {
    const id = this.t.storeCodes.get(code);
    return Promise.resolve(id === undefined ? null : (this.t.stores.get(id) ?? null));
  }
  findWithCounter(storeId: string, counterName: string): Promise<StoreCounter | null> {
    const store = this.t.stores.get(storeId);
    if (store === undefined) return Promise.resolve(null);
    const counter = this.t.counters.get(this.t.counterNames.get(scoped(storeId, counterName)) ?? '');
    return Promise.resolve({ store, counter: counter !== undefined && counter.storeId === storeId ? counter : null });
  }
  list(): Promise<Store[]> {
    return Promise.resolve([...this.t.stores.values()].sort((a, b) => a.code.localeCompare(b.code)));
  }
}

/** Staff in memory. */
export class InMemoryStaffRepository extends InMemoryRepository implements StaffRepository {
  insert(staff: Staff): ResultAsync<void, DomainError> {
    return this.write(() => {
      const key = scoped(staff.storeId, staff.username.toLowerCase());
      if (this.t.staffUsernames.has(key)) return err(domainError('staff.username_taken', `username ${staff.username} is taken`));
      this.db.put(this.t.staff, staff.id, staff);
      this.db.put(this.t.staffUsernames, key, staff.id);
      return ok(undefined);
    });
  }
  findByUsername(storeId: string, username: string): Promise<Staff | null> {
    const id = this.t.staffUsernames.get(scoped(storeId, username.toLowerCase()));
    return this.findById(storeId, id ?? '');
  }
  findById(storeId: string, id: string): Promise<Staff | null> {
    const s = this.t.staff.get(id);
    return Promise.resolve(s !== undefined && s.storeId === storeId ? s : null);
  }
  list(storeId: string): Promise<Staff[]> {
    return Promise.resolve(
      [...this.t.staff.values()].filter((s) => s.storeId === storeId).sort((a, b) => a.username.localeCompare(b.username)),
    );
  }
}

/** Counters in memory. */
export class InMemoryCounterRepository extends InMemoryRepository implements CounterRepository {
  insert(counter: Counter): ResultAsync<void, DomainError> {
    return this.write(() => {
      const key = scoped(counter.storeId, counter.name);
      if (this.t.counterNames.has(key)) return err(domainError('counter.name_taken', `counter ${counter.name} exists`));
      this.db.put(this.t.counters, counter.id, counter);
      this.db.put(this.t.counterNames, key, counter.id);
      return ok(undefined);
    });
  }
  findByName(storeId: string, name: string): Promise<Counter | null> {
    return this.findById(storeId, this.t.counterNames.get(scoped(storeId, name)) ?? '');
  }
  findById(storeId: string, id: string): Promise<Counter | null> {
    const c = this.t.counters.get(id);
    return Promise.resolve(c !== undefined && c.storeId === storeId ? c : null);
  }
  list(storeId: string): Promise<Counter[]> {
    return Promise.resolve([...this.t.counters.values()].filter((c) => c.storeId === storeId).sort((a, b) => a.name.localeCompare(b.name)));
  }
}

/** Transactions in memory, with the unique indexes of the real schema. */
export class InMemoryTransactionRepository extends InMemoryRepository implements TransactionRepository {
  insert(tx: Transaction): ResultAsync<void, DomainError> {
    return this.write(() => {
      const s = tx.snapshot();
      if (this.t.transactions.has(s.id)) return err(conflict());
      const refKey = scoped(s.storeId, s.reference);
      if (this.t.references.has(refKey)) return err(domainError('transaction.reference_taken', 'reference exists'));
      const placed = this.index(s.id, s.storeId, s.counterId, s.status, null, s.capture?.processingNumber ?? null);
      if (placed.isErr()) return err(placed.error);
      this.db.put(this.t.references, refKey, s.id);
      this.db.put(this.t.transactions, s.id, { ...s, version: 1 });
      this.db.stage(tx.pullEvents());
      tx.markSaved(1);
      return ok(undefined);
    });
  }

  update(tx: Transaction): ResultAsync<void, DomainError> {
    return this.write(() => this.save(tx));
  }

  updateWithLedgerEntry(tx: Transaction, entry: SalesLedgerEntry): ResultAsync<void, DomainError> {
    return this.write(() => {
      const key = scoped(entry.storeId, entry.transactionId, entry.kind);
      if (this.t.ledger.has(key)) {
        return err(domainError('transaction.invalid_state', `the transaction already has a ${entry.kind} entry`));
      }
      const saved = this.save(tx);
      if (saved.isOk()) this.db.put(this.t.ledger, key, entry);
      return saved;
    });
  }

  private save(tx: Transaction): Result<void, DomainError> {
    const s = tx.snapshot();
    const current = this.t.transactions.get(s.id);
    if (current === undefined || current.storeId !== s.storeId || current.version !== s.version) return err(conflict());
    const placed = this.index(s.id, s.storeId, s.counterId, s.status, current, s.capture?.processingNumber ?? null);
    if (placed.isErr()) return err(placed.error);
    const version = s.version + 1;
    this.db.put(this.t.transactions, s.id, { ...s, version });
    this.db.stage(tx.pullEvents());
    tx.markSaved(version);
    return ok(undefined);
  }

  private index(
    id: string,
    storeId: string,
    counterId: string,
    status: TransactionStatus,
    previous: { counterId: string; status: TransactionStatus } | null,
    processingNumber: string | null,
  ): Result<void, DomainError> {
    const key = scoped(storeId, counterId);
    if (isLive(status)) {
      const holder = this.t.liveByCounter.get(key);
      if (holder !== undefined && holder !== id) {
        return err(domainError('counter.busy', 'the counter already presents a live transaction'));
      }
    }
    if (processingNumber !== null) {
      const pnKey = scoped(storeId, processingNumber);
      const holder = this.t.processingNumbers.get(pnKey);
      if (holder !== undefined && holder !== id) return err(domainError('transaction.reference_taken', 'processing number exists'));
      this.db.put(this.t.processingNumbers, pnKey, id);
    }
    if (previous !== null && isLive(previous.status)) {
      const oldKey = scoped(storeId, previous.counterId);
      if (this.t.liveByCounter.get(oldKey) === id) this.db.remove(this.t.liveByCounter, oldKey);
    }
    if (isLive(status)) this.db.put(this.t.liveByCounter, key, id);
    return ok(undefined);
  }

  findById(storeId: string, id: string): Promise<Transaction | null> {
    const s = this.t.transactions.get(id);
    return Promise.resolve(s !== undefined && s.storeId === storeId ? Transaction.rehydrate(s) : null);
  }
  async findWithStore(storeId: string, id: string): Promise<StoreTransaction | null> {
    const store = this.t.stores.get(storeId);
    return store === undefined ? null : { store, transaction: await this.findById(storeId, id) };
  }
  findLiveAtCounter(storeId: string, counterId: string): Promise<Transaction | null> {
    return this.findById(storeId, this.t.liveByCounter.get(scoped(storeId, counterId)) ?? '');
  }
  async findPresented(storeCode: string, counterName: string): Promise<CounterPresentation | null> {
    const store = this.t.stores.get(this.t.storeCodes.get(storeCode) ?? '');
    if (store === undefined) return null;
    const counter = this.t.counters.get(this.t.counterNames.get(scoped(store.id, counterName)) ?? '') ?? null;
    if (counter === null || counter.storeId !== store.id) return { store, counter: null, transaction: null };
    return { store, counter, transaction: await this.findLiveAtCounter(store.id, counter.id) };
  }
  findByProcessingNumber(storeId: string, processingNumber: string): Promise<Transaction | null> {
    return this.findById(storeId, this.t.processingNumbers.get(scoped(storeId, processingNumber)) ?? '');
  }
  list(storeId: string, query: TransactionQuery): Promise<Transaction[]> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const rows = [...this.t.transactions.values()]
      .filter(
        (s) =>
          s.storeId === storeId &&
          (query.counterId === undefined || s.counterId === query.counterId) &&
          (query.status === undefined || s.status === query.status),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
    return Promise.resolve(rows.map((s) => Transaction.rehydrate(s)));
  }
  findInFlight(storeId: string, before: Date, limit: number): Promise<Transaction[]> {
    const inFlight: readonly string[] = IN_FLIGHT_STATUSES;
    return Promise.resolve(
      [...this.t.transactions.values()]
        .filter((s) => s.storeId === storeId && inFlight.includes(s.status) && s.updatedAt.getTime() < before.getTime())
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
        .slice(0, limit)
        .map((s) => Transaction.rehydrate(s)),
    );
  }
  findExpired(storeId: string, now: Date, limit: number): Promise<Transaction[]> {
    return Promise.resolve(
      [...this.t.transactions.values()]
        .filter((s) => s.storeId === storeId)
        .map((s) => Transaction.rehydrate(s))
        .filter((tx) => tx.isExpiredAt(now))
        .slice(0, limit),
    );
  }
}

/** Schedules in memory. */
export class InMemoryScheduleRepository extends InMemoryRepository implements ScheduleRepository {
  insert(schedule: Schedule, entries: readonly ScheduleEntry[]): ResultAsync<void, DomainError> {
    return this.write(() => {
      this.db.put(this.t.schedules, schedule.id, schedule);
      for (const e of entries) this.db.put(this.t.entries, e.id, { ...e, version: 1 });
      return ok(undefined);
    });
  }
  findById(storeId: string, id: string): Promise<Schedule | null> {
    const s = this.t.schedules.get(id);
    return Promise.resolve(s !== undefined && s.storeId === storeId ? s : null);
  }
  list(storeId: string): Promise<Schedule[]> {
    return Promise.resolve(
      [...this.t.schedules.values()].filter((s) => s.storeId === storeId).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
    );
  }
  findEntry(storeId: string, entryId: string): Promise<ScheduleEntry | null> {
    const e = this.t.entries.get(entryId);
    return Promise.resolve(e !== undefined && e.storeId === storeId ? e : null);
  }
  updateEntry(entry: ScheduleEntry): ResultAsync<ScheduleEntry, DomainError> {
    return this.write(() => {
      const current = this.t.entries.get(entry.id);
      if (current === undefined || current.storeId !== entry.storeId || current.version !== entry.version) return err(conflict());
      const saved = { ...entry, version: entry.version + 1 };
      this.db.put(this.t.entries, entry.id, saved);
      return ok(saved);
    });
  }
  entriesOf(storeId: string, scheduleId: string): Promise<ScheduleEntry[]> {
    return Promise.resolve(
      [...this.t.entries.values()]
        .filter((e) => e.storeId === storeId && e.scheduleId === scheduleId)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()),
    );
  }
  search(storeId: string, query: ScheduleEntryQuery): Promise<ScheduleEntry[]> {
    const q = query.q?.trim().toLowerCase() ?? '';
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
    return Promise.resolve(
      [...this.t.entries.values()]
        .filter(
          (e) =>
            e.storeId === storeId &&
            (q === '' || e.customerName.toLowerCase().includes(q) || e.customerRef.toLowerCase().includes(q)) &&
            (query.dueFrom === undefined || e.dueAt.getTime() >= query.dueFrom.getTime()) &&
            (query.dueTo === undefined || e.dueAt.getTime() < query.dueTo.getTime()) &&
            (query.status === undefined || e.status === query.status),
        )
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1))
        .slice(0, limit),
    );
  }
}

/** Product master, price table and barcode lookup in memory. */
export class InMemoryCatalogRepository extends InMemoryRepository implements CatalogRepository, PosLookup {
  upsertProduct(product: Product): ResultAsync<void, DomainError> {
    return this.write(() => {
      this.db.put(this.t.products, scoped(product.storeId, product.barcode), product);
      return ok(undefined);
    });
  }
  findProduct(storeId: string, barcode: string): Promise<Product | null> {
    return Promise.resolve(this.t.products.get(scoped(storeId, barcode)) ?? null);
  }
  listProducts(storeId: string): Promise<Product[]> {
    return Promise.resolve(
      [...this.t.products.values()].filter((p) => p.storeId === storeId).sort((a, b) => a.barcode.localeCompare(b.barcode)),
    );
  }
  addPrice(price: Price): ResultAsync<void, DomainError> {
    return this.write(() => {
      const key = scoped(price.storeId, price.barcode);
      const rows = (this.t.prices.get(key) ?? []).map((p) =>
        p.validTo === null && p.validFrom.getTime() < price.validFrom.getTime() ? { ...p, validTo: price.validFrom } : p,
      );
      rows.push(price);
      rows.sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime());
      this.db.put(this.t.prices, key, rows);
      return ok(undefined);
    });
  }
  pricesOf(storeId: string, barcode: string): Promise<Price[]> {
    return Promise.resolve([...(this.t.prices.get(scoped(storeId, barcode)) ?? [])]);
  }
  async lookup(storeId: string, barcode: string, at: Date): Promise<PricedProduct | null> {
    const product = await this.findProduct(storeId, barcode);
    if (product === null) return null;
    const price = priceAt(await this.pricesOf(storeId, barcode), at);
    return price === null ? null : { product, price: price.price };
  }
}

/** Sales ledger in memory. */
export class InMemorySalesLedger extends InMemoryRepository implements SalesLedger {
  append(entry: SalesLedgerEntry): ResultAsync<void, DomainError> {
    return this.write(() => {
      const key = scoped(entry.storeId, entry.transactionId, entry.kind);
      if (this.t.ledger.has(key)) {
        return err(domainError('transaction.invalid_state', `the transaction already has a ${entry.kind} entry`));
      }
      this.db.put(this.t.ledger, key, entry);
      return ok(undefined);
    });
  }
  entries(storeId: string, range: BusinessDayRange): Promise<SalesLedgerEntry[]> {
    return Promise.resolve(
      [...this.t.ledger.values()]
        .filter(
          (e) =>
            e.storeId === storeId &&
            (range.from === undefined || e.businessDay >= range.from) &&
            (range.to === undefined || e.businessDay <= range.to),
        )
        .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()),
    );
  }
  async totals(storeId: string, range: BusinessDayRange, groupBy: SalesGrouping): Promise<SalesTotal[]> {
    return totalsOf(await this.entries(storeId, range), groupBy);
  }
}

/** All repositories over one in-memory database. */
export function inMemoryRepositories(db: InMemoryDatabase, inUnitOfWork: boolean): Repositories {
  return {
    stores: new InMemoryStoreRepository(db, inUnitOfWork),
    staff: new InMemoryStaffRepository(db, inUnitOfWork),
    counters: new InMemoryCounterRepository(db, inUnitOfWork),
    transactions: new InMemoryTransactionRepository(db, inUnitOfWork),
    schedules: new InMemoryScheduleRepository(db, inUnitOfWork),
    catalog: new InMemoryCatalogRepository(db, inUnitOfWork),
    ledger: new InMemorySalesLedger(db, inUnitOfWork),
  };
}
