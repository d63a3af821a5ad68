import type { EventFilter, PublishedEvent, TransactionView } from '@counterpay/core';
import type { FastifyInstance } from 'fastify';
import { storeOf } from '../auth/request-state';
import { bearerSecurity, customerSecurity } from '../docs/openapi';
import { counterParams, errorResponses, idParams } from '../dto/common.schema';
import { ApiError, unwrap } from '../errors/api-error';
import { presentTransaction, type Audience } from '../presenters/transaction.presenter';
import type { SseStream } from '../sse/sse-hub';
import { customerTokenOf } from './customer.routes';
import type { HttpContext } from './http-context';

/** After these events the phone's claim is gone (a fresh claim starts), so its stream ends. */
const CLAIM_RESETS = new Set<string>(['transaction.cancellation_requested', 'transaction.cancellation_withdrawn']);

const eventStreamResponse = {
  200: {
    description:
      'text/event-stream. First `event: snapshot` with the current transaction (or null), then one event per change: `id: <event id>`, `event: <type>`, `data: {"type","transaction","data","occurredAt"}`. A comment every 15 s keeps the connection; a reconnect (Last-Event-ID) starts again with a snapshot.',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
  ...errorResponses,
} as const;

interface Pipe {
  readonly filter: EventFilter;
  readonly audience: Audience;
  readonly snapshot: () => Promise<TransactionView | null>;
  readonly closeAfter?: (event: PublishedEvent) => boolean;
}

/**
 * Feeds committed events to a stream in order: a snapshot first, then each event. The
 * subscription starts before the snapshot is read, so nothing falls between the two.
 */
function pipeEvents(context: HttpContext, stream: SseStream, pipe: Pipe, onError: (error: unknown) => void): void {
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    chain = chain.then(task).catch(onError);
  };
  enqueue(async () => {
    const view = await pipe.snapshot();
    const transaction = view === null ? null : await presentTransaction(view, context.names, pipe.audience);
    stream.send({ event: 'snapshot', data: { type: 'snapshot', transaction } });
  });
  const unsubscribe = context.events.subscribe(pipe.filter, (event) =>
    enqueue(async () => {
      const transaction = await presentTransaction(event.transaction, context.names, pipe.audience);
      stream.send({
        id: event.id,
        event: event.type,
        data: { type: event.type, transaction, data: event.data, occurredAt: event.occurredAt.toISOString() },
      });
      if (pipe.closeAfter?.(event) === true) stream.close();
    }),
  );
  stream.onClose(unsubscribe);
}

/** Live updates: a counter's events for the clerk, a transaction's events for the customer's phone. */
export async function eventsRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, sse } = context;
  const repositories = counterpay.deps.uow.repositories;

  app.get<{ Params: { store: string; counter: string } }>(
    '/api/v1/stores/:store/counters/:counter/events',
    {
      onRequest: guard.store('counterWork'),
      exposeHeadRoute: false,
      schema: {
        tags: ['events'],
        summary: 'Server-sent events of a counter (the clerk terminal)',
        security: bearerSecurity,
        params: counterParams,
        response: eventStreamResponse,
      },
    },
    async (request, reply) => {
      const store = storeOf(request);
      const counter = await repositories.counters.findByName(store.id, request.params.counter);
      if (counter === null) throw new ApiError('counter.not_found', `no counter ${request.params.counter}`);
      const stream = sse.start(request, reply);
      pipeEvents(
        context,
        stream,
        {
          filter: { storeId: store.id, counterId: counter.id },
          audience: 'staff',
          snapshot: async () => (await repositories.transactions.findLiveAtCounter(store.id, counter.id))?.view() ?? null,
        },
        (error) => request.log.warn({ err: error }, 'counter event stream failed'),
      );
      return reply;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/customer/transactions/:id/events',
    {
      onRequest: guard.customer(),
      exposeHeadRoute: false,
      schema: {
        tags: ['events'],
        summary: "Server-sent events of the customer's transaction (the pay page; send X-Customer-Token, e.g. with fetch streaming)",
        security: customerSecurity,
        params: idParams,
        response: eventStreamResponse,
      },
    },
    async (request, reply) => {
      const token = customerTokenOf(request);
      const view = await unwrap(counterpay.customerTransaction(token, request.params.id));
      const stream = sse.start(request, reply);
      pipeEvents(
        context,
        stream,
        {
          filter: { storeId: view.storeId, transactionId: view.id },
          audience: 'customer',
          snapshot: async () => {
            const current = await counterpay.customerTransaction(token, view.id);
            return current.isOk() ? current.value : null;
          },
          closeAfter: (event) => CLAIM_RESETS.has(event.type),
        },
        (error) => request.log.warn({ err: error }, 'customer event stream failed'),
      );
      return reply;
    },
  );
}
