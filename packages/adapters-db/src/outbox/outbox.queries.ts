/** The channel on which a process's relay announces that it committed outbox rows. */
export const OUTBOX_CHANNEL = 'counterpay_events';

/** A position in the outbox: the writer's transaction id, then the event id. */
export interface OutboxCursor {
  readonly xid: string;
  readonly id: string;
}

/** The start of the outbox. */
export const OUTBOX_START: OutboxCursor = { xid: '0', id: '0' };

/**
 * Every transaction whose id is below the snapshot's `xmin` has ended, so the rows it wrote are
 * either visible now or never will be: the relay hands out only those rows, in (writer, id) order,
 * and a row committed late by an older transaction is never skipped by the cursor.
 */
const HORIZON = `WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "xmin")`;

/** The last position whose writers have all ended (where a new relay starts). */
export const OUTBOX_HEAD_SQL = `${HORIZON}
SELECT e."writer_xid"::text AS "xid", e."id"::text AS "id"
FROM "transaction_events" e CROSS JOIN horizon
WHERE e."writer_xid" < horizon."xmin"
ORDER BY e."writer_xid" DESC, e."id" DESC
LIMIT 1`;

/**
 * Rows after a cursor, ready ones first (`ready`: their writer has ended). A row that is visible but
 * not ready means an older transaction is still open: the relay comes back shortly.
 */
export const OUTBOX_READ_SQL = `${HORIZON}
SELECT e."id", e."store_id", e."transaction_id", e."counter_id", e."type", e."occurred_at", e."payload",
       e."writer_xid"::text AS "xid", e."writer_xid" < horizon."xmin" AS "ready"
FROM "transaction_events" e CROSS JOIN horizon
WHERE (e."writer_xid", e."id") > ($1::bigint, $2::bigint)
ORDER BY e."writer_xid", e."id"
LIMIT $3`;

/** The stored position of a durable publisher (see `OutboxRelay.addPublisher`), if it has one. */
export const OUTBOX_CURSOR_LOAD_SQL = `SELECT "writer_xid"::text AS "xid", "event_id"::text AS "id" FROM "outbox_cursors" WHERE "publisher" = $1`;

/** Stores a durable publisher's position; it only ever moves forward (several processes save it). */
export const OUTBOX_CURSOR_SAVE_SQL = `INSERT INTO "outbox_cursors" ("publisher", "writer_xid", "event_id", "updated_at")
VALUES ($1, $2::bigint, $3::bigint, now())
ON CONFLICT ("publisher") DO UPDATE SET "writer_xid" = EXCLUDED."writer_xid", "event_id" = EXCLUDED."event_id", "updated_at" = EXCLUDED."updated_at"
WHERE ("outbox_cursors"."writer_xid", "outbox_cursors"."event_id") < (EXCLUDED."writer_xid", EXCLUDED."event_id")`;

/** True when position `a` comes before `b` in outbox order. */
export function cursorBefore(a: OutboxCursor, b: OutboxCursor): boolean {
  const [ax, bx] = [BigInt(a.xid), BigInt(b.xid)];
  return ax < bx || (ax === bx && BigInt(a.id) < BigInt(b.id));
}

/** Where the relay reads the outbox and hears about new rows. */
export interface OutboxSource {
  /** The current head (see {@link OUTBOX_HEAD_SQL}). */
  head(): Promise<OutboxCursor>;
  /** Up to `limit` rows after `after` (see {@link OUTBOX_READ_SQL}). */
  read(after: OutboxCursor, limit: number): Promise<Record<string, unknown>[]>;
  /** The stored position of durable publisher `name`; null when it has none yet. */
  loadCursor(name: string): Promise<OutboxCursor | null>;
  /** Stores durable publisher `name`'s position, unless a later one is stored already. */
  saveCursor(name: string, cursor: OutboxCursor): Promise<void>;
  /** Calls `wake` whenever another process announces committed rows; resolves to a stop function. */
  listen(wake: () => void): Promise<() => Promise<void>>;
  /** Tells the other processes' relays that this process committed rows (absent when no other process can share the database). */
  announce?(): Promise<void>;
}
