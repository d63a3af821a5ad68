import { type TransactionEventType, type WebhookEndpointChanges } from '@counterpay/core';
import type { FastifyInstance } from 'fastify';
import { storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { emptyBodySchema, errorResponses, storeParams } from '../dto/common.schema';
import {
  listWebhookDeliveriesSchema,
  newWebhookEndpointSchema,
  updateWebhookEndpointSchema,
  webhookParams,
  type ListWebhookDeliveriesDto,
  type NewWebhookEndpointDto,
  type UpdateWebhookEndpointDto,
} from '../dto/webhook.dto';
import { ApiError } from '../errors/api-error';
import { presentWebhookDelivery, presentWebhookEndpoint } from '../presenters/webhook.presenter';
import { generateWebhookSecret } from '../webhooks/webhook-signature';
import { webhookUrlProblem } from '../webhooks/webhook-transport';
import type { HttpContext } from './http-context';

type WebhookRoute = { Params: { store: string; id: string } };

const timestamp = { type: 'string', format: 'date-time' } as const;
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;

const endpointSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    events: { type: ['array', 'null'], items: { type: 'string' }, description: 'null: every event type' },
    enabled: { type: 'boolean' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'also the webhook-id header of every attempt' },
    endpoint: { type: 'string' },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'failed', 'succeeded', 'dead'] },
    attempts: { type: 'integer' },
    nextAttemptAt: nullableTimestamp,
    lastAttemptAt: nullableTimestamp,
    lastResponseStatus: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: timestamp,
    updatedAt: timestamp,
    payload: { type: 'string', description: 'the exact JSON body that is signed and sent (single delivery only)' },
  },
} as const;

const endpointNotFound = () => new ApiError('webhook_endpoint.not_found', 'no such webhook endpoint');
const deliveryNotFound = () => new ApiError('webhook_delivery.not_found', 'no such webhook delivery');

/**
 * Webhooks of a store (manager or API key): endpoints, whose signing secret is shown once, in the
 * creation answer; the delivery log; manual redelivery. Served only when the plugin is given a
 * webhook store.
 */
