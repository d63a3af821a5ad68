import type { FastifyInstance } from 'fastify';
import { storeOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { errorResponses, moneySchema, storeParams, toMoney } from '../dto/common.schema';
import { productParams, putProductSchema, type PutProductDto } from '../dto/put-product.dto';
import { unwrap } from '../errors/api-error';
import { presentProduct } from '../presenters/catalog.presenter';
import type { HttpContext } from './http-context';

type ProductRoute = { Params: { store: string; barcode: string } };

const productSchema = {
  type: 'object',
  properties: {
    barcode: { type: 'string' },
    sku: { type: 'string' },
    name: { type: 'string' },
    price: { anyOf: [moneySchema, { type: 'null' }], description: 'the price in force now' },
    prices: {
      type: 'array',
      items: {
        type: 'object',
        properties: { price: moneySchema, validFrom: { type: 'string' }, validTo: { type: ['string', 'null'] } },
      },
    },
  },
} as const;

/** The product master and price table (F5). */
export async function catalogRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, guard } = context;

  app.put<ProductRoute & { Body: PutProductDto }>(
    '/api/v1/stores/:store/products/:barcode',
    {
      onRequest: guard.store('storeManagement'),
      schema: {
        tags: ['catalog'],
        summary: 'Add or change a product; a new price starts a new row of the price table now',
        security: bearerSecurity,
        params: productParams,
        body: putProductSchema,
        response: { 200: productSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name, sku, price } = request.body;
      const item = await unwrap(counterpay.putProduct(storeOf(request).id, request.params.barcode, { name, sku, price: toMoney(price) }));
      return presentProduct(item);
    },
  );

  app.get<ProductRoute>(
    '/api/v1/stores/:store/products/:barcode',
    {
      onRequest: guard.store('counterWork'),
      schema: {
        tags: ['catalog'],
        summary: 'A product by barcode, with its price now',
        security: bearerSecurity,
        params: productParams,
        response: { 200: productSchema, ...errorResponses },
      },
    },
    async (request) => presentProduct(await unwrap(counterpay.getProduct(storeOf(request).id, request.params.barcode))),
  );

  app.get<{ Params: { store: string } }>(
    '/api/v1/stores/:store/products',
    {
      onRequest: guard.store('counterWork'),
      schema: {
        tags: ['catalog'],
        summary: "The store's products, by barcode",
        security: bearerSecurity,
        params: storeParams,
        response: { 200: { type: 'object', properties: { products: { type: 'array', items: productSchema } } }, ...errorResponses },
      },
    },
    async (request) => {
      const storeId = storeOf(request).id;
      const products = await counterpay.deps.uow.repositories.catalog.listProducts(storeId);
      const items = await Promise.all(products.map((p) => unwrap(counterpay.getProduct(storeId, p.barcode))));
      return { products: items.map(presentProduct) };
    },
  );
}
