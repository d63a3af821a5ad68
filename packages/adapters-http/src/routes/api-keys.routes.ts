import type { FastifyInstance } from 'fastify';
import { newStoreCredential } from '../auth/bearer-secrets';
import { storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { errorResponses, idSchema, storeCodeSchema, storeParams } from '../dto/common.schema';
import { newApiKeySchema, type NewApiKeyDto } from '../dto/new-api-key.dto';
import { ApiError } from '../errors/api-error';
import { presentApiKey } from '../presenters/store.presenter';
import type { HttpContext } from './http-context';

const apiKeySchema = {
  type: 'object',
  properties: { id: { type: 'string' }, label: { type: 'string' }, createdAt: { type: 'string' }, revokedAt: { type: ['string', 'null'] } },
} as const;

/**
 * A store's API keys for server-to-server calls (manager rights). The key is shown once, when it is
 * created; only its hash is kept. These routes take no `Idempotency-Key`: a stored replay would
 * keep the secret.
 */
export async function apiKeysRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { accessTokens, clock, counterpay, guard, hasher } = context;
  const issuing = guard.store('credentialIssuing');

  app.post<{ Params: { store: string }; Body: NewApiKeyDto }>(
    '/api/v1/stores/:store/api-keys',
    {
      onRequest: issuing,
      schema: {
        tags: ['auth'],
        summary: 'Create a store API key (administrator or manager); the key is in this answer only',
        security: bearerSecurity,
        params: storeParams,
        body: newApiKeySchema,
        response: { 201: { type: 'object', properties: { ...apiKeySchema.properties, key: { type: 'string' } } }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const store = storeOf(request);
      const key = newStoreCredential(store.id);
      const record = {
        id: counterpay.deps.ids.id(),
        storeId: store.id,
        kind: 'api_key' as const,
        tokenHash: hasher.hash(key),
        staffId: null,
        role: 'api' as const,
        label: request.body.label,
        createdAt: clock.now(),
        expiresAt: null,
        revokedAt: null,
      };
      await accessTokens.insert(record);
      return reply.code(201).send({ ...presentApiKey(record), key });
    },
  );

  app.get<{ Params: { store: string } }>(
    '/api/v1/stores/:store/api-keys',
    {
      onRequest: issuing,
      schema: {
        tags: ['auth'],
        summary: "The store's API keys (never the secrets)",
        security: bearerSecurity,
        params: storeParams,
        response: { 200: { type: 'object', properties: { apiKeys: { type: 'array', items: apiKeySchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ apiKeys: (await accessTokens.list(storeOf(request).id, 'api_key')).map(presentApiKey) }),
  );

  app.delete<{ Params: { store: string; id: string } }>(
    '/api/v1/stores/:store/api-keys/:id',
    {
      onRequest: issuing,
      schema: {
        tags: ['auth'],
        summary: 'Revoke a store API key',
        security: bearerSecurity,
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['store', 'id'],
          properties: { store: storeCodeSchema, id: idSchema },
        },
        response: { 204: { type: 'null', description: 'revoked' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const store = storeOf(request);
      const keys = await accessTokens.list(store.id, 'api_key');
      if (!keys.some((k) => k.id === request.params.id)) throw new ApiError('api_key.not_found', 'no such API key');
      await accessTokens.revoke(store.id, request.params.id, clock.now());
      return reply.code(204).send();
    },
  );
}
