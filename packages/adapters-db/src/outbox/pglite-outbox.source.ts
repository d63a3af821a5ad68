import type { PgliteHandle } from '../drivers/pglite-pool';
import { OUTBOX_CHANNEL, OUTBOX_HEAD_SQL, OUTBOX_READ_SQL, OUTBOX_START, type OutboxCursor, type OutboxSource } from './outbox.queries';

/**
 * The outbox of an embedded PGlite database: read when the session is free, woken by PGlite's
 * own LISTEN/NOTIFY (the same trigger as on Postgres; one process, so every subscriber is here).
 */
export class PgliteOutboxSource implements OutboxSource {
  constructor(private readonly handle: PgliteHandle) {}

  async head(): Promise<OutboxCursor> {
    const { rows } = await this.handle.lock.with(() => this.handle.db.query<{ xid: string; id: string }>(OUTBOX_HEAD_SQL));
    return rows[0] ?? OUTBOX_START;
  }

  async read(after: OutboxCursor, limit: number): Promise<Record<string, unknown>[]> {
    const { rows } = await this.handle.lock.with(() =>
      this.handle.db.query<Record<string, unknown>>(OUTBOX_READ_SQL, [after.xid, after.id, limit]),
    );
    return rows;
  }

  async listen(wake: () => void): Promise<() => Promise<void>> {
    const unlisten = await this.handle.lock.with(() => this.handle.db.listen(OUTBOX_CHANNEL, () => wake()));
    return () => (this.handle.db.closed ? Promise.resolve() : this.handle.lock.with(() => unlisten()));
  }
}
