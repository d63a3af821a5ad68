import type { TransactionEventType } from '../domain/transaction/transaction.events';

/**
 * A merchant system's URL that receives a store's events as signed webhooks. The signing secret is
 * kept as given (`whsec_<base64>`): unlike a bearer credential it cannot be hashed, because every
 * delivery is signed with it. The API shows it once, when the endpoint is created.
 */
export interface WebhookEndpoint {
  readonly id: string;
  readonly storeId: string;
  /** Where deliveries are POSTed (`https://…`). */
  readonly url: string;
  /** The signing secret, `whsec_` + base64 of random bytes (Standard Webhooks). */
  readonly secret: string;
  /** The event types it receives; null means every type. */
  readonly eventTypes: readonly TransactionEventType[] | null;
  /** A disabled endpoint gets no new deliveries, and its pending ones wait until it is enabled again. */
  readonly enabled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What may change on an endpoint. */
export interface WebhookEndpointChanges {
  readonly url?: string;
  readonly eventTypes?: readonly TransactionEventType[] | null;
  readonly enabled?: boolean;
}

/**
 * Where a delivery stands: `pending` (not tried yet, or queued again by hand), `failed` (the last
 * attempt failed; another is scheduled at `nextAttemptAt`), `succeeded` (a 2xx answer), `dead`
 * (every attempt failed; only a manual redelivery tries again).
 */
export type WebhookDeliveryStatus = 'pending' | 'failed' | 'succeeded' | 'dead';

/** Every delivery status. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'failed', 'succeeded', 'dead'] as const satisfies readonly WebhookDeliveryStatus[];

/** The statuses a worker sends: the delivery is due once `nextAttemptAt` has passed. */
export const DUE_WEBHOOK_DELIVERY_STATUSES = ['pending', 'failed'] as const satisfies readonly WebhookDeliveryStatus[];

/**
 * One event for one endpoint, and the log of its attempts. The payload is the exact body sent
 * (and signed) on every attempt; at most one delivery exists per (endpoint, event).
 */
export interface WebhookDelivery {
  /** Also the `webhook-id` header: the same on every attempt, so receivers can deduplicate. */
  readonly id: string;
  readonly storeId: string;
  readonly endpointId: string;
  /** The outbox id of the event. */
  readonly eventId: string;
  readonly eventType: TransactionEventType;
  /** The raw JSON body, byte for byte what is signed and sent. */
  readonly payload: string;
  readonly status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  readonly attempts: number;
  /** When the next attempt is due; null once `succeeded` or `dead`. */
  readonly nextAttemptAt: Date | null;
  readonly lastAttemptAt: Date | null;
  /** HTTP status of the last answer; null when there was none (refused, timed out) or no attempt yet. */
  readonly lastResponseStatus: number | null;
  /** Why the last attempt failed (`HTTP 500`, `timeout after 10000 ms`…); null after a success. */
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A delivery handed to one worker, with where to send it and the claim that lets it record the outcome. */
export interface ClaimedWebhookDelivery {
  readonly delivery: WebhookDelivery;
  readonly url: string;
  readonly secret: string;
  /** The claim id given to {@link WebhookStore.claimDue}. */
  readonly claimId: string;
}

/** How an attempt ended. `attempts` grows by one; `nextAttemptAt` is null unless the status is `failed`. */
export interface WebhookAttemptOutcome {
  readonly status: Exclude<WebhookDeliveryStatus, 'pending'>;
  readonly at: Date;
  readonly nextAttemptAt: Date | null;
  readonly responseStatus: number | null;
  readonly error: string | null;
}

/** Filters of a store's delivery log. */
export interface WebhookDeliveryQuery {
  readonly status?: WebhookDeliveryStatus;
  readonly endpointId?: string;
  /** Most rows (default 50). */
  readonly limit?: number;
}

/**
 * Webhook endpoints and the delivery queue with its log, shared by every server process. Every
 * method but {@link claimDue} works inside one store: another store's id finds nothing and changes
 * nothing. `claimDue` is the worker's cross-store read, atomic across processes.
 */
export interface WebhookStore {
  /** Stores a new endpoint. */
  insertEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** An endpoint of the store, or null. */
  findEndpoint(storeId: string, id: string): Promise<WebhookEndpoint | null>;
  /** The store's endpoints, oldest first. */
  listEndpoints(storeId: string): Promise<WebhookEndpoint[]>;
  /** Applies `changes` at `now`; the endpoint afterwards, or null when the store has no such endpoint. */
  updateEndpoint(storeId: string, id: string, changes: WebhookEndpointChanges, now: Date): Promise<WebhookEndpoint | null>;
  /** Deletes an endpoint and its deliveries; false when the store has no such endpoint. */
  deleteEndpoint(storeId: string, id: string): Promise<boolean>;

  /**
   * Queues deliveries (status `pending`), skipping any whose (store, endpoint, event) is already
   * queued, so that every process's relay may hand over the same event. Returns how many were new.
   */
  enqueue(deliveries: readonly WebhookDelivery[]): Promise<number>;
  /**
   * Atomically claims up to `limit` due deliveries of any store (status `pending` or `failed`,
   * `nextAttemptAt` ≤ `now`, endpoint enabled, not claimed by a live claim) until `leaseUntil`,
   * oldest due first. Two concurrent callers never get the same delivery; an expired claim may be
   * taken again (the worker that held it crashed or hung).
   */
  claimDue(input: {
    readonly now: Date;
    readonly limit: number;
    readonly leaseUntil: Date;
    readonly claimId: string;
  }): Promise<ClaimedWebhookDelivery[]>;
  /**
   * Records the outcome of a claimed attempt and releases the claim. Ignored (false) when the claim
   * is no longer held: it expired and another worker took the delivery, or the delivery was deleted.
   */
  recordAttempt(storeId: string, id: string, claimId: string, outcome: WebhookAttemptOutcome): Promise<boolean>;
  /** A delivery of the store, or null. */
  findDelivery(storeId: string, id: string): Promise<WebhookDelivery | null>;
  /** The store's delivery log, newest first. */
  listDeliveries(storeId: string, query?: WebhookDeliveryQuery): Promise<WebhookDelivery[]>;
  /**
   * Queues a delivery again by hand, whatever its status: `pending`, due at `now`. The attempt
   * count goes on (a dead delivery that fails again is dead again). Null when the store has no such
   * delivery.
   */
  redeliver(storeId: string, id: string, now: Date): Promise<WebhookDelivery | null>;
  /**
   * The retention job, across stores: deletes the deliveries that are finished (`succeeded` or
   * `dead`) and last changed before `before`; deliveries still to be sent (`pending`, `failed`) are
   * kept whatever their age. Returns how many were deleted.
   */
  purgeFinished(before: Date): Promise<number>;
}
