import type { Money, PublishedEvent, TransactionEventType } from '@counterpay/core';
import type { NameDirectory } from '../presenters/name-directory';
import { presentTransaction, type TransactionJson } from '../presenters/transaction.presenter';

/** What changed, beyond the transaction itself: only these fields of an event's data are sent. */
export interface WebhookEventDetails {
  /** Status before and after. */
  readonly from?: string;
  readonly to?: string;
  /** Who moved it: `clerk`, `customer`, `network`, `system`. */
  readonly actor?: string;
  /** The amount registered by the customer (F3). */
  readonly amount?: Money;
  /** Authorization code. */
  readonly code?: string;
  /** Decline or card rejection reason. */
  readonly reason?: string;
  readonly processingNumber?: string;
  /** Refund kind: `refund` or `void`. */
  readonly kind?: string;
  readonly failedCardAttempts?: number;
}

/**
 * The body of a webhook delivery. `data.transaction` is the API's transaction JSON as staff see
 * it: masked payment method, never a card number or a token.
 */
export interface WebhookEventJson {
  /** The event's outbox id (ordered within the store). */
  readonly id: string;
  readonly type: TransactionEventType;
  /** When the event happened (ISO 8601). */
  readonly timestamp: string;
  /** The store's code. */
  readonly store: string;
  readonly data: { readonly transaction: TransactionJson; readonly details: WebhookEventDetails };
}

const TEXT_DETAILS = ['from', 'to', 'actor', 'code', 'reason', 'processingNumber', 'kind'] as const;

function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { value: amount, currency } = value as { value?: unknown; currency?: unknown };
  return typeof amount === 'number' && Number.isSafeInteger(amount) && typeof currency === 'string';
}

/** The known fields of an event's data, field by field, so nothing new in it can leak into a webhook by accident. */
export function webhookDetailsOf(data: Readonly<Record<string, unknown>>): WebhookEventDetails {
  const details: Record<string, unknown> = {};
  for (const field of TEXT_DETAILS) {
    const value = data[field];
    if (typeof value === 'string') details[field] = value;
  }
  const amount = data['amount'];
  if (isMoney(amount)) details['amount'] = { value: amount.value, currency: amount.currency };
  const attempts = data['failedCardAttempts'];
  if (typeof attempts === 'number' && Number.isSafeInteger(attempts)) details['failedCardAttempts'] = attempts;
  return details as WebhookEventDetails;
}

/** The webhook body of a committed event. */
export async function webhookEventOf(event: PublishedEvent, names: NameDirectory): Promise<WebhookEventJson> {
  const [store, transaction] = await Promise.all([names.storeCode(event.storeId), presentTransaction(event.transaction, names, 'staff')]);
  return {
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    store,
    data: { transaction, details: webhookDetailsOf(event.data) },
  };
}
