import { counterNameSchema, moneySchema, type MoneyDto } from './common.schema';

/** Body of `POST /api/v1/stores/{store}/cancellations` (F2). */
export interface RequestCancellationDto {
  readonly processingNumber: string;
  readonly amount: MoneyDto;
  readonly counter: string;
}

/** JSON schema of {@link RequestCancellationDto}. */
export const requestCancellationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['processingNumber', 'amount', 'counter'],
  properties: {
    processingNumber: { type: 'string', minLength: 1, maxLength: 40 },
    amount: moneySchema,
    counter: counterNameSchema,
  },
} as const;
