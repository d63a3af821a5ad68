import { matchesFilter, type EventFilter, type EventPublisher, type EventStream, type PublishedEvent } from '@counterpay/core';
import { publishedEventOf } from '../mappers/transaction-event.mapper';
import { cursorBefore, OUTBOX_START, type OutboxCursor, type OutboxSource } from './outbox.queries';
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
  /** Least time between two saves of a durable publisher's position (default 1000 ms; see {@link PublisherOptions}). */
  readonly cursorSaveIntervalMs?: number;
}

interface Subscriber {
  readonly filter: EventFilter;
  readonly listener: (event: PublishedEvent) => void;
}

/** How a publisher is added (see {@link OutboxRelay.addPublisher}). */
export interface PublisherOptions {
  /**
   * Makes the publisher durable under this name (at most 64 characters): its position in the outbox
   * is kept in the database (`outbox_cursors`, shared by every process), and a relay that starts
   * resumes it from there, so it also gets the events committed while no process ran. Handing over
   * is at least once: after a crash, the events since the last saved position (at most
   * `cursorSaveIntervalMs` of them) come again, so the publisher must take an event twice without
   * harm (the webhook dispatcher queues one delivery per endpoint and event). A durable publisher
   * with no stored position yet starts at the newest event. Without a name, a publisher gets the
   * events committed after it was added.
   */
  readonly durableName?: string;
}

/** Events handed out together, and the outbox position of the last one. */
interface Batch {
  readonly events: PublishedEvent[];
  readonly end: OutboxCursor;
}

const HELD_BACK_RETRY_MS = 20;
const COMMIT_COALESCE_MS = 5;
const CURSOR_SAVE_INTERVAL_MS = 1000;
const MAX_PUBLISH_BACKOFF_MS = 30_000;

/** Where a durable publisher's position is kept, and from where it resumes. */
interface Durability {
  readonly name: string;
  readonly source: OutboxSource;
  readonly batchSize: number;
  readonly saveIntervalMs: number;
}

/**
 * Hands committed batches to one publisher in order, retrying a failed batch with backoff. A
 * durable one first catches up from its stored position to where the live batches start, and saves
 * its position as it goes (at most once per `saveIntervalMs`, and when it stops).
 */
class PublisherQueue {
  private readonly pending: Batch[] = [];
  private pumping: Promise<void> | null = null;
  private stopped = false;
  /** For a durable queue: where the live batches start, once the relay knows it; the catch-up ends there. */
  private liveStart: OutboxCursor | null = null;
  private position: OutboxCursor | null = null;
  private savedPosition: OutboxCursor | null = null;
  private lastSaveAt = 0;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly publisher: EventPublisher,
    private readonly onError: (error: unknown) => void,
    private readonly durability: Durability | null = null,
  ) {}

  /** The relay hands out live batches after `liveStart` from now on: a durable queue catches up to it. */
  begin(liveStart: OutboxCursor): void {
    if (this.durability === null || this.liveStart !== null) return;
    this.liveStart = liveStart;
    this.kick();
  }

  push(batch: Batch): void {
    this.pending.push(batch);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.pumping;
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    await this.save();
  }

  private kick(): void {
    if (this.durability !== null && this.liveStart === null) return;
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  private async pump(): Promise<void> {
    if (this.durability !== null && this.position === null && !(await this.catchUp(this.durability))) return;
    for (let batch = this.pending[0]; batch !== undefined && !this.stopped; batch = this.pending[0]) {
      if (!(await this.publish(batch.events))) return;
      this.pending.shift();
      this.advance(batch.end);
    }
  }

  /** Publishes the durable publisher's events from its stored position up to `liveStart`; false when stopped first. */
  private async catchUp(d: Durability): Promise<boolean> {
    const liveStart = this.liveStart!;
    const loaded = await this.retrying(() => d.source.loadCursor(d.name));
    if (loaded === null) return false;
    const stored = loaded.value;
    if (stored === null) {
      this.advance(liveStart);
      return true;
    }
    let at = stored;
    while (cursorBefore(at, liveStart)) {
      const read = await this.retrying(() => d.source.read(at, d.batchSize));
      if (read === null) return false;
      const events: PublishedEvent[] = [];
      let end = at;
      for (const row of read.value) {
        const cursor = { xid: String(row['xid']), id: String(row['id']) };
        if (cursorBefore(liveStart, cursor)) break;
        events.push(publishedEventOf(row));
        end = cursor;
      }
      if (events.length === 0) break;
      if (!(await this.publish(events))) return false;
      at = end;
      this.advance(end);
    }
    this.advance(liveStart);
    return true;
  }

  /** Hands `events` over, retrying with backoff; false when the queue stopped before it succeeded. */
  private async publish(events: PublishedEvent[]): Promise<boolean> {
    return (await this.retrying(() => this.publisher.publish(events))) !== null;
  }

  /** `work`'s value, retried with backoff on failure; null once the queue has stopped first. */
  private async retrying<T>(work: () => Promise<T>): Promise<{ readonly value: T } | null> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        return { value: await work() };
      } catch (e) {
        this.onError(e);
        await new Promise((r) => setTimeout(r, backoff).unref());
        backoff = Math.min(backoff * 2, MAX_PUBLISH_BACKOFF_MS);
      }
    }
    return null;
  }

  /** The publisher has taken everything up to `cursor`: a durable queue saves that, now or a little later. */
  private advance(cursor: OutboxCursor): void {
    if (this.position !== null && !cursorBefore(this.position, cursor)) return;
    this.position = cursor;
    const d = this.durability;
    if (d === null || this.saveTimer !== null) return;
    const wait = this.lastSaveAt + d.saveIntervalMs - Date.now();
    if (wait <= 0) {
      void this.save();
      return;
    }
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, wait);
    this.saveTimer.unref();
  }

  private async save(): Promise<void> {
    const d = this.durability;
    const position = this.position;
    if (d === null || position === null || position === this.savedPosition) return;
    this.lastSaveAt = Date.now();
    this.savedPosition = position;
    try {
      await d.source.saveCursor(d.name, position);
    } catch (e) {
      this.savedPosition = null;
      this.onError(e);
    }
  }
}

