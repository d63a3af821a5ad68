import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { counterParams, errorResponses, storeParams } from '../dto/common.schema';
import { ApiError } from '../errors/api-error';
import { payUrlOf, presentCounter, presentStaff, presentStore } from '../presenters/store.presenter';
import { publicUrlOf, type HttpContext } from './http-context';
import { qrRateLimit } from './rate-limits';
import { counterSchema, staffSchema, storeSchema } from './store.schemas';

type StoreRoute = { Params: { store: string } };

/** The store as its staff see it (dashboard and clerk terminal), and the counters' QR codes. */
export async function storeRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard } = context;
  const repositories = counterpay.deps.uow.repositories;

  app.get<StoreRoute>(
    '/api/v1/stores/:store',
    {
      onRequest: guard.store('storeReading'),
      schema: {
        tags: ['store'],
        summary: 'The store',
        security: bearerSecurity,
        params: storeParams,
        response: { 200: storeSchema, ...errorResponses },
      },
    },
    async (request) => {
      const store = await repositories.stores.findById(storeOf(request).id);
      if (store === null) throw new ApiError('store.not_found', 'no such store');
      return presentStore(store);
    },
  );

  app.get<StoreRoute>(
    '/api/v1/stores/:store/counters',
    {
      onRequest: guard.store('storeReading'),
      schema: {
        tags: ['store'],
        summary: "The store's counters (clerks pick theirs here)",
        security: bearerSecurity,
        params: storeParams,
        response: { 200: { type: 'object', properties: { counters: { type: 'array', items: counterSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const store = storeOf(request);
      const base = publicUrlOf(context, request);
      return { counters: (await repositories.counters.list(store.id)).map((c) => presentCounter(c, store.code, base)) };
    },
  );

  app.get<StoreRoute>(
    '/api/v1/stores/:store/staff',
    {
      onRequest: guard.store('storeSetup'),
      schema: {
        tags: ['store'],
        summary: "The store's staff",
        security: bearerSecurity,
        params: storeParams,
        response: { 200: { type: 'object', properties: { staff: { type: 'array', items: staffSchema } } }, ...errorResponses },
      },
    },
    async (request) => ({ staff: (await repositories.staff.list(storeOf(request).id)).map(presentStaff) }),
  );

  app.get<{ Params: { store: string; counter: string } }>(
    '/api/v1/stores/:store/counters/:counter/qr',
    {
      config: qrRateLimit(context),
      schema: {
        tags: ['store'],
        summary: "QR code (SVG) of the counter's pay page, for customers to scan; public",
        params: counterParams,
        response: {
          200: { description: 'image/svg+xml', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const store = await repositories.stores.findByCode(request.params.store);
      const counter = store === null ? null : await repositories.counters.findByName(store.id, request.params.counter);
      if (store === null || counter === null) throw new ApiError('counter.not_found', 'no such counter');
      const url = payUrlOf(publicUrlOf(context, request), store.code, counter.name);
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(svg);
    },
  );
}
