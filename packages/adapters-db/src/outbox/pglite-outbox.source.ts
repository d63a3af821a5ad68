import { runPrepared, type PgliteHandle } from '../drivers/pglite-pool';
import { statementName } from '../sql/prepared-statements';
import {
  OUTBOX_CURSOR_LOAD_SQL,
  OUTBOX_CURSOR_SAVE_SQL,
  OUTBOX_HEAD_SQL,
  OUTBOX_READ_SQL,
  OUTBOX_START,
  type OutboxCursor,
  type OutboxSource,
} from './outbox.queries';

/**
 * The outbox of an embedded PGlite database, read when the session is free. PGlite serves one
 * process, so every commit is this process's own and wakes the relay directly: there is nobody to
 * announce to and nothing to listen for.
 */
export class PgliteOutboxSource implements OutboxSource {
  constructor(private readonly handle: PgliteHandle) {}

  async head(): Promise<OutboxCursor> {
    const { rows } = await this.handle.lock.with(() => this.handle.db.query<{ xid: string; id: string }>(OUTBOX_HEAD_SQL));
    return rows[0] ?? OUTBOX_START;
  }

  async read(after: OutboxCursor, limit: number): Promise<Record<string, unknown>[]> {
    const params = [after.xid, after.id, limit];
    const name = statementName(OUTBOX_READ_SQL);
    const { rows } = await this.handle.lock.with(() =>
      name === undefined
        ? this.handle.db.query<Record<string, unknown>>(OUTBOX_READ_SQL, params)
        : runPrepared<Record<string, unknown>>(this.handle.db, name, OUTBOX_READ_SQL, params),
    );
    return rows;
  }

  async loadCursor(name: string): Promise<OutboxCursor | null> {
    const { rows } = await this.handle.lock.with(() => this.handle.db.query<{ xid: string; id: string }>(OUTBOX_CURSOR_LOAD_SQL, [name]));
    return rows[0] ?? null;
  }

  async saveCursor(name: string, cursor: OutboxCursor): Promise<void> {
    await this.handle.lock.with(() => this.handle.db.query(OUTBOX_CURSOR_SAVE_SQL, [name, cursor.xid, cursor.id]));
  }

  listen(): Promise<() => Promise<void>> {
    return Promise.resolve(() => Promise.resolve());
  }
}
