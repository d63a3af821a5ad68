import type { DomainEvent, PublishedEvent, TransactionEventType, TransactionView } from '@counterpay/core';
import { toSafeInteger } from '../entities/column.transformers';

const DATE_FIELDS = ['createdAt', 'updatedAt', 'expiresAt', 'voidedAt'] as const;
const NESTED_DATE_FIELDS = {
  authorization: ['authorizedAt'],
  capture: ['capturedAt'],
  cancellation: ['requestedAt', 'confirmedAt'],
  refund: ['refundedAt'],
} as const;

/** Outbox ids as the domain shows them: zero-padded so that text order is id order (as in memory). */
export function eventId(raw: unknown): string {
  return String(toSafeInteger(raw)).padStart(12, '0');
}

/** The document stored in `payload`: the event's data and the transaction's public view (never a token). */
export function eventPayload(event: DomainEvent): { data: DomainEvent['data']; transaction: DomainEvent['transaction'] } {
  return { data: event.data, transaction: event.transaction };
}

/** The view read back from JSON, with its instants as `Date`s again. */
export function reviveView(json: Record<string, unknown>): TransactionView {
  const view: Record<string, unknown> = { ...json };
  for (const field of DATE_FIELDS) view[field] = asDate(view[field]);
  for (const [parent, fields] of Object.entries(NESTED_DATE_FIELDS)) {
    const nested = view[parent];
    if (nested !== null && typeof nested === 'object') {
      const copy: Record<string, unknown> = { ...(nested as Record<string, unknown>) };
      for (const field of fields) copy[field] = asDate(copy[field]);
      view[parent] = copy;
    }
  }
  return view as unknown as TransactionView;
}

function asDate(value: unknown): unknown {
  return typeof value === 'string' ? new Date(value) : value;
}

/** A row of `transaction_events` (as selected by the relay) as a {@link PublishedEvent}. */
export function publishedEventOf(row: Record<string, unknown>): PublishedEvent {
  const payload = (typeof row['payload'] === 'string' ? JSON.parse(row['payload']) : row['payload']) as {
    data: Record<string, unknown>;
    transaction: Record<string, unknown>;
  };
  const occurredAt = row['occurred_at'];
  return {
    id: eventId(row['id']),
    type: row['type'] as TransactionEventType,
    storeId: String(row['store_id']),
    counterId: String(row['counter_id']),
    transactionId: String(row['transaction_id']),
    occurredAt: occurredAt instanceof Date ? occurredAt : new Date(String(occurredAt)),
    transaction: reviveView(payload.transaction),
    data: payload.data,
  };
}
