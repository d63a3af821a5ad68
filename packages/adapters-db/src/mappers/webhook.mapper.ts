import type { TransactionEventType, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '@counterpay/core';
import type { WebhookDeliveryEntity } from '../entities/webhook-delivery.entity';
import type { WebhookEndpointEntity } from '../entities/webhook-endpoint.entity';

/** Longest `last_error` kept (the column's length). */
export const MAX_WEBHOOK_ERROR_LENGTH = 500;

/** A failure reason cut to fit `last_error`. */
export function webhookErrorText(error: string | null): string | null {
  return error === null ? null : error.slice(0, MAX_WEBHOOK_ERROR_LENGTH);
}

/** Webhook endpoint ↔ row. */
export const webhookEndpointMapper = {
  toEntity(e: WebhookEndpoint): WebhookEndpointEntity {
    return {
      storeId: e.storeId,
      id: e.id,
      url: e.url,
      secret: e.secret,
      eventTypes: e.eventTypes === null ? null : [...e.eventTypes],
      enabled: e.enabled,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
  },
  toDomain(r: WebhookEndpointEntity): WebhookEndpoint {
    return {
      id: r.id,
      storeId: r.storeId,
      url: r.url,
      secret: r.secret,
      eventTypes: r.eventTypes === null ? null : (r.eventTypes as TransactionEventType[]),
      enabled: r.enabled,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  },
};

/** Webhook delivery ↔ row (a new row holds no claim). */
export const webhookDeliveryMapper = {
  toEntity(d: WebhookDelivery): WebhookDeliveryEntity {
    return {
      storeId: d.storeId,
      id: d.id,
      endpointId: d.endpointId,
      eventId: d.eventId,
      eventType: d.eventType,
      payload: d.payload,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      claimId: null,
      claimedUntil: null,
      lastAttemptAt: d.lastAttemptAt,
      lastResponseStatus: d.lastResponseStatus,
      lastError: webhookErrorText(d.lastError),
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
    };
  },
  toDomain(r: WebhookDeliveryEntity): WebhookDelivery {
    return {
      id: r.id,
      storeId: r.storeId,
      endpointId: r.endpointId,
      eventId: r.eventId,
      eventType: r.eventType as TransactionEventType,
      payload: r.payload,
      status: r.status as WebhookDeliveryStatus,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt,
      lastAttemptAt: r.lastAttemptAt,
      lastResponseStatus: r.lastResponseStatus,
      lastError: r.lastError,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  },
};
