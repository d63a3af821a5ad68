import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { storeOf } from '../auth/request-state';
import { toCsv } from '../csv/csv-writer';
import { bearerSecurity } from '../docs/openapi';
import { errorResponses, moneySchema, storeParams } from '../dto/common.schema';
import { salesEntriesQuerySchema, salesQuerySchema, type SalesQueryDto } from '../dto/sales-query.dto';
import { unwrap } from '../errors/api-error';
import { presentSalesEntry, presentSalesReport } from '../presenters/sales.presenter';
import type { HttpContext } from './http-context';

const totalSchema = {
  type: 'object',
  properties: {
    key: { type: 'string', description: 'day, counter name, staff username or method' },
    sales: moneySchema,
    reversals: moneySchema,
    net: moneySchema,
    count: { type: 'integer' },
    reversalCount: { type: 'integer' },
  },
} as const;

function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv);
}

/** Sales from the ledger: totals per day, counter, staff member or method, and the entries; JSON or CSV. */
export async function salesRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard, names } = context;
  const management = guard.store('storeManagement');
  const csvOrJson = { description: 'JSON, or CSV with `Accept: text/csv`' };

  app.get<{ Params: { store: string }; Querystring: SalesQueryDto }>(
    '/api/v1/stores/:store/sales',
    {
      onRequest: management,
      schema: {
        tags: ['sales'],
        summary: 'Sales totals over business days, grouped by day, counter, staff or method (JSON, or CSV with Accept: text/csv)',
        security: bearerSecurity,
        params: storeParams,
        querystring: salesQuerySchema,
        response: {
          200: {
            ...csvOrJson,
            type: 'object',
            properties: {
              currency: { type: 'string' },
              groupBy: { type: 'string' },
              from: { type: ['string', 'null'] },
              to: { type: ['string', 'null'] },
              totals: { type: 'array', items: totalSchema },
              total: totalSchema,
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const storeId = storeOf(request).id;
      const { from, to, groupBy } = request.query;
      const range = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      const totals = await unwrap(counterpay.salesTotals(storeId, { ...range, groupBy }));
      const report = await presentSalesReport(storeId, totals, { groupBy, ...range }, names);
      if (!wantsCsv(request)) return report;
      const csv = toCsv(
        [groupBy, 'currency', 'sales', 'reversals', 'net', 'count', 'reversalCount'],
        report.totals.map((t) => [t.key, report.currency, t.sales.value, t.reversals.value, t.net.value, t.count, t.reversalCount]),
      );
      return sendCsv(reply, `sales-by-${groupBy}.csv`, csv);
    },
  );

  app.get<{ Params: { store: string }; Querystring: Omit<SalesQueryDto, 'groupBy'> }>(
    '/api/v1/stores/:store/sales/entries',
    {
      onRequest: management,
      schema: {
        tags: ['sales'],
        summary: 'Sales ledger entries (sales and reversals), oldest first (JSON, or CSV with Accept: text/csv)',
        security: bearerSecurity,
        params: storeParams,
        querystring: salesEntriesQuerySchema,
        response: {
          200: {
            ...csvOrJson,
            type: 'object',
            properties: { entries: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const storeId = storeOf(request).id;
      const { from, to } = request.query;
      const rows = await unwrap(
        counterpay.salesEntries(storeId, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }),
      );
      const entries = await Promise.all(rows.map((e) => presentSalesEntry(e, names)));
      if (!wantsCsv(request)) return { entries };
      const csv = toCsv(
        ['businessDay', 'occurredAt', 'kind', 'processingNumber', 'counter', 'staff', 'method', 'currency', 'amount', 'transactionId'],
        entries.map((e) => [
          e.businessDay,
          e.occurredAt,
          e.kind,
          e.processingNumber,
          e.counter,
          e.staff,
          e.method,
          e.amount.currency,
          e.amount.value,
          e.transactionId,
        ]),
      );
      return sendCsv(reply, 'sales-entries.csv', csv);
    },
  );
}
