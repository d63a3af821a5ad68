import type { NewScheduleEntry, Schedule, ScheduleEntry } from '@counterpay/core';
import type { FastifyInstance } from 'fastify';
import { storeOf } from '../auth/request-state';
import { parseScheduleCsv } from '../csv/schedule-csv';
import { bearerSecurity } from '../docs/openapi';
import { errorResponses, moneySchema, storeIdParams, storeParams, toMoney } from '../dto/common.schema';
import {
  newScheduleSchema,
  scheduleImportQuerySchema,
  scheduleSearchSchema,
  type NewScheduleDto,
  type ScheduleImportQueryDto,
  type ScheduleSearchDto,
} from '../dto/new-schedule.dto';
import { ApiError, unwrap } from '../errors/api-error';
import { presentSchedule, presentScheduleEntry } from '../presenters/schedule.presenter';
import type { HttpContext } from './http-context';

/** Largest CSV accepted by the import (5000 rows). */
export const SCHEDULE_IMPORT_BODY_LIMIT = 1024 * 1024;

const scheduleSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, counter: { type: 'string' }, createdAt: { type: 'string' } },
} as const;

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    scheduleId: { type: 'string' },
    counter: { type: 'string' },
    customerName: { type: 'string' },
    customerRef: { type: 'string' },
    description: { type: 'string' },
    amount: moneySchema,
    dueAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['pending', 'presented', 'collected', 'cancelled'] },
    transactionId: { type: ['string', 'null'] },
    version: { type: 'integer' },
  },
} as const;

const createdSchema = {
  type: 'object',
  properties: { schedule: scheduleSchema, entries: { type: 'array', items: entrySchema } },
} as const;

/** Payment schedules (F4): registered in advance, searched by the clerk, opened at a route counter. */
export async function schedulesRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, names } = context;
  const repositories = counterpay.deps.uow.repositories;
  const management = guard.store('storeManagement');

  const created = async (result: { schedule: Schedule; entries: ScheduleEntry[] }) => ({
    schedule: await presentSchedule(result.schedule, names),
    entries: await Promise.all(result.entries.map((e) => presentScheduleEntry(e, names))),
  });
  const create = (storeId: string, name: string, counterName: string, entries: readonly NewScheduleEntry[]) =>
    unwrap(counterpay.createSchedule(storeId, { name, counterName, entries }));

  app.post<{ Params: { store: string }; Body: NewScheduleDto }>(
    '/api/v1/stores/:store/schedules',
    {
      onRequest: management,
      schema: {
        tags: ['schedules'],
        summary: 'Register a schedule with its entries (customer, amount, due date-time) on a route counter',
        security: bearerSecurity,
        params: storeParams,
        body: newScheduleSchema,
        response: { 201: createdSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { name, counter, entries } = request.body;
      const result = await create(
        storeOf(request).id,
        name,
        counter,
        entries.map((e) => ({
          customerName: e.customerName,
          ...(e.customerRef === undefined ? {} : { customerRef: e.customerRef }),
          ...(e.description === undefined ? {} : { description: e.description }),
          amount: toMoney(e.amount),
          dueAt: new Date(e.dueAt),
        })),
      );
      return reply.code(201).send(await created(result));
    },
  );

  app.post<{ Params: { store: string }; Querystring: ScheduleImportQueryDto; Body: unknown }>(
    '/api/v1/stores/:store/schedules/import',
    {
      onRequest: management,
      bodyLimit: SCHEDULE_IMPORT_BODY_LIMIT,
      schema: {
        tags: ['schedules'],
        summary: 'Import a schedule from CSV (text/csv): columns customerName,customerRef,description,amount,dueAt[,currency]',
        description:
          "`amount` is integer minor units (the store's currency unless a `currency` column says otherwise); `dueAt` is ISO 8601 with an offset. Up to 5000 rows, 1 MiB. The first invalid row is reported with its number.",
        security: bearerSecurity,
        params: storeParams,
        querystring: scheduleImportQuerySchema,
        body: {
          content: {
            'text/csv': {
              schema: {
                type: 'string',
                examples: ['customerName,customerRef,description,amount,dueAt\nHanako Yamada,C-1,Rice 10kg,4200,2026-11-21T10:00:00+09:00'],
              },
            },
          },
        },
        response: { 201: createdSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') throw new ApiError('request.unsupported_media_type', 'send the schedule as text/csv');
      const store = await repositories.stores.findById(storeOf(request).id);
      if (store === null) throw new ApiError('store.not_found', 'no such store');
      const parsed = await parseScheduleCsv(request.body, store.currency);
      if (parsed.isErr()) throw ApiError.fromDomain(parsed.error);
      const result = await create(store.id, request.query.name, request.query.counter, parsed.value);
      return reply.code(201).send(await created(result));
    },
  );

  app.get<{ Params: { store: string } }>(
    '/api/v1/stores/:store/schedules',
    {
      onRequest: management,
      schema: {
        tags: ['schedules'],
        summary: "The store's schedules, newest first",
        security: bearerSecurity,
        params: storeParams,
        response: { 200: { type: 'object', properties: { schedules: { type: 'array', items: scheduleSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const schedules = await repositories.schedules.list(storeOf(request).id);
      return { schedules: await Promise.all(schedules.map((s) => presentSchedule(s, names))) };
    },
  );

  app.get<{ Params: { store: string; id: string } }>(
    '/api/v1/stores/:store/schedules/:id/entries',
    {
      onRequest: management,
      schema: {
        tags: ['schedules'],
        summary: 'The entries of a schedule, by due time',
        security: bearerSecurity,
        params: storeIdParams,
        response: {
          200: { type: 'object', properties: { schedule: scheduleSchema, entries: { type: 'array', items: entrySchema } } },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const storeId = storeOf(request).id;
      const schedule = await repositories.schedules.findById(storeId, request.params.id);
      if (schedule === null) throw new ApiError('schedule.not_found', 'no such schedule');
      return created({ schedule, entries: await repositories.schedules.entriesOf(storeId, schedule.id) });
    },
  );

  app.get<{ Params: { store: string }; Querystring: ScheduleSearchDto }>(
    '/api/v1/stores/:store/schedule-entries',
    {
      onRequest: guard.store('counterWork'),
      schema: {
        tags: ['schedules'],
        summary: 'Search schedule entries by customer name/reference and due day (store time zone)',
        security: bearerSecurity,
        params: storeParams,
        querystring: scheduleSearchSchema,
        response: { 200: { type: 'object', properties: { entries: { type: 'array', items: entrySchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { q, dueOn, status } = request.query;
      const entries = await unwrap(
        counterpay.searchScheduleEntries(storeOf(request).id, {
          ...(q === undefined ? {} : { q }),
          ...(dueOn === undefined ? {} : { dueOn }),
          ...(status === undefined ? {} : { status }),
        }),
      );
      return { entries: await Promise.all(entries.map((e) => presentScheduleEntry(e, names))) };
    },
  );
}
