import { domainError, InvariantViolation, type Counter, type CounterRepository, type DomainError } from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import { counterMapper } from '../mappers/store.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '../sql/database.errors';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

/** Counters in the `counters` table; names unique per store. */
export class TypeOrmCounterRepository extends TypeOrmRepository implements CounterRepository {
  insert(counter: Counter): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.counters;
      let inserted: boolean;
      try {
        const { rows } = await this.sql.query(
          `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()}) ON CONFLICT DO NOTHING RETURNING "id"`,
          t.values(counterMapper.toEntity(counter)),
        );
        inserted = rows.length === 1;
      } catch (e) {
        if (constraintViolation(e)?.code === FOREIGN_KEY_VIOLATION) return err(domainError('store.not_found', 'no such store'));
        throw e;
      }
      if (inserted) return ok(undefined);
      if ((await this.findByName(counter.storeId, counter.name)) !== null) {
        return err(domainError('counter.name_taken', `counter ${counter.name} exists`));
      }
      throw new InvariantViolation(`counter id ${counter.id} exists`);
    });
  }

  async findByName(storeId: string, name: string): Promise<Counter | null> {
    if (!isUuid(storeId)) return null;
    const t = this.tables.counters;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "name" = $2`, [storeId, name]);
    return rows[0] === undefined ? null : counterMapper.toDomain(t.decode(rows[0]));
  }

  async findById(storeId: string, id: string): Promise<Counter | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.tables.counters;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`, [storeId, id]);
    return rows[0] === undefined ? null : counterMapper.toDomain(t.decode(rows[0]));
  }

  async list(storeId: string): Promise<Counter[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.counters;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 ORDER BY "name"`, [storeId]);
    return rows.map((r) => counterMapper.toDomain(t.decode(r))).sort((a, b) => a.name.localeCompare(b.name));
  }
}
