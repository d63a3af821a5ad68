import { matchesFilter, type EventFilter, type EventPublisher, type EventStream, type PublishedEvent } from '@counterpay/core';
import { publishedEventOf } from '../mappers/transaction-event.mapper';
import { OUTBOX_START, type OutboxCursor, type OutboxSource } from './outbox.queries';
import { Announcer } from './announcer';
import { Throttle } from './throttle';

/** Relay settings. */
export interface OutboxRelayOptions {
  /** Fallback poll when a notification is missed (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Rows read per query (default 500). */
  readonly batchSize?: number;
  /** Where relay, subscriber and publisher failures go (default: a process warning). */
  readonly onError?: (error: unknown) => void;
  /**
   * Least time between two reads, and between two announcements to the other processes, prompted by
   * this process's own commits (default 5 ms): the commits within that time share them.
   */
  readonly commitCoalesceMs?: number;
}

interface Subscriber {
  readonly filter: EventFilter;
  readonly listener: (event: PublishedEvent) => void;
}

const HELD_BACK_RETRY_MS = 20;
const COMMIT_COALESCE_MS = 5;
const MAX_PUBLISH_BACKOFF_MS = 30_000;

/** Hands committed batches to one publisher in order, retrying a failed batch with backoff. */
class PublisherQueue {
  private readonly pending: PublishedEvent[][] = [];
  private pumping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly publisher: EventPublisher,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(batch: PublishedEvent[]): void {
    this.pending.push(batch);
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.pumping;
  }

  private async pump(): Promise<void> {
    let backoff = 100;
    for (let batch = this.pending[0]; batch !== undefined && !this.stopped; batch = this.pending[0]) {
      try {
        await this.publisher.publish(batch);
        this.pending.shift();
        backoff = 100;
      } catch (e) {
        this.onError(e);
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, MAX_PUBLISH_BACKOFF_MS);
      }
    }
  }
}

/**
 * The outbox relay and this process's {@link EventStream}. It reads committed rows of
 * `transaction_events` by cursor and hands each event once, in outbox order, to every matching
 * subscriber and to every publisher (each publisher in its own queue, so a slow webhook never delays
 * live updates). Every process runs its own relay, so subscribers in any process see the events
 * committed by all of them. Events committed before the relay started are not replayed.
 *
 * It reads when this process has committed events ({@link committed}), when another process
 * announces that it has (the source's notification), and on a poll that catches anything missed.
 * Commits of the same few milliseconds (`commitCoalesceMs`) share one read and one announcement
 * (see {@link Announcer}), rather than every writing transaction sending a NOTIFY: Postgres
 * serializes the commits of notifying transactions (a lock held until the commit record is flushed).
 */
export class OutboxRelay implements EventStream {
  private cursor: OutboxCursor = OUTBOX_START;
  private readonly subscribers = new Set<Subscriber>();
  private readonly publishers = new Set<PublisherQueue>();
  private readonly onError: (error: unknown) => void;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly readSoon: Throttle;
  private readonly announcer: Announcer;
  private reads = 0;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private closed = false;

  constructor(
    private readonly source: OutboxSource,
    options: OutboxRelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    const coalesceMs = options.commitCoalesceMs ?? COMMIT_COALESCE_MS;
    this.readSoon = new Throttle(coalesceMs, () => this.wake());
    this.announcer = new Announcer(coalesceMs, () => this.announce());
    this.onError = options.onError ?? ((e) => process.emitWarning(`counterpay outbox relay: ${String(e)}`));
  }

  /** Starts at the current head, listens for notifications and starts the fallback poll. */
  async start(): Promise<void> {
    this.cursor = await this.source.head();
    this.stopListening = await this.source.listen(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  subscribe(filter: EventFilter, listener: (event: PublishedEvent) => void): () => void {
    const subscriber = { filter, listener };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Adds a publisher (webhooks, audit…) that gets every event from now on, in order; returns a removal. */
  addPublisher(publisher: EventPublisher): () => Promise<void> {
    const queue = new PublisherQueue(publisher, this.onError);
    this.publishers.add(queue);
    return () => {
      this.publishers.delete(queue);
      return queue.stop();
    };
  }

  /** Reads whatever was committed since the last read (coalesces concurrent wake-ups). */
  wake(): void {
    if (this.closed) return;
    if (this.draining !== null) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => (this.draining = null));
  }

  /**
   * Asked before a write that commits on its own: true when that write is to carry the announcement
   * to the other processes (`pg_notify` in its statement) — at most once per `commitCoalesceMs`,
   * never when no other process can share the database (PGlite).
   */
  claimAnnouncement(): boolean {
    return !this.closed && this.source.announce !== undefined && this.announcer.claim();
  }

  /**
   * This process has just committed events (`announced`: its statement carried the announcement):
   * read them soon, together with the other commits of the same few milliseconds; commits no carried
   * announcement covers get one NOTIFY of the relay's own after a few quiet milliseconds.
   */
  committed(announced = false): void {
    if (this.closed) return;
    this.readSoon.trigger();
    if (this.source.announce !== undefined) this.announcer.committed(announced);
  }

  /**
   * Reads of the outbox, announcements carried by command statements, and NOTIFYs the relay sent on
   * its own connection (each one a commit there), so far.
   */
  counts(): { readonly reads: number; readonly carriedAnnouncements: number; readonly notifies: number } {
    return { reads: this.reads, carriedAnnouncements: this.announcer.carried, notifies: this.announcer.sent };
  }

  private announce(): void {
    if (this.closed || this.source.announce === undefined) return;
    this.source.announce().catch((e: unknown) => {
      if (!this.closed) this.onError(e);
    });
  }

  /** Resolves once everything committed before the call has been handed out. */
  async flush(): Promise<void> {
    for (let current = this.draining; current !== null; current = this.draining) await current;
    this.wake();
    await this.draining;
  }

  /** Stops listening and polling, and waits for the read and the publishers in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (this.soon !== null) clearTimeout(this.soon);
    this.readSoon.cancel();
    this.announcer.cancel();
    await this.draining;
    await this.stopListening?.();
    await Promise.all([...this.publishers].map((q) => q.stop()));
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      let rows: Record<string, unknown>[];
      try {
        this.reads += 1;
        rows = await this.source.read(this.cursor, this.batchSize);
      } catch (e) {
        if (!this.closed) this.onError(e);
        return;
      }
      const ready: PublishedEvent[] = [];
      let heldBack = false;
      for (const row of rows) {
        if (row['ready'] !== true) {
          heldBack = true;
          break;
        }
        ready.push(publishedEventOf(row));
        this.cursor = { xid: String(row['xid']), id: String(row['id']) };
      }
      this.deliver(ready);
      if (ready.length === this.batchSize) this.again = true;
      if (heldBack && !this.closed && this.soon === null) {
        this.soon = setTimeout(() => {
          this.soon = null;
          this.wake();
        }, HELD_BACK_RETRY_MS);
        this.soon.unref();
      }
    } while (this.again && !this.closed);
  }

  private deliver(events: PublishedEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) {
      for (const { filter, listener } of this.subscribers) {
        if (!matchesFilter(event, filter)) continue;
        try {
          listener(event);
        } catch (e) {
          this.onError(e);
        }
      }
    }
    for (const queue of this.publishers) queue.push(events);
  }
}
