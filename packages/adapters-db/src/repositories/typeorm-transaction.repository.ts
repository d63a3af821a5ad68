import {
  domainError,
  EXPIRABLE_STATUSES,
  IN_FLIGHT_STATUSES,
  isLive,
  LIVE_STATUSES,
  Transaction,
  type CounterPresentation,
  type DomainError,
  type DomainEvent,
  type SalesLedgerEntry,
  type StoreTransaction,
  type TransactionQuery,
  type TransactionRepository,
} from '@counterpay/core';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { WRITER_XID } from '../entities/transaction-event.entity';
import { OUTBOX_CHANNEL } from '../outbox/outbox.queries';
import type { TransactionEntity } from '../entities/transaction.entity';
import { sqlList } from '../entities/sql-literals';
import { ledgerEntryMapper } from '../mappers/catalog.mapper';
import { counterMapper, storeMapper } from '../mappers/store.mapper';
import { eventPayload } from '../mappers/transaction-event.mapper';
import { transactionMapper } from '../mappers/transaction.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from '../sql/database.errors';
import { pgTimestamp } from '../sql/pg-timestamp';
import type { SqlExecutor } from '../sql/sql.executor';
import { isUuid, type Tables } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

const LIVE = sqlList(LIVE_STATUSES);
const IN_FLIGHT = sqlList(IN_FLIGHT_STATUSES);
const EXPIRABLE = sqlList(EXPIRABLE_STATUSES);

const conflict = (): DomainError => domainError('transaction.version_conflict', 'saved by another command first; reload and retry');
const busy = (): DomainError => domainError('counter.busy', 'the counter already presents a live transaction');

/** The statement that appends a command's events to the outbox, from the row the command saved. */
function outboxInsert(eventsParam: number): string {
  return `INSERT INTO "transaction_events" ("store_id", "transaction_id", "counter_id", "type", "occurred_at", "payload", "writer_xid")
    SELECT saved."store_id", saved."id", e."counter_id", e."type", e."occurred_at", e."payload", ${WRITER_XID}
    FROM saved CROSS JOIN jsonb_to_recordset($${eventsParam}::jsonb)
      AS e("seq" integer, "counter_id" uuid, "type" text, "occurred_at" timestamptz, "payload" jsonb)
    ORDER BY e."seq"`;
}

/**
 * The select list that ends a save: the saved row's column, and the announcement to the other
 * processes when parameter `announceParam` is true (`pg_notify`, delivered with the commit; see
 * `OutboxRelay.claimAnnouncement`). Evaluated once, for the saved row only.
 */
function announcing(announceParam: number): string {
  return `(SELECT 1 FROM pg_notify('${OUTBOX_CHANNEL}', '') WHERE $${announceParam}::boolean) AS "announced"`;
}

/** The events as one JSON parameter (a fixed statement text whatever their number). */
function eventsParam(events: readonly DomainEvent[]): string {
  return JSON.stringify(
    events.map((e, seq) => ({
      seq,
      counter_id: e.counterId,
      type: e.type,
      occurred_at: pgTimestamp(e.occurredAt),
      payload: eventPayload(e),
    })),
  );
}

/** Statement texts of `many`, by condition (one schema, so the same for every `DataSource`): the same string every time, so naming it costs a lookup, not a hash of 2 KB. */
const SELECTS = new Map<string, string>();
const MAX_SELECTS = 100;

function selectTransactions(t: Tables['transactions'], whereAndOrder: string): string {
  let sql = SELECTS.get(whereAndOrder);
  if (sql === undefined) {
    sql = `SELECT ${t.select()} FROM ${t.table} WHERE ${whereAndOrder}`;
    if (SELECTS.size < MAX_SELECTS) SELECTS.set(whereAndOrder, sql);
  }
  return sql;
}

/** The unique index a violation names, as the domain's error. */
function violationError(error: unknown): DomainError | null {
  const v = constraintViolation(error);
  if (v === null) return null;
  if (v.code === FOREIGN_KEY_VIOLATION && v.constraint === 'fk_transactions_counter')
    return domainError('counter.not_found', 'no such counter in this store');
  if (v.code !== UNIQUE_VIOLATION) return null;
  switch (v.constraint) {
    case 'uq_transactions_live_counter':
      return busy();
    case 'uq_transactions_reference':
      return domainError('transaction.reference_taken', 'reference exists');
    case 'uq_transactions_processing_number':
      return domainError('transaction.reference_taken', 'processing number exists');
    case 'pk_transactions':
      return conflict();
    case 'uq_sales_ledger_once':
      return domainError('transaction.invalid_state', 'the transaction already has this ledger entry');
    default:
      return null;
  }
}

