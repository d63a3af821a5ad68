import { domainError, InvariantViolation, type DomainError, type Store, type StoreCounter, type StoreRepository } from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import type { StoreEntity } from '../entities/store.entity';
import { counterMapper, storeMapper } from '../mappers/store.mapper';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

const MUTABLE: readonly (keyof StoreEntity & string)[] = [
  'name',
  'currency',
  'timezone',
  'status',
  'enabledMethods',
  'capturePolicy',
  'customerTimeoutSeconds',
];

/** Stores in the `stores` table (the tenants themselves). */
export class TypeOrmStoreRepository extends TypeOrmRepository implements StoreRepository {
  private withCounterSql: string | undefined;

  insert(store: Store): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.stores;
      const { rows } = await this.sql.query(
        `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()}) ON CONFLICT DO NOTHING RETURNING "id"`,
        t.values(storeMapper.toEntity(store)),
      );
      if (rows.length === 1) return ok(undefined);
      const taken = await this.sql.query(`SELECT 1 FROM ${t.table} WHERE "code" = $1`, [store.code]);
      if (taken.rows.length > 0) return err(domainError('store.code_taken', `store code ${store.code} is taken`));
      throw new InvariantViolation(`store id ${store.id} exists`);
    });
  }

  update(store: Store): ResultAsync<Store, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.stores;
      const { rows } = await this.sql.query(
        `UPDATE ${t.table} SET ${t.assignments(MUTABLE, 2)}, "version" = "version" + 1
         WHERE "id" = $1 AND "version" = $2 RETURNING ${t.select()}`,
        [store.id, store.version, ...t.valuesOf(storeMapper.toEntity(store), MUTABLE)],
      );
      const row = rows[0];
      return row === undefined
        ? err(domainError('transaction.version_conflict', 'saved by another command first; reload and retry'))
        : ok(storeMapper.toDomain(t.decode(row)));
    });
  }

  async findById(id: string): Promise<Store | null> {
    if (!isUuid(id)) return null;
    const t = this.tables.stores;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "id" = $1`, [id]);
    return rows[0] === undefined ? null : storeMapper.toDomain(t.decode(rows[0]));
  }

  async findByCode(code: string): Promise<Store | null> {
    const t = this.tables.stores;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "code" = $1`, [code]);
    return rows[0] === undefined ? null : storeMapper.toDomain(t.decode(rows[0]));
  }

  /** One statement: the store, left-joined to its counter of that name. */
  async findWithCounter(storeId: string, counterName: string): Promise<StoreCounter | null> {
    if (!isUuid(storeId)) return null;
    const { stores, counters } = this.tables;
    this.withCounterSql ??= `SELECT ${stores.selectAs('s')}, ${counters.selectAs('c')}
       FROM ${stores.table} AS s LEFT JOIN ${counters.table} AS c ON c."store_id" = s."id" AND c."name" = $2
       WHERE s."id" = $1`;
    const { rows } = await this.sql.query(this.withCounterSql, [storeId, counterName]);
    const row = rows[0];
    if (row === undefined) return null;
    const counter = counters.decodeAs(row, 'c');
    return { store: storeMapper.toDomain(stores.decodeAs(row, 's')!), counter: counter === null ? null : counterMapper.toDomain(counter) };
  }

  async list(): Promise<Store[]> {
    const t = this.tables.stores;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} ORDER BY "code"`);
    return rows.map((r) => storeMapper.toDomain(t.decode(r))).sort((a, b) => a.code.localeCompare(b.code));
  }
}