export async function webhooksRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const webhooks = context.options.webhooks;
  if (webhooks === undefined) return;
  const { store: hooks, dispatcher } = webhooks;
  const allowInsecure = webhooks.allowInsecureUrls ?? false;
  const { clock, counterpay, guard } = context;
  const managing = guard.store('storeManagement');

  const checkedUrl = (url: string): string => {
    const problem = webhookUrlProblem(url, allowInsecure);
    if (problem !== null)
      throw new ApiError('validation.failed', `body.url ${problem}`, { errors: [{ field: 'body.url', message: problem }] });
    return url;
  };

  app.post<{ Params: { store: string }; Body: NewWebhookEndpointDto }>(
    '/api/v1/stores/:store/webhook-endpoints',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'Add a webhook endpoint; its signing secret (whsec_…) is in this answer only',
        security: bearerSecurity,
        params: storeParams,
        body: newWebhookEndpointSchema,
        response: {
          201: {
            type: 'object',
            properties: { ...endpointSchema.properties, secret: { type: 'string', examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const now = clock.now();
      const endpoint = {
        id: counterpay.deps.ids.id(),
        storeId: storeOf(request).id,
        url: checkedUrl(request.body.url),
        secret: generateWebhookSecret(),
        eventTypes: request.body.events === undefined || request.body.events === null ? null : [...request.body.events],
        enabled: request.body.enabled ?? true,
        createdAt: now,
        updatedAt: now,
      };
      await hooks.insertEndpoint(endpoint);
      return reply.code(201).send({ ...presentWebhookEndpoint(endpoint), secret: endpoint.secret });
    },
  );

  app.get<{ Params: { store: string } }>(
    '/api/v1/stores/:store/webhook-endpoints',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: "The store's webhook endpoints, oldest first (never the secrets)",
        security: bearerSecurity,
        params: storeParams,
        response: {
          200: { type: 'object', properties: { webhookEndpoints: { type: 'array', items: endpointSchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => ({ webhookEndpoints: (await hooks.listEndpoints(storeOf(request).id)).map(presentWebhookEndpoint) }),
  );

  app.get<WebhookRoute>(
    '/api/v1/stores/:store/webhook-endpoints/:id',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'A webhook endpoint (never its secret)',
        security: bearerSecurity,
        params: webhookParams,
        response: { 200: endpointSchema, ...errorResponses },
      },
    },
    async (request) => {
      const endpoint = await hooks.findEndpoint(storeOf(request).id, request.params.id);
      if (endpoint === null) throw endpointNotFound();
      return presentWebhookEndpoint(endpoint);
    },
  );

  app.patch<WebhookRoute & { Body: UpdateWebhookEndpointDto }>(
    '/api/v1/stores/:store/webhook-endpoints/:id',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: "Change a webhook endpoint's URL or event types, or disable it (its pending deliveries wait) and enable it again",
        security: bearerSecurity,
        params: webhookParams,
        body: updateWebhookEndpointSchema,
        response: { 200: endpointSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { url, events, enabled } = request.body;
      const changes: WebhookEndpointChanges = {
        ...(url === undefined ? {} : { url: checkedUrl(url) }),
        ...(events === undefined ? {} : { eventTypes: events === null ? null : ([...events] as TransactionEventType[]) }),
        ...(enabled === undefined ? {} : { enabled }),
      };
      const endpoint = await hooks.updateEndpoint(storeOf(request).id, request.params.id, changes, clock.now());
      if (endpoint === null) throw endpointNotFound();
      return presentWebhookEndpoint(endpoint);
    },
  );

  app.delete<WebhookRoute>(
    '/api/v1/stores/:store/webhook-endpoints/:id',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'Delete a webhook endpoint and its delivery log',
        security: bearerSecurity,
        params: webhookParams,
        response: { 204: { type: 'null', description: 'deleted' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await hooks.deleteEndpoint(storeOf(request).id, request.params.id))) throw endpointNotFound();
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { store: string }; Querystring: ListWebhookDeliveriesDto }>(
    '/api/v1/stores/:store/webhook-deliveries',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'The delivery log, newest first: status, attempts, next attempt, last answer',
        security: bearerSecurity,
        params: storeParams,
        querystring: listWebhookDeliveriesSchema,
        response: {
          200: { type: 'object', properties: { webhookDeliveries: { type: 'array', items: deliverySchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { status, endpoint, limit } = request.query;
      const deliveries = await hooks.listDeliveries(storeOf(request).id, {
        ...(status === undefined ? {} : { status }),
        ...(endpoint === undefined ? {} : { endpointId: endpoint }),
        ...(limit === undefined ? {} : { limit }),
      });
      return { webhookDeliveries: deliveries.map((d) => presentWebhookDelivery(d)) };
    },
  );

  app.get<WebhookRoute>(
    '/api/v1/stores/:store/webhook-deliveries/:id',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'A delivery with the exact body it sends',
        security: bearerSecurity,
        params: webhookParams,
        response: { 200: deliverySchema, ...errorResponses },
      },
    },
    async (request) => {
      const delivery = await hooks.findDelivery(storeOf(request).id, request.params.id);
      if (delivery === null) throw deliveryNotFound();
      return presentWebhookDelivery(delivery, true);
    },
  );

  app.post<WebhookRoute>(
    '/api/v1/stores/:store/webhook-deliveries/:id/redeliver',
    {
      onRequest: managing,
      schema: {
        tags: ['webhooks'],
        summary: 'Send a delivery again now, whatever its status (same webhook-id, fresh signature)',
        security: bearerSecurity,
        params: webhookParams,
        body: emptyBodySchema,
        response: { 202: deliverySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const delivery = await hooks.redeliver(storeOf(request).id, request.params.id, clock.now());
      if (delivery === null) throw deliveryNotFound();
      dispatcher?.wake();
      return reply.code(202).send(presentWebhookDelivery(delivery));
    },
  );
}