/**
 * Transactions in the `transactions` table, their events in `transaction_events` (the outbox).
 *
 * Hot path: `insert` and `update` are each ONE statement — the row write and the multi-row outbox
 * insert joined in a data-modifying CTE — so a command's save is one round trip and, outside a unit
 * of work, one (implicit) commit. `update` is the conditional
 * `UPDATE … SET …, version = version + 1 WHERE store_id = $1 AND id = $2 AND version = $3 RETURNING version`;
 * no row means another command saved first (`transaction.version_conflict`). Conflicts that the
 * unique indexes would raise are avoided in the statement itself (`ON CONFLICT DO NOTHING`, a
 * `NOT EXISTS` guard for the busy counter), so a failed save never aborts the surrounding unit of
 * work; the cause is then read back by a second query, only on that failure path.
 */
export class TypeOrmTransactionRepository extends TypeOrmRepository implements TransactionRepository {
  private readonly insertSql: string;
  private readonly updateSql: string;
  private readonly updateWithLedgerEntrySql: string;
  private readonly withStoreSql: string;
  private readonly presentedSql: string;
  private readonly updated: readonly (keyof TransactionEntity & string)[];

  constructor(sql: SqlExecutor, tables: Tables) {
    super(sql, tables);
    const t = tables.transactions;
    const n = t.properties.length;
    this.insertSql = `WITH saved AS (
        INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()})
        ON CONFLICT DO NOTHING RETURNING "store_id", "id"
      ), events AS (${outboxInsert(n + 1)})
      SELECT 1 AS "saved", ${announcing(n + 2)} FROM saved`;
    this.updated = t.properties.filter((p) => p !== 'storeId' && p !== 'id' && p !== 'version');
    const m = this.updated.length;
    const saveAndEvents = (guard: string) => `WITH saved AS (
        UPDATE ${t.table} SET ${t.assignments(this.updated, 3)}, "version" = "version" + 1
        WHERE "store_id" = $1 AND "id" = $2 AND "version" = $3
          AND NOT ($${m + 4}::boolean AND EXISTS (
            SELECT 1 FROM ${t.table} AS other
            WHERE other."store_id" = $1 AND other."counter_id" = $${m + 5} AND other."id" <> $2 AND other."status" IN (${LIVE})))${guard}
        RETURNING "store_id", "id", "version"
      ), events AS (${outboxInsert(m + 6)})`;
    this.updateSql = `${saveAndEvents('')}
      SELECT "version", ${announcing(m + 7)} FROM saved`;
    const l = tables.ledger;
    const kind = m + 7 + l.properties.indexOf('kind') + 1;
    this.updateWithLedgerEntrySql = `${saveAndEvents(`
          AND NOT EXISTS (SELECT 1 FROM ${l.table} AS entry WHERE entry."store_id" = $1 AND entry."transaction_id" = $2 AND entry."kind" = $${kind})`)}, ledger AS (
        INSERT INTO ${l.table} (${l.insertColumns}) SELECT ${l.placeholders(m + 7)} FROM saved
      )
      SELECT "version", ${announcing(m + 7)} FROM saved`;
    const { stores, counters } = tables;
    this.withStoreSql = `SELECT ${stores.selectAs('s')}, ${t.selectAs('t')}
       FROM ${stores.table} AS s LEFT JOIN ${t.table} AS t ON t."store_id" = s."id" AND t."id" = $2
       WHERE s."id" = $1`;
    this.presentedSql = `SELECT ${stores.selectAs('s')}, ${counters.selectAs('c')}, ${t.selectAs('t')}
       FROM ${stores.table} AS s
       LEFT JOIN ${counters.table} AS c ON c."store_id" = s."id" AND c."name" = $2
       LEFT JOIN ${t.table} AS t ON t."store_id" = s."id" AND t."counter_id" = c."id" AND t."status" IN (${LIVE})
       WHERE s."code" = $1`;
  }

