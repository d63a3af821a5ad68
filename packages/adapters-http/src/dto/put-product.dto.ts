import { moneySchema, storeCodeSchema, type MoneyDto } from './common.schema';

/** Body of `PUT /api/v1/stores/{store}/products/{barcode}`. */
export interface PutProductDto {
  readonly name: string;
  readonly sku: string;
  readonly price: MoneyDto;
}

/** JSON schema of {@link PutProductDto}. */
export const putProductSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'sku', 'price'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    sku: { type: 'string', maxLength: 64 },
    price: moneySchema,
  },
} as const;

/** Path `{store}/products/{barcode}`. */
export const productParams = {
  type: 'object',
  additionalProperties: false,
  required: ['store', 'barcode'],
  properties: { store: storeCodeSchema, barcode: { type: 'string', minLength: 1, maxLength: 20 } },
} as const;
