import type { PublishedEvent } from '../../domain/transaction/transaction.events';
import { matchesFilter, type EventFilter, type EventPublisher, type EventStream } from '../../ports/event-stream.port';

/** Delivers committed events to subscribers in this process. */
export class InMemoryEventBus implements EventStream, EventPublisher {
  private readonly listeners = new Set<{ filter: EventFilter | null; listener: (e: PublishedEvent) => void }>();

  subscribe(filter: EventFilter, listener: (event: PublishedEvent) => void): () => void {
    const entry = { filter, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Every event of every store (for publishers such as webhooks and tests). */
  subscribeAll(listener: (event: PublishedEvent) => void): () => void {
    const entry = { filter: null, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  publish(events: readonly PublishedEvent[]): Promise<void> {
    this.deliver(events);
    return Promise.resolve();
  }

  /** Hands events to the matching listeners; a throwing listener does not stop the others. */
  deliver(events: readonly PublishedEvent[]): void {
    for (const event of events) {
      for (const { filter, listener } of this.listeners) {
        if (filter !== null && !matchesFilter(event, filter)) continue;
        try {
          listener(event);
        } catch {
          // a subscriber's failure is its own; delivery to the others goes on
        }
      }
    }
  }
}