  insert(tx: Transaction): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const s = tx.snapshot();
      const t = this.tables.transactions;
      const params = [...t.values(transactionMapper.toEntity({ ...s, version: 1 })), eventsParam(tx.peekEvents())];
      for (let attempt = 0; attempt < 3; attempt++) {
        const announce = tx.peekEvents().length > 0 && this.sql.claimAnnouncement();
        const saved = await this.send(this.insertSql, [...params, announce]);
        if (saved.isErr()) return err(saved.error);
        if (saved.value.length === 1) {
          if (tx.pullEvents().length > 0) this.sql.wroteEvents(announce);
          tx.markSaved(1);
          return ok(undefined);
        }
        const cause = await this.insertConflict(tx);
        if (cause !== null) return err(cause);
      }
      return err(conflict());
    });
  }

  update(tx: Transaction): ResultAsync<void, DomainError> {
    return this.outcome(() => this.save(tx, this.updateSql, []));
  }

  /**
   * One statement, as `update`, with the ledger insert in the same CTE: the entry is written only
   * from the saved row, and the update is guarded by the absence of an entry of that kind (a race
   * past the guard violates `uq_sales_ledger_once`, which fails the whole statement).
   */
  updateWithLedgerEntry(tx: Transaction, entry: SalesLedgerEntry): ResultAsync<void, DomainError> {
    const l = this.tables.ledger;
    return this.outcome(() => this.save(tx, this.updateWithLedgerEntrySql, l.values(ledgerEntryMapper.toEntity(entry)), entry));
  }

  private async save(
    tx: Transaction,
    sql: string,
    extra: readonly unknown[],
    entry: SalesLedgerEntry | null = null,
  ): Promise<Result<void, DomainError>> {
    const s = tx.snapshot();
    const t = this.tables.transactions;
    const entity = transactionMapper.toEntity(s);
    const announce = tx.peekEvents().length > 0 && this.sql.claimAnnouncement();
    const params = [
      s.storeId,
      s.id,
      s.version,
      ...t.valuesOf(entity, this.updated),
      isLive(s.status),
      s.counterId,
      eventsParam(tx.peekEvents()),
      announce,
      ...extra,
    ];
    const saved = await this.send(sql, params);
    if (saved.isErr()) return err(saved.error);
    const row = saved.value[0];
    if (row !== undefined) {
      if (tx.pullEvents().length > 0) this.sql.wroteEvents(announce);
      tx.markSaved(Number(row['version']));
      return ok(undefined);
    }
    const current = await this.sql.query<{ version: number; entered: boolean }>(
      `SELECT "version", EXISTS (SELECT 1 FROM ${this.tables.ledger.table} AS entry
         WHERE entry."store_id" = $1 AND entry."transaction_id" = $2 AND entry."kind" = $3) AS "entered"
       FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2`,
      [s.storeId, s.id, entry?.kind ?? null],
    );
    const found = current.rows[0];
    if (found?.entered === true) return err(domainError('transaction.invalid_state', `the transaction already has a ${entry?.kind} entry`));
    return err(found?.version === s.version ? busy() : conflict());
  }

  async findById(storeId: string, id: string): Promise<Transaction | null> {
    if (!isUuid(storeId) || !isUuid(id)) return null;
    return this.one(`"store_id" = $1 AND "id" = $2`, [storeId, id]);
  }

  /** One statement: the store, left-joined to the transaction. */
  async findWithStore(storeId: string, id: string): Promise<StoreTransaction | null> {
    if (!isUuid(storeId)) return null;
    const { rows } = await this.sql.query(this.withStoreSql, [storeId, isUuid(id) ? id : null]);
    const row = rows[0];
    if (row === undefined) return null;
    return { store: storeMapper.toDomain(this.tables.stores.decodeAs(row, 's')!), transaction: this.decodeAs(row, 't') };
  }

  /** One statement: the store by code, left-joined to its counter and to the live transaction there. */
  async findPresented(storeCode: string, counterName: string): Promise<CounterPresentation | null> {
    const { stores, counters } = this.tables;
    const { rows } = await this.sql.query(this.presentedSql, [storeCode, counterName]);
    const row = rows[0];
    if (row === undefined) return null;
    const counter = counters.decodeAs(row, 'c');
    return {
      store: storeMapper.toDomain(stores.decodeAs(row, 's')!),
      counter: counter === null ? null : counterMapper.toDomain(counter),
      transaction: this.decodeAs(row, 't'),
    };
  }

  async findLiveAtCounter(storeId: string, counterId: string): Promise<Transaction | null> {
    if (!isUuid(storeId) || !isUuid(counterId)) return null;
    return this.one(`"store_id" = $1 AND "counter_id" = $2 AND "status" IN (${LIVE})`, [storeId, counterId]);
  }

  async findByProcessingNumber(storeId: string, processingNumber: string): Promise<Transaction | null> {
    if (!isUuid(storeId)) return null;
    return this.one(`"store_id" = $1 AND "processing_number" = $2`, [storeId, processingNumber]);
  }

  async list(storeId: string, query: TransactionQuery): Promise<Transaction[]> {
    if (!isUuid(storeId) || (query.counterId !== undefined && !isUuid(query.counterId))) return [];
    const params: unknown[] = [storeId];
    const where = [`"store_id" = $1`];
    if (query.counterId !== undefined) where.push(`"counter_id" = $${params.push(query.counterId)}`);
    if (query.status !== undefined) where.push(`"status" = $${params.push(query.status)}`);
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    return this.many(`${where.join(' AND ')} ORDER BY "created_at" DESC, "id" DESC LIMIT $${params.push(limit)}`, params);
  }

  async findInFlight(storeId: string, before: Date, limit: number): Promise<Transaction[]> {
    if (!isUuid(storeId)) return [];
    return this.many(`"store_id" = $1 AND "status" IN (${IN_FLIGHT}) AND "updated_at" < $2 ORDER BY "updated_at", "id" LIMIT $3`, [
      storeId,
      before,
      Math.max(limit, 0),
    ]);
  }

  async findExpired(storeId: string, now: Date, limit: number): Promise<Transaction[]> {
    if (!isUuid(storeId)) return [];
    return this.many(`"store_id" = $1 AND "status" IN (${EXPIRABLE}) AND "expires_at" <= $2 ORDER BY "expires_at", "id" LIMIT $3`, [
      storeId,
      now,
      Math.max(limit, 0),
    ]);
  }

  private async send(sql: string, params: readonly unknown[]): Promise<Result<Record<string, unknown>[], DomainError>> {
    try {
      return ok((await this.sql.query(sql, params)).rows);
    } catch (e) {
      const mapped = violationError(e);
      if (mapped === null) throw e;
      return err(mapped);
    }
  }

  /** Why an insert wrote nothing, in the order the in-memory reference checks; null when the conflict is gone. */
  private async insertConflict(tx: Transaction): Promise<DomainError | null> {
    const s = tx.snapshot();
    const t = this.tables.transactions;
    const { rows } = await this.sql.query<Record<string, boolean>>(
      `SELECT
         EXISTS (SELECT 1 FROM ${t.table} WHERE "store_id" = $1 AND "id" = $2) AS "id_taken",
         EXISTS (SELECT 1 FROM ${t.table} WHERE "store_id" = $1 AND "reference" = $3) AS "reference_taken",
         ($4::boolean AND EXISTS (SELECT 1 FROM ${t.table} WHERE "store_id" = $1 AND "counter_id" = $5 AND "status" IN (${LIVE}))) AS "busy",
         EXISTS (SELECT 1 FROM ${t.table} WHERE "store_id" = $1 AND "processing_number" = $6) AS "processing_number_taken"`,
      [s.storeId, s.id, s.reference, isLive(s.status), s.counterId, s.capture?.processingNumber ?? null],
    );
    const found = rows[0] ?? {};
    if (found['id_taken'] === true) return conflict();
    if (found['reference_taken'] === true) return domainError('transaction.reference_taken', 'reference exists');
    if (found['busy'] === true) return busy();
    if (found['processing_number_taken'] === true) return domainError('transaction.reference_taken', 'processing number exists');
    return null;
  }

  private async one(where: string, params: readonly unknown[]): Promise<Transaction | null> {
    return (await this.many(`${where} LIMIT 1`, params))[0] ?? null;
  }

  private decodeAs(row: Record<string, unknown>, alias: string): Transaction | null {
    const entity = this.tables.transactions.decodeAs(row, alias);
    return entity === null ? null : Transaction.rehydrate(transactionMapper.toDomain(entity));
  }

  private async many(whereAndOrder: string, params: readonly unknown[]): Promise<Transaction[]> {
    const t = this.tables.transactions;
    const { rows } = await this.sql.query(selectTransactions(t, whereAndOrder), params);
    return rows.map((r) => Transaction.rehydrate(transactionMapper.toDomain(t.decode(r))));
  }
}
