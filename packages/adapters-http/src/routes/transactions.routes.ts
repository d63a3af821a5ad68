import type { DomainError, StaffActor, TransactionView } from '@counterpay/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResultAsync } from 'neverthrow';
import { actorOf } from '../auth/principal';
import { principalOf, storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { counterParams, emptyBodySchema, errorResponses, storeIdParams, storeParams, toMoney } from '../dto/common.schema';
import { listTransactionsSchema, type ListTransactionsDto } from '../dto/list-transactions.dto';
import { openTransactionSchema, toOpenRequest, type OpenTransactionDto } from '../dto/open-transaction.dto';
import { requestCancellationSchema, type RequestCancellationDto } from '../dto/request-cancellation.dto';
import { transactionSchema } from '../dto/transaction.schema';
import { ApiError, unwrap } from '../errors/api-error';
import { presentTransaction, type TransactionJson } from '../presenters/transaction.presenter';
import type { HttpContext } from './http-context';

type CounterRoute = { Params: { store: string; counter: string } };
type TransactionRoute = { Params: { store: string; id: string } };

const TRANSACTION_COMMANDS = [
  { path: 'authorize', summary: 'Ask the network to authorize (a decline is a 200 with status declined)', run: 'authorize' },
  { path: 'capture', summary: 'Capture: settlement and sales registration; assigns the processing number', run: 'capture' },
  { path: 'void', summary: 'Release an authorization instead of capturing it', run: 'void' },
  { path: 'cancel', summary: 'Cancel a transaction the customer has not paid', run: 'cancel' },
  { path: 'refund', summary: 'Refund a sale whose cancellation the customer confirmed (F2); reverses the sale', run: 'refund' },
  {
    path: 'withdraw-cancellation',
    summary: 'Withdraw a cancellation the customer has not confirmed; the sale stands',
    run: 'withdrawCancellation',
  },
  {
    path: 'release-claim',
    summary: 'Let a phone open the presented transaction again (the first phone lost its customer token)',
    run: 'releaseClaim',
  },
] as const;

function actor(request: FastifyRequest): StaffActor {
  return actorOf(principalOf(request), storeOf(request).id);
}

/**
 * Runs a clerk command on a transaction. When the network is down, the answer is a 502 that
 * says where the transaction was left (in flight, to be resolved by recovery).
 */
async function runCommand(
  context: HttpContext,
  request: FastifyRequest<TransactionRoute>,
  command: (who: StaffActor, id: string) => ResultAsync<TransactionView, DomainError>,
): Promise<TransactionJson> {
  const who = actor(request);
  const result = await command(who, request.params.id);
  if (result.isOk()) return presentTransaction(result.value, context.names, 'staff');
  const failure = ApiError.fromDomain(result.error);
  if (result.error.code !== 'settlement.unavailable') throw failure;
  const current = await context.counterpay.getTransaction(who, request.params.id);
  const status = current.isOk() ? current.value.status : 'unknown';
  throw new ApiError(
    failure.code,
    `${failure.message}; the transaction is left ${status} and stays recoverable: the recovery worker asks the network about the same reference and settles it`,
    { ...failure.details, transactionId: request.params.id, status },
  );
}

/** The clerk terminal's routes: open (F1 F3 F4 F5), look up, authorize, capture, void, cancel, F2, refund. */
export async function transactionsRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, names } = context;
  const counterWork = guard.store('counterWork');

  app.post<CounterRoute & { Body: OpenTransactionDto }>(
    '/api/v1/stores/:store/counters/:counter/transactions',
    {
      onRequest: counterWork,
      schema: {
        tags: ['transactions'],
        summary: 'Open a transaction at a counter (F1 amount, F5 barcodes, F4 schedule entry, F3 customer amount)',
        security: bearerSecurity,
        params: counterParams,
        body: openTransactionSchema,
        response: { 201: transactionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const view = await unwrap(counterpay.openTransaction(actor(request), request.params.counter, toOpenRequest(request.body)));
      return reply.code(201).send(await presentTransaction(view, names, 'staff'));
    },
  );

  app.get<{ Params: { store: string }; Querystring: ListTransactionsDto }>(
    '/api/v1/stores/:store/transactions',
    {
      onRequest: counterWork,
      schema: {
        tags: ['transactions'],
        summary: "List the store's transactions, newest first",
        security: bearerSecurity,
        params: storeParams,
        querystring: listTransactionsSchema,
        response: { 200: { type: 'object', properties: { transactions: { type: 'array', items: transactionSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const { counter, status, limit } = request.query;
      const views = await unwrap(
        counterpay.listTransactions(actor(request), {
          ...(counter === undefined ? {} : { counterName: counter }),
          ...(status === undefined ? {} : { status }),
          ...(limit === undefined ? {} : { limit }),
        }),
      );
      return { transactions: await Promise.all(views.map((v) => presentTransaction(v, names, 'staff'))) };
    },
  );

  app.get<TransactionRoute>(
    '/api/v1/stores/:store/transactions/:id',
    {
      onRequest: counterWork,
      schema: {
        tags: ['transactions'],
        summary: 'A transaction of the store',
        security: bearerSecurity,
        params: storeIdParams,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) => presentTransaction(await unwrap(counterpay.getTransaction(actor(request), request.params.id)), names, 'staff'),
  );

  for (const command of TRANSACTION_COMMANDS) {
    app.post<TransactionRoute>(
      `/api/v1/stores/:store/transactions/:id/${command.path}`,
      {
        onRequest: counterWork,
        schema: {
          tags: ['transactions'],
          summary: command.summary,
          security: bearerSecurity,
          params: storeIdParams,
          body: emptyBodySchema,
          response: { 200: transactionSchema, ...errorResponses },
        },
      },
      async (request) => runCommand(context, request, (who, id) => counterpay[command.run](who, id)),
    );
  }

  app.post<TransactionRoute>(
    '/api/v1/stores/:store/transactions/:id/refund-inquiry',
    {
      onRequest: counterWork,
      schema: {
        tags: ['transactions'],
        summary: 'Refund (cancel/return) inquiry: may this sale be refunded now?',
        security: bearerSecurity,
        params: storeIdParams,
        body: emptyBodySchema,
        response: {
          200: {
            type: 'object',
            properties: { refundable: { type: 'boolean' }, kind: { type: 'string', enum: ['refund', 'void'] }, reason: { type: 'string' } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => unwrap(counterpay.refundInquiry(actor(request), request.params.id)),
  );

  app.post<{ Params: { store: string }; Body: RequestCancellationDto }>(
    '/api/v1/stores/:store/cancellations',
    {
      onRequest: counterWork,
      schema: {
        tags: ['transactions'],
        summary: 'F2: present a captured sale for cancellation at a counter (processing number + amount)',
        security: bearerSecurity,
        params: storeParams,
        body: requestCancellationSchema,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { processingNumber, amount, counter } = request.body;
      const view = await unwrap(
        counterpay.requestCancellation(actor(request), {
          processingNumber,
          amount: toMoney(amount),
          counterName: counter,
        }),
      );
      return presentTransaction(view, names, 'staff');
    },
  );
}
