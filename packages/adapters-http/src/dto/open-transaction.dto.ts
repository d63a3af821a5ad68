import type { OpenRequest } from '@counterpay/core';
import { ApiError } from '../errors/api-error';
import { idSchema, moneySchema, toMoney, type MoneyDto } from './common.schema';

/** Body of `POST …/counters/{counter}/transactions`: exactly one of the four ways to open (F1, F5, F4, F3). */
export type OpenTransactionDto =
  | { readonly amount: MoneyDto }
  | { readonly items: readonly { readonly barcode: string; readonly quantity: number }[] }
  | { readonly scheduleEntryId: string }
  | { readonly customerEntersAmount: true };

/** JSON schema of {@link OpenTransactionDto}. */
export const openTransactionSchema = {
  type: 'object',
  description:
    'Exactly one of: `amount` (F1, clerk amount), `items` (F5, scanned barcodes), `scheduleEntryId` (F4), `customerEntersAmount: true` (F3).',
  additionalProperties: false,
  properties: {
    amount: moneySchema,
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['barcode', 'quantity'],
        properties: {
          barcode: { type: 'string', maxLength: 20, description: 'EAN-13/JAN, EAN-8 or UPC-A; check digit verified' },
          quantity: { type: 'integer', minimum: 1, maximum: 9999 },
        },
      },
    },
    scheduleEntryId: idSchema,
    customerEntersAmount: { type: 'boolean', const: true },
  },
} as const;

const WAYS = ['amount', 'items', 'scheduleEntryId', 'customerEntersAmount'] as const;

/** The use case's request for a validated body; exactly one way to open must be given. */
export function toOpenRequest(dto: OpenTransactionDto): OpenRequest {
  const given = WAYS.filter((way) => way in dto);
  if (given.length !== 1) {
    throw new ApiError('validation.failed', `give exactly one of ${WAYS.join(', ')}`, { field: 'body', given });
  }
  if ('amount' in dto) return { kind: 'amount', amount: toMoney(dto.amount) };
  if ('items' in dto) return { kind: 'items', items: dto.items };
  if ('scheduleEntryId' in dto) return { kind: 'schedule', scheduleEntryId: dto.scheduleEntryId };
  return { kind: 'customer_amount' };
}
