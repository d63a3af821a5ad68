import { money, TRANSACTION_STATUSES, type Money } from '@counterpay/core';
import { ApiError } from '../errors/api-error';

/** Money on the wire: integer minor units and an ISO 4217 code. */
export interface MoneyDto {
  readonly value: number;
  readonly currency: string;
}

/** The domain's money of a validated DTO; an unknown currency is `money.unknown_currency`. */
export function toMoney(dto: MoneyDto): Money {
  const checked = money(dto.value, dto.currency);
  if (checked.isErr()) throw ApiError.fromDomain(checked.error);
  return checked.value;
}

/** `{"value": 1200, "currency": "JPY"}`: whole minor units only, never a float. */
export const moneySchema = {
  type: 'object',
  description: 'An amount in integer minor units of an ISO 4217 currency (JPY has 0 decimals, USD 2).',
  additionalProperties: false,
  required: ['value', 'currency'],
  properties: {
    value: { type: 'integer', minimum: 0, maximum: 1_000_000_000_000, examples: [1200] },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', examples: ['JPY'] },
  },
} as const;

/** An opaque id (UUID). */
export const idSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } as const;

/** A store's URL code. */
export const storeCodeSchema = { type: 'string', minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' } as const;

/** A counter's name (`C11`). */
export const counterNameSchema = { type: 'string', minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' } as const;

/** A transaction status. */
export const transactionStatusSchema = { type: 'string', enum: TRANSACTION_STATUSES } as const;

/** Path `{store}`. */
export const storeParams = {
  type: 'object',
  additionalProperties: false,
  required: ['store'],
  properties: { store: storeCodeSchema },
} as const;

/** Path `{store}/…/{counter}`. */
export const counterParams = {
  type: 'object',
  additionalProperties: false,
  required: ['store', 'counter'],
  properties: { store: storeCodeSchema, counter: counterNameSchema },
} as const;

/** Path `{store}/…/{id}`. */
export const storeIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['store', 'id'],
  properties: { store: storeCodeSchema, id: idSchema },
} as const;

/** Path `…/{id}` of the customer's routes. */
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: idSchema },
} as const;

/** The body of a command that takes none: absent or `{}`; anything else is an unknown field. */
export const emptyBodySchema = {
  type: 'object',
  description: 'No body, or `{}`.',
  additionalProperties: false,
  properties: {},
} as const;

/** An empty query string: unknown parameters are refused. */
export const emptyQuerySchema = { type: 'object', additionalProperties: false, properties: {} } as const;

/** The contract's error body. */
export const errorResponseSchema = {
  type: 'object',
  description: 'Every error: `{"error":{"code","message","details"}}`.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['transaction.invalid_state'] },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
} as const;

/** Error responses documented on every route. */
export const errorResponses = { '4xx': errorResponseSchema, '5xx': errorResponseSchema } as const;
