import { domainError, InvariantViolation, type DomainError, type Staff, type StaffRepository } from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import { staffMapper } from '../mappers/store.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '../sql/database.errors';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

/** Staff in the `staff` table; usernames unique per store whatever their case. */
export class TypeOrmStaffRepository extends TypeOrmRepository implements StaffRepository {
  insert(staff: Staff): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.staff;
      let inserted: boolean;
      try {
        const { rows } = await this.sql.query(
          `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()}) ON CONFLICT DO NOTHING RETURNING "id"`,
          t.values(staffMapper.toEntity(staff)),
        );
        inserted = rows.length === 1;
      } catch (e) {
        if (constraintViolation(e)?.code === FOREIGN_KEY_VIOLATION) return err(domainError('store.not_found', 'no such store'));
        throw e;
      }
      if (inserted) return ok(undefined);
      if ((await this.findByUsername(staff.storeId, staff.username)) !== null) {
        return err(domainError('staff.username_taken', `username ${staff.username} is taken`));
      }
      throw new InvariantViolation(`staff id ${staff.id} exists`);
    });
  }

  async findByUsername(storeId: string, username: string): Promise<Staff | null> {
    if (!isUuid(storeId)) return null;
    const t = this.tables.staff;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND lower("username") = lower($2)`, [
      storeId,
      username,
    ]);
    return rows[0] === undefined ? null : staffMapper.toDomain(t.decode(rows[0]));
  }

  async findById(storeId: string, id: string): Promise<Staff | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    const t = this.tables.staff;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`, [storeId, id]);
    return rows[0] === undefined ? null : staffMapper.toDomain(t.decode(rows[0]));
  }

  async list(storeId: string): Promise<Staff[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.staff;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 ORDER BY "username"`, [storeId]);
    return rows.map((r) => staffMapper.toDomain(t.decode(r))).sort((a, b) => a.username.localeCompare(b.username));
  }
}
