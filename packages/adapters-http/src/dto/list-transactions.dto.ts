import type { TransactionStatus } from '@counterpay/core';
import { counterNameSchema, transactionStatusSchema } from './common.schema';

/** Query of `GET /api/v1/stores/{store}/transactions`. */
export interface ListTransactionsDto {
  readonly counter?: string;
  readonly status?: TransactionStatus;
  readonly limit?: number;
}

/** JSON schema of {@link ListTransactionsDto}. */
export const listTransactionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    counter: counterNameSchema,
    status: transactionStatusSchema,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;
