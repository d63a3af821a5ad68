import { counterNameSchema } from './common.schema';

/** Body of `POST /api/v1/stores/{store}/counters`. */
export interface NewCounterDto {
  readonly name: string;
  readonly kind: 'salesperson' | 'floor' | 'route';
  readonly label?: string;
}

/** JSON schema of {@link NewCounterDto}. */
export const newCounterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind'],
  properties: {
    name: counterNameSchema,
    kind: { type: 'string', enum: ['salesperson', 'floor', 'route'] },
    label: { type: 'string', maxLength: 200 },
  },
} as const;
