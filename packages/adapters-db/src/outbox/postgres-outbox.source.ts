import { Client } from 'pg';
import { statementName } from '../sql/prepared-statements';
import {
  OUTBOX_CHANNEL,
  OUTBOX_CURSOR_LOAD_SQL,
  OUTBOX_CURSOR_SAVE_SQL,
  OUTBOX_HEAD_SQL,
  OUTBOX_READ_SQL,
  OUTBOX_START,
  type OutboxCursor,
  type OutboxSource,
} from './outbox.queries';

const RECONNECT_MS = 1000;

/** `pg` keeps the backend's process id (which notifications carry) without declaring it. */
type BackendClient = Client & { readonly processID?: number | null };

/**
 * The outbox of a Postgres database, read on a dedicated connection (outside the pool, so relaying
 * never competes with commands) that also LISTENs on {@link OUTBOX_CHANNEL} and sends this process's
 * announcements there (its own are ignored: the relay already knows). A lost connection is
 * re-established after a second, and the relay is woken to catch up.
 */
export class PostgresOutboxSource implements OutboxSource {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private wake: () => void = () => undefined;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly applicationName = 'counterpay-relay',
  ) {}

  async head(): Promise<OutboxCursor> {
    const { rows } = await this.send((c) => c.query<{ xid: string; id: string }>(OUTBOX_HEAD_SQL));
    return rows[0] ?? OUTBOX_START;
  }

  async read(after: OutboxCursor, limit: number): Promise<Record<string, unknown>[]> {
    const name = statementName(OUTBOX_READ_SQL);
    const values = [after.xid, after.id, limit];
    const { rows } = await this.send((c) =>
      c.query<Record<string, unknown>>(name === undefined ? { text: OUTBOX_READ_SQL, values } : { name, text: OUTBOX_READ_SQL, values }),
    );
    return rows;
  }

  async loadCursor(name: string): Promise<OutboxCursor | null> {
    const { rows } = await this.send((c) => c.query<{ xid: string; id: string }>(OUTBOX_CURSOR_LOAD_SQL, [name]));
    return rows[0] ?? null;
  }

  async saveCursor(name: string, cursor: OutboxCursor): Promise<void> {
    await this.send((c) => c.query(OUTBOX_CURSOR_SAVE_SQL, [name, cursor.xid, cursor.id]));
  }

  async announce(): Promise<void> {
    await this.send((c) => c.query(`NOTIFY ${OUTBOX_CHANNEL}`));
  }

  /** Runs one statement on the connection once the previous one has answered (reads and announcements may overlap). */
  private send<T>(statement: (client: Client) => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => statement(await this.connection()));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async listen(wake: () => void): Promise<() => Promise<void>> {
    this.wake = wake;
    await this.connection();
    return () => this.close();
  }

  private connection(): Promise<Client> {
    if (this.client !== null) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<Client> {
    if (this.closed) throw new Error('the outbox source is closed');
    const client = new Client({ connectionString: this.url, application_name: this.applicationName });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL && message.processId !== (client as BackendClient).processID) this.wake();
    });
    try {
      await client.connect();
      // The read's row comparison has no good estimate for unknown values, so Postgres would plan a
      // custom plan on every read (~0.25 ms, more than the read itself); the generic plan is the same
      // index scan (EXPLAIN of both in docs/performance.md).
      await client.query(`LISTEN ${OUTBOX_CHANNEL}; SET plan_cache_mode = force_generic_plan`);
    } catch (e) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw e;
    }
    this.client = client;
    return client;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.retry !== null) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connection().then(
        () => this.wake(),
        () => this.reconnectLater(),
      );
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private async close(): Promise<void> {
    this.closed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client !== null) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
