import { PAYMENT_METHOD_TYPES } from '@counterpay/core';
import { storeCodeSchema } from './common.schema';

/** Body of `POST /api/v1/stores` (administrator). */
export interface NewStoreDto {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly enabledMethods?: readonly string[];
  readonly capturePolicy?: 'manual' | 'auto';
  readonly customerTimeoutSeconds?: number;
}

/** JSON schema of {@link NewStoreDto}. */
export const newStoreSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'currency', 'timezone'],
  properties: {
    code: storeCodeSchema,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    timezone: { type: 'string', minLength: 1, maxLength: 64, examples: ['Asia/Tokyo'] },
    enabledMethods: { type: 'array', minItems: 1, maxItems: 10, items: { type: 'string', enum: PAYMENT_METHOD_TYPES } },
    capturePolicy: { type: 'string', enum: ['manual', 'auto'] },
    customerTimeoutSeconds: { type: 'integer', minimum: 30, maximum: 604800 },
  },
} as const;
