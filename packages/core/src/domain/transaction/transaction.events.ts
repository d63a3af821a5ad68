import type { TransactionView } from './transaction.aggregate';

/** Names of the events a transaction emits; each feeds live updates, webhooks, the ledger and the audit log. */
export const TRANSACTION_EVENT_TYPES = [
  'transaction.opened',
  'transaction.claimed',
  'transaction.claim_released',
  'transaction.amount_registered',
  'transaction.method_registered',
  'transaction.card_rejected',
  'transaction.authorization_requested',
  'transaction.authorized',
  'transaction.declined',
  'transaction.capture_requested',
  'transaction.captured',
  'transaction.void_requested',
  'transaction.voided',
  'transaction.cancelled',
  'transaction.expired',
  'transaction.cancellation_requested',
  'transaction.cancellation_confirmed',
  'transaction.cancellation_withdrawn',
  'transaction.refund_requested',
  'transaction.refunded',
  'transaction.operation_not_applied',
] as const;

/** A transaction event name. */
export type TransactionEventType = (typeof TRANSACTION_EVENT_TYPES)[number];

/**
 * A fact about a transaction, recorded by the aggregate and saved with it in the same database
 * transaction (outbox). `transaction` is the public view right after the fact.
 */
export interface DomainEvent {
  readonly type: TransactionEventType;
  readonly storeId: string;
  readonly counterId: string;
  readonly transactionId: string;
  readonly occurredAt: Date;
  readonly transaction: TransactionView;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A domain event once stored in the outbox: it has an id that orders it within its store. */
export interface PublishedEvent extends DomainEvent {
  readonly id: string;
}
