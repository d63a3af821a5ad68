import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/request-state';
import { customerSecurity } from '../docs/openapi';
import { counterNameSchema, emptyBodySchema, errorResponses, idParams, storeCodeSchema, toMoney } from '../dto/common.schema';
import { registerAmountSchema, type RegisterAmountDto } from '../dto/register-amount.dto';
import { registerPaymentMethodSchema, toMethodSubmission, type RegisterPaymentMethodDto } from '../dto/register-payment-method.dto';
import { transactionSchema } from '../dto/transaction.schema';
import { unwrap } from '../errors/api-error';
import { presentTransaction } from '../presenters/transaction.presenter';
import { portalRateLimit } from './rate-limits';
import type { HttpContext } from './http-context';

type CustomerRoute = { Params: { id: string } };

/** The phone's token, as the customer guard found it. */
export function customerTokenOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  if (principal.kind !== 'customer') throw new Error('customer route without the customer guard');
  return principal.token;
}

const portalSchema = {
  type: 'object',
  properties: {
    store: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
    counter: { type: 'object', properties: { name: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string' } } },
    transaction: transactionSchema,
    customerToken: {
      type: ['string', 'null'],
      description: 'only to the first phone; send it as X-Customer-Token from then on (null when this phone already holds it)',
    },
  },
} as const;

/** The customer's phone: the portal look-up (claim) and the pay page's actions. */
export async function customerRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, names } = context;
  const customer = guard.customer();

  app.get<{ Params: { store: string; counter: string } }>(
    '/api/v1/portal/:store/:counter',
    {
      config: portalRateLimit(context),
      schema: {
        tags: ['customer'],
        summary: 'Open a counter: the first phone claims the presented transaction and gets a customerToken',
        description:
          'A phone sending its existing X-Customer-Token sees the transaction again (customerToken null). Any other phone: 409 transaction.claimed. Nothing presented: 404.',
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['store', 'counter'],
          properties: { store: storeCodeSchema, counter: counterNameSchema },
        },
        response: { 200: portalSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = request.headers['x-customer-token'];
      const visit = await unwrap(
        counterpay.openCounter({
          storeCode: request.params.store,
          counterName: request.params.counter,
          ...(typeof token === 'string' && token.length > 0 && token.length <= 512 ? { customerToken: token } : {}),
        }),
      );
      void reply.header('cache-control', 'no-store');
      return {
        store: { code: visit.store.code, name: visit.store.name },
        counter: { name: visit.counter.name, label: visit.counter.label, kind: visit.counter.kind },
        transaction: await presentTransaction(visit.transaction, names, 'customer'),
        customerToken: visit.customerToken,
      };
    },
  );

  app.get<CustomerRoute>(
    '/api/v1/customer/transactions/:id',
    {
      onRequest: customer,
      schema: {
        tags: ['customer'],
        summary: "The customer's transaction",
        security: customerSecurity,
        params: idParams,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentTransaction(await unwrap(counterpay.customerTransaction(customerTokenOf(request), request.params.id)), names, 'customer'),
  );

  app.post<CustomerRoute & { Body: RegisterAmountDto }>(
    '/api/v1/customer/transactions/:id/amount',
    {
      onRequest: customer,
      schema: {
        tags: ['customer'],
        summary: 'F3: the customer enters the amount',
        security: customerSecurity,
        params: idParams,
        body: registerAmountSchema,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentTransaction(
        await unwrap(counterpay.registerAmount(customerTokenOf(request), request.params.id, toMoney(request.body))),
        names,
        'customer',
      ),
  );

  app.post<CustomerRoute & { Body: RegisterPaymentMethodDto }>(
    '/api/v1/customer/transactions/:id/payment-method',
    {
      onRequest: customer,
      schema: {
        tags: ['customer'],
        summary: 'Register the card: tokenized by the network; only the masked method is kept',
        description: 'A refused card counts as a failed attempt; after 5 failed attempts, 429 card.too_many_attempts.',
        security: customerSecurity,
        params: idParams,
        body: registerPaymentMethodSchema,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentTransaction(
        await unwrap(counterpay.registerPaymentMethod(customerTokenOf(request), request.params.id, toMethodSubmission(request.body))),
        names,
        'customer',
      ),
  );

  app.post<CustomerRoute>(
    '/api/v1/customer/transactions/:id/cancellation/confirm',
    {
      onRequest: customer,
      schema: {
        tags: ['customer'],
        summary: 'F2: the customer confirms the cancellation on the phone',
        security: customerSecurity,
        params: idParams,
        body: emptyBodySchema,
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentTransaction(await unwrap(counterpay.confirmCancellation(customerTokenOf(request), request.params.id)), names, 'customer'),
  );
}
