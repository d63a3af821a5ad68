import type { SwaggerOptions } from '@fastify/swagger';

/** Security requirement of routes for staff, store API keys or the administrator. */
export const bearerSecurity = [{ bearer: [] }];

/** Security requirement of the customer's routes. */
export const customerSecurity = [{ customerToken: [] }];

/** The OpenAPI document's frame; paths come from the route schemas. */
export function openApiOptions(): SwaggerOptions {
  return {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'counterpay API',
        version: '1.0.0',
        description: [
          'Card payments with no terminal: the clerk registers the amount at a virtual counter, the customer pays on their own phone.',
          '',
          'Errors are always `{"error":{"code","message","details"}}`. Money is `{"value": <integer minor units>, "currency": "JPY"}`.',
          'Every mutating request accepts an `Idempotency-Key` header (Stripe semantics; replays carry `Idempotent-Replayed: true`).',
          "Another store's object answers 404, never 403. JSON bodies are limited to 64 KiB; unknown fields are refused.",
        ].join('\n'),
      },
      tags: [
        { name: 'operations', description: 'Health and readiness' },
        { name: 'auth', description: 'Staff sign-in and API keys' },
        { name: 'admin', description: 'Stores, counters and staff (administrator; counters and staff also by the manager)' },
        { name: 'store', description: 'The store as its staff see it' },
        { name: 'transactions', description: 'Clerk terminal: F1–F5, cancellations (F2), refunds' },
        { name: 'catalog', description: 'Product master and price table (F5)' },
        { name: 'schedules', description: 'Payment schedules (F4)' },
        { name: 'sales', description: 'Sales ledger totals' },
        { name: 'customer', description: "The customer's phone: portal and pay page" },
        { name: 'events', description: 'Live updates (text/event-stream)' },
        { name: 'webhooks', description: 'Signed webhooks to merchant systems: endpoints, delivery log, redelivery' },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'A staff session token (from /api/v1/auth/login), a store API key, or the administrator token.',
          },
          customerToken: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Customer-Token',
            description: 'Given once, to the first phone that opens a counter (GET /api/v1/portal/{store}/{counter}).',
          },
        },
      },
    },
  };
}
