import type { PublishedEvent } from '../domain/transaction/transaction.events';

/** Which events a subscriber wants: a store's, narrowed to a counter or a transaction. */
export interface EventFilter {
  readonly storeId: string;
  readonly counterId?: string;
  readonly transactionId?: string;
}

/**
 * Events after they are committed (relayed from the outbox). With a shared database, a subscriber
 * in any process sees the events committed by every process.
 */
export interface EventStream {
  /** Calls `listener` for each matching event, in commit order per transaction; returns an unsubscribe. */
  subscribe(filter: EventFilter, listener: (event: PublishedEvent) => void): () => void;
}

/** Receives committed events (the outbox relay calls it); e.g. webhooks, audit, metrics. */
export interface EventPublisher {
  /** Hands over events in order. */
  publish(events: readonly PublishedEvent[]): Promise<void>;
}

/** True when `event` matches `filter`. */
export function matchesFilter(event: PublishedEvent, filter: EventFilter): boolean {
  return (
    event.storeId === filter.storeId &&
    (filter.counterId === undefined || event.counterId === filter.counterId) &&
    (filter.transactionId === undefined || event.transactionId === filter.transactionId)
  );
}
