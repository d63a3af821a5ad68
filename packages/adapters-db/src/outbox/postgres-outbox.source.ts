import { Client } from 'pg';
import { OUTBOX_CHANNEL, OUTBOX_HEAD_SQL, OUTBOX_READ_SQL, OUTBOX_START, type OutboxCursor, type OutboxSource } from './outbox.queries';

const RECONNECT_MS = 1000;

/**
 * The outbox of a Postgres database, read on a dedicated connection (outside the pool, so relaying
 * never competes with commands) that also LISTENs on {@link OUTBOX_CHANNEL}. A lost connection is
 * re-established after a second, and the relay is woken to catch up.
 */
export class PostgresOutboxSource implements OutboxSource {
  private client: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private wake: () => void = () => undefined;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly applicationName = 'counterpay-relay',
  ) {}

  async head(): Promise<OutboxCursor> {
    const { rows } = await (await this.connection()).query<{ xid: string; id: string }>(OUTBOX_HEAD_SQL);
    return rows[0] ?? OUTBOX_START;
  }

  async read(after: OutboxCursor, limit: number): Promise<Record<string, unknown>[]> {
    const { rows } = await (await this.connection()).query<Record<string, unknown>>(OUTBOX_READ_SQL, [after.xid, after.id, limit]);
    return rows;
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
      if (message.channel === OUTBOX_CHANNEL) this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
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
