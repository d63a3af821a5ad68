import {
  domainError,
  type BusinessDayRange,
  type DomainError,
  type SalesGrouping,
  type SalesLedger,
  type SalesLedgerEntry,
  type SalesTotal,
} from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import { toSafeInteger } from '../entities/column.transformers';
import { ledgerEntryMapper } from '../mappers/catalog.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '../sql/database.errors';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

const GROUP_KEY: Readonly<Record<SalesGrouping, string>> = {
  day: `"business_day"::text`,
  counter: `"counter_id"`,
  staff: `COALESCE("staff_id", '')`,
  method: `"method"`,
};

/** The sales ledger in `sales_ledger`: one sale and one reversal per transaction at most. */
export class TypeOrmSalesLedger extends TypeOrmRepository implements SalesLedger {
  append(entry: SalesLedgerEntry): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.ledger;
      let inserted: boolean;
      try {
        const { rows } = await this.sql.query(
          `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()}) ON CONFLICT DO NOTHING RETURNING "id"`,
          t.values(ledgerEntryMapper.toEntity(entry)),
        );
        inserted = rows.length === 1;
      } catch (e) {
        if (constraintViolation(e)?.code === FOREIGN_KEY_VIOLATION) return err(domainError('store.not_found', 'no such store'));
        throw e;
      }
      return inserted ? ok(undefined) : err(domainError('transaction.invalid_state', `the transaction already has a ${entry.kind} entry`));
    });
  }

  async entries(storeId: string, range: BusinessDayRange): Promise<SalesLedgerEntry[]> {
    if (!isUuid(storeId)) return [];
    const { where, params } = this.range(storeId, range);
    const t = this.tables.ledger;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE ${where} ORDER BY "occurred_at", "id"`, params);
    return rows.map((r) => ledgerEntryMapper.toDomain(t.decode(r)));
  }

  /** Summed in the database (one round trip), sorted by key as the in-memory ledger sorts it. */
  async totals(storeId: string, range: BusinessDayRange, groupBy: SalesGrouping): Promise<SalesTotal[]> {
    if (!isUuid(storeId)) return [];
    const { where, params } = this.range(storeId, range);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT ${GROUP_KEY[groupBy]} AS "key",
              COALESCE(SUM("amount_minor") FILTER (WHERE "kind" = 'sale'), 0) AS "sales",
              COALESCE(SUM("amount_minor") FILTER (WHERE "kind" = 'reversal'), 0) AS "reversals",
              COUNT(*) FILTER (WHERE "kind" = 'sale') AS "count",
              COUNT(*) FILTER (WHERE "kind" = 'reversal') AS "reversal_count"
       FROM "sales_ledger" WHERE ${where} GROUP BY 1`,
      params,
    );
    return rows
      .map((r) => {
        const sales = toSafeInteger(r['sales']);
        const reversals = toSafeInteger(r['reversals']);
        return {
          key: String(r['key']),
          sales,
          reversals,
          net: sales - reversals,
          count: toSafeInteger(r['count']),
          reversalCount: toSafeInteger(r['reversal_count']),
        };
      })
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private range(storeId: string, range: BusinessDayRange): { where: string; params: unknown[] } {
    const params: unknown[] = [storeId];
    const where = [`"store_id" = $1`];
    if (range.from !== undefined) where.push(`"business_day" >= $${params.push(range.from)}::date`);
    if (range.to !== undefined) where.push(`"business_day" <= $${params.push(range.to)}::date`);
    return { where: where.join(' AND '), params };
  }
}