/**
 * The outbox relay and this process's {@link EventStream}. It reads committed rows of
 * `transaction_events` by cursor and hands each event once, in outbox order, to every matching
 * subscriber and to every publisher (each publisher in its own queue, so a slow webhook never delays
 * live updates). Every process runs its own relay, so subscribers in any process see the events
 * committed by all of them. Events committed before the relay started are not replayed, but to
 * durable publishers, which resume from their stored position (see {@link PublisherOptions}).
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
  private started = false;
  private readonly cursorSaveIntervalMs: number;

  constructor(
    private readonly source: OutboxSource,
    options: OutboxRelayOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.cursorSaveIntervalMs = options.cursorSaveIntervalMs ?? CURSOR_SAVE_INTERVAL_MS;
    const coalesceMs = options.commitCoalesceMs ?? COMMIT_COALESCE_MS;
    this.readSoon = new Throttle(coalesceMs, () => this.wake());
    this.announcer = new Announcer(coalesceMs, () => this.announce());
    this.onError = options.onError ?? ((e) => process.emitWarning(`counterpay outbox relay: ${String(e)}`));
  }

  /**
   * Starts at the current head (durable publishers resume from their stored position), listens for
   * notifications and starts the fallback poll.
   */
  async start(): Promise<void> {
    this.cursor = await this.source.head();
    this.started = true;
    for (const queue of this.publishers) queue.begin(this.cursor);
    this.stopListening = await this.source.listen(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  subscribe(filter: EventFilter, listener: (event: PublishedEvent) => void): () => void {
    const subscriber = { filter, listener };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * Adds a publisher (webhooks, audit…) that gets every event from now on, in order, or, when durable
   * (`durableName`), every event from its stored position on; returns a removal.
   */
  addPublisher(publisher: EventPublisher, options: PublisherOptions = {}): () => Promise<void> {
    const name = options.durableName;
    if (name !== undefined && (name.length === 0 || name.length > 64)) throw new Error('a durable publisher name has 1 to 64 characters');
    const queue = new PublisherQueue(
      publisher,
      this.onError,
      name === undefined ? null : { name, source: this.source, batchSize: this.batchSize, saveIntervalMs: this.cursorSaveIntervalMs },
    );
    this.publishers.add(queue);
    if (this.started) queue.begin(this.cursor);
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
    await Promise.all([...this.publishers].map((q) => q.stop()));
    await this.stopListening?.();
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
      this.deliver(ready, this.cursor);
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

  private deliver(events: PublishedEvent[], end: OutboxCursor): void {
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
    for (const queue of this.publishers) queue.push({ events, end });
  }
}
