import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../auth/password-hasher';
import { storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { emptyBodySchema, errorResponses, storeParams } from '../dto/common.schema';
import { newCounterSchema, type NewCounterDto } from '../dto/new-counter.dto';
import { newStaffSchema, type NewStaffDto } from '../dto/new-staff.dto';
import { newStoreSchema, type NewStoreDto } from '../dto/new-store.dto';
import { unwrap } from '../errors/api-error';
import { presentCounter, presentStaff, presentStore } from '../presenters/store.presenter';
import { publicUrlOf, type HttpContext } from './http-context';
import { counterSchema, staffSchema, storeSchema } from './store.schemas';

type StoreRoute = { Params: { store: string } };

/** Setting stores up: the administrator opens, suspends and resumes stores; counters and staff also by the manager. */
export async function adminRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, options } = context;

  app.post<{ Body: NewStoreDto }>(
    '/api/v1/stores',
    {
      onRequest: guard.platform(),
      schema: {
        tags: ['admin'],
        summary: 'Open a store (tenant)',
        security: bearerSecurity,
        body: newStoreSchema,
        response: { 201: storeSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(presentStore(await unwrap(counterpay.openStore(request.body)))),
  );

  for (const [action, summary] of [
    ['suspend', 'Suspend a store: no new transactions or authorizations'],
    ['resume', 'Resume a suspended store'],
  ] as const) {
    app.post<StoreRoute>(
      `/api/v1/stores/:store/${action}`,
      {
        onRequest: guard.store('platform'),
        schema: {
          tags: ['admin'],
          summary,
          security: bearerSecurity,
          params: storeParams,
          body: emptyBodySchema,
          response: { 200: storeSchema, ...errorResponses },
        },
      },
      async (request) => {
        const code = storeOf(request).code;
        const store = await unwrap(action === 'suspend' ? counterpay.suspendStore(code) : counterpay.resumeStore(code));
        return presentStore(store);
      },
    );
  }

  app.post<StoreRoute & { Body: NewCounterDto }>(
    '/api/v1/stores/:store/counters',
    {
      onRequest: guard.store('storeSetup'),
      schema: {
        tags: ['admin'],
        summary: 'Add a counter (salesperson, floor or route)',
        security: bearerSecurity,
        params: storeParams,
        body: newCounterSchema,
        response: { 201: counterSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const store = storeOf(request);
      const { name, kind, label } = request.body;
      const counter = await unwrap(counterpay.addCounter(store.id, { name, kind, ...(label === undefined ? {} : { label }) }));
      return reply.code(201).send(presentCounter(counter, store.code, publicUrlOf(context, request)));
    },
  );

  app.post<StoreRoute & { Body: NewStaffDto }>(
    '/api/v1/stores/:store/staff',
    {
      onRequest: guard.store('storeSetup'),
      schema: {
        tags: ['admin'],
        summary: 'Add a staff member (clerk or manager); the password is stored as a scrypt hash',
        security: bearerSecurity,
        params: storeParams,
        body: newStaffSchema,
        response: { 201: staffSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { username, password, name, role } = request.body;
      const passwordHash = await hashPassword(password, options.passwordCost);
      const staff = await unwrap(counterpay.addStaff(storeOf(request).id, { username, name, role, passwordHash }));
      return reply.code(201).send(presentStaff(staff));
    },
  );
}
