import type { TransactionEventType, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '@counterpay/core';

/** A webhook endpoint on the wire: never its secret (that is in the creation answer only). */
export interface WebhookEndpointJson {
  readonly id: string;
  readonly url: string;
  /** null: every event type. */
  readonly events: readonly TransactionEventType[] | null;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A delivery of the log on the wire; `payload` (the exact body sent) only when one delivery is read. */
export interface WebhookDeliveryJson {
  readonly id: string;
  readonly endpoint: string;
  readonly eventId: string;
  readonly eventType: TransactionEventType;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly lastResponseStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly payload?: string;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** The endpoint's JSON, field by field. */
export function presentWebhookEndpoint(e: WebhookEndpoint): WebhookEndpointJson {
  return {
    id: e.id,
    url: e.url,
    events: e.eventTypes === null ? null : [...e.eventTypes],
    enabled: e.enabled,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The delivery's JSON, field by field; with the payload when `withPayload`. */
export function presentWebhookDelivery(d: WebhookDelivery, withPayload = false): WebhookDeliveryJson {
  const json: WebhookDeliveryJson = {
    id: d.id,
    endpoint: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastResponseStatus: d.lastResponseStatus,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
  return withPayload ? { ...json, payload: d.payload } : json;
}
