import type { SalesGrouping } from '@counterpay/core';

/** Query of `GET /api/v1/stores/{store}/sales`. */
export interface SalesQueryDto {
  readonly from?: string;
  readonly to?: string;
  readonly groupBy: SalesGrouping;
}

/** JSON schema of {@link SalesQueryDto}. */
export const salesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { type: 'string', format: 'date', description: 'first business day, inclusive' },
    to: { type: 'string', format: 'date', description: 'last business day, inclusive' },
    groupBy: { type: 'string', enum: ['day', 'counter', 'staff', 'method'], default: 'day' },
  },
} as const;

/** Query of `GET /api/v1/stores/{store}/sales/entries`. */
export const salesEntriesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { from: salesQuerySchema.properties.from, to: salesQuerySchema.properties.to },
} as const;
