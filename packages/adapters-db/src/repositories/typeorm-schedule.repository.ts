import {
  domainError,
  type DomainError,
  type Schedule,
  type ScheduleEntry,
  type ScheduleEntryQuery,
  type ScheduleRepository,
} from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import type { ScheduleEntryEntity } from '../entities/schedule-entry.entity';
import { scheduleEntryMapper, scheduleMapper } from '../mappers/schedule.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '../sql/database.errors';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

const ENTRIES_PER_STATEMENT = 500;

/** Schedules in `schedules`, their entries in `schedule_entries`. */
export class TypeOrmScheduleRepository extends TypeOrmRepository implements ScheduleRepository {
  insert(schedule: Schedule, entries: readonly ScheduleEntry[]): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      try {
        await this.sql.atomically(async (sql) => {
          const s = this.tables.schedules;
          await sql.query(
            `INSERT INTO ${s.table} (${s.insertColumns}) VALUES (${s.placeholders()})`,
            s.values(scheduleMapper.toEntity(schedule)),
          );
          const e = this.tables.scheduleEntries;
          for (let i = 0; i < entries.length; i += ENTRIES_PER_STATEMENT) {
            const chunk = entries.slice(i, i + ENTRIES_PER_STATEMENT);
            const width = e.properties.length;
            await sql.query(
              `INSERT INTO ${e.table} (${e.insertColumns}) VALUES ${chunk.map((_, j) => `(${e.placeholders(j * width)})`).join(', ')}`,
              chunk.flatMap((entry) => e.values(scheduleEntryMapper.toEntity({ ...entry, version: 1 }))),
            );
          }
        });
      } catch (error) {
        if (constraintViolation(error)?.code === FOREIGN_KEY_VIOLATION)
          return err(domainError('counter.not_found', 'no such counter in this store'));
        throw error;
      }
      return ok(undefined);
    });
  }

  async findById(storeId: string, id: string): Promise<Schedule | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.tables.schedules;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`, [storeId, id]);
    return rows[0] === undefined ? null : scheduleMapper.toDomain(t.decode(rows[0]));
  }

  async list(storeId: string): Promise<Schedule[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.schedules;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 ORDER BY "created_at" DESC, "id"`, [
      storeId,
    ]);
    return rows.map((r) => scheduleMapper.toDomain(t.decode(r)));
  }

  async findEntry(storeId: string, entryId: string): Promise<ScheduleEntry | null> {
    if (!isUuid(storeId) || !isUuid(entryId)) return null;
    return (await this.entries(`"store_id" = $1 AND "id" = $2`, [storeId, entryId]))[0] ?? null;
  }

  updateEntry(entry: ScheduleEntry): ResultAsync<ScheduleEntry, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.scheduleEntries;
      const changed = t.properties.filter((p) => p !== 'storeId' && p !== 'id' && p !== 'version') as (keyof ScheduleEntryEntity &
        string)[];
      const { rows } = await this.sql.query(
        `UPDATE ${t.table} SET ${t.assignments(changed, 3)}, "version" = "version" + 1
         WHERE "store_id" = $1 AND "id" = $2 AND "version" = $3 RETURNING ${t.select()}`,
        [entry.storeId, entry.id, entry.version, ...t.valuesOf(scheduleEntryMapper.toEntity(entry), changed)],
      );
      const row = rows[0];
      return row === undefined
        ? err(domainError('transaction.version_conflict', 'saved by another command first; reload and retry'))
        : ok(scheduleEntryMapper.toDomain(t.decode(row)));
    });
  }

  async entriesOf(storeId: string, scheduleId: string): Promise<ScheduleEntry[]> {
    if (!isUuid(storeId) || !isUuid(scheduleId)) return [];
    return this.entries(`"store_id" = $1 AND "schedule_id" = $2 ORDER BY "due_at", "id"`, [storeId, scheduleId]);
  }

  async search(storeId: string, query: ScheduleEntryQuery): Promise<ScheduleEntry[]> {
    if (!isUuid(storeId)) return [];
    const params: unknown[] = [storeId];
    const where = [`"store_id" = $1`];
    const q = query.q?.trim().toLowerCase() ?? '';
    if (q !== '') {
      const p = params.push(q);
      where.push(`(strpos(lower("customer_name"), $${p}) > 0 OR strpos(lower("customer_ref"), $${p}) > 0)`);
    }
    if (query.dueFrom !== undefined) where.push(`"due_at" >= $${params.push(query.dueFrom)}`);
    if (query.dueTo !== undefined) where.push(`"due_at" < $${params.push(query.dueTo)}`);
    if (query.status !== undefined) where.push(`"status" = $${params.push(query.status)}`);
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
    return this.entries(`${where.join(' AND ')} ORDER BY "due_at", "id" LIMIT $${params.push(limit)}`, params);
  }

  private async entries(whereAndOrder: string, params: readonly unknown[]): Promise<ScheduleEntry[]> {
    const t = this.tables.scheduleEntries;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE ${whereAndOrder}`, params);
    return rows.map((r) => scheduleEntryMapper.toDomain(t.decode(r)));
  }
}
