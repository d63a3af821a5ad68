import {
  TRANSACTION_EVENT_TYPES,
  WEBHOOK_DELIVERY_STATUSES,
  type TransactionEventType,
  type WebhookDeliveryStatus,
} from '@counterpay/core';
import { idSchema, storeCodeSchema } from './common.schema';

const urlSchema = { type: 'string', minLength: 1, maxLength: 2048, examples: ['https://merchant.example/counterpay/webhooks'] } as const;

const eventTypesSchema = {
  type: 'array',
  description: 'The event types to receive; absent or null: every type.',
  minItems: 1,
  maxItems: TRANSACTION_EVENT_TYPES.length,
  uniqueItems: true,
  items: { type: 'string', enum: TRANSACTION_EVENT_TYPES },
  examples: [['transaction.captured', 'transaction.refunded']],
} as const;

/** Body of `POST /api/v1/stores/{store}/webhook-endpoints`. */
export interface NewWebhookEndpointDto {
  readonly url: string;
  readonly events?: readonly TransactionEventType[] | null;
  readonly enabled?: boolean;
}

/** JSON schema of {@link NewWebhookEndpointDto}. */
export const newWebhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['url'],
  properties: {
    url: urlSchema,
    events: { anyOf: [eventTypesSchema, { type: 'null' }] },
    enabled: { type: 'boolean', default: true },
  },
} as const;

/** Body of `PATCH /api/v1/stores/{store}/webhook-endpoints/{id}`. */
export interface UpdateWebhookEndpointDto {
  readonly url?: string;
  readonly events?: readonly TransactionEventType[] | null;
  readonly enabled?: boolean;
}

/** JSON schema of {@link UpdateWebhookEndpointDto}. */
export const updateWebhookEndpointSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    url: urlSchema,
    events: { anyOf: [eventTypesSchema, { type: 'null' }] },
    enabled: { type: 'boolean' },
  },
} as const;

/** Query of `GET /api/v1/stores/{store}/webhook-deliveries`. */
export interface ListWebhookDeliveriesDto {
  readonly status?: WebhookDeliveryStatus;
  readonly endpoint?: string;
  readonly limit?: number;
}

/** JSON schema of {@link ListWebhookDeliveriesDto}. */
export const listWebhookDeliveriesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: WEBHOOK_DELIVERY_STATUSES },
    endpoint: idSchema,
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

/** Path `{store}/webhook-…/{id}`. */
export const webhookParams = {
  type: 'object',
  additionalProperties: false,
  required: ['store', 'id'],
  properties: { store: storeCodeSchema, id: idSchema },
} as const;
