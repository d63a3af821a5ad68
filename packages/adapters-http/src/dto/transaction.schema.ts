import { moneySchema, transactionStatusSchema } from './common.schema';

const nullableMoney = { anyOf: [moneySchema, { type: 'null' }] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** The transaction JSON of the contract, for the OpenAPI document. */
export const transactionSchema = {
  type: 'object',
  required: [
    'id',
    'store',
    'counter',
    'reference',
    'source',
    'status',
    'amount',
    'items',
    'paymentMethod',
    'authorization',
    'processingNumber',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    store: { type: 'string', description: 'store code' },
    counter: { type: 'string', description: 'counter name (where it is presented now)' },
    reference: { type: 'string', description: 'product identification: yyyymmddhhmmss-XXXXXX in the store time zone' },
    source: { type: 'string', enum: ['clerk', 'customer', 'schedule', 'scan'] },
    status: transactionStatusSchema,
    currency: { type: 'string' },
    amount: nullableMoney,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          barcode: { type: ['string', 'null'] },
          sku: { type: ['string', 'null'] },
          name: { type: 'string' },
          unitPrice: moneySchema,
          quantity: { type: 'integer' },
          amount: moneySchema,
        },
      },
    },
    paymentMethod: {
      type: ['object', 'null'],
      description: 'masked: type, brand, last4, bin, expMonth, expYear for cards; never the number',
      properties: {
        type: { type: 'string' },
        brand: { type: 'string' },
        last4: { type: 'string' },
        bin: { type: 'string' },
        expMonth: { type: 'integer' },
        expYear: { type: 'integer' },
      },
    },
    authorization: {
      type: ['object', 'null'],
      properties: { code: { type: 'string' }, amount: moneySchema, authorizedAt: dateTime },
    },
    processingNumber: { type: ['string', 'null'], description: 'assigned at capture' },
    capture: {
      type: ['object', 'null'],
      properties: { processingNumber: { type: 'string' }, amount: moneySchema, capturedAt: dateTime, counter: { type: 'string' } },
    },
    declineReason: { type: ['string', 'null'] },
    failedCardAttempts: { type: 'integer', description: 'after 5, card attempts answer 429' },
    cancellation: {
      type: ['object', 'null'],
      properties: { requestedAt: dateTime, confirmedAt: nullableDateTime },
    },
    refund: {
      type: ['object', 'null'],
      properties: { amount: moneySchema, kind: { type: 'string', enum: ['refund', 'void'] }, refundedAt: dateTime },
    },
    voidedAt: nullableDateTime,
    scheduleEntryId: { type: ['string', 'null'] },
    claimed: { type: 'boolean', description: 'a phone has opened it' },
    expiresAt: nullableDateTime,
    createdAt: dateTime,
    updatedAt: dateTime,
    version: { type: 'integer' },
    openedBy: { type: ['string', 'null'], description: 'staff id (staff only)' },
  },
} as const;
