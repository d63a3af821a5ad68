import type { CardInput, MethodSubmission } from '@counterpay/core';

/** Body of `POST /api/v1/customer/transactions/{id}/payment-method`. */
export interface RegisterPaymentMethodDto {
  readonly type: string;
  readonly card?: {
    readonly number: string;
    readonly expMonth: number;
    readonly expYear: number;
    readonly cvc: string;
    readonly holderName?: string;
  };
}

/** JSON schema of {@link RegisterPaymentMethodDto}. Spaces and dashes in the number are allowed. */
export const registerPaymentMethodSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', pattern: '^[a-z_]{1,32}$', examples: ['card'] },
    card: {
      type: 'object',
      additionalProperties: false,
      required: ['number', 'expMonth', 'expYear', 'cvc'],
      properties: {
        number: { type: 'string', minLength: 12, maxLength: 25, pattern: '^[0-9][0-9 -]*[0-9]$' },
        expMonth: { type: 'integer', minimum: 1, maximum: 12 },
        expYear: { type: 'integer', minimum: 0, maximum: 2099, description: 'four digits, or two (26 = 2026)' },
        cvc: { type: 'string', pattern: '^[0-9]{3,4}$' },
        holderName: { type: 'string', maxLength: 100 },
      },
    },
  },
} as const;

/** The use case's submission: the number without separators, a two-digit year made four. */
export function toMethodSubmission(dto: RegisterPaymentMethodDto): MethodSubmission {
  if (dto.card === undefined) return { type: dto.type };
  const { number, expMonth, expYear, cvc, holderName } = dto.card;
  const card: CardInput = {
    number: number.replace(/[ -]/g, ''),
    expMonth,
    expYear: expYear < 100 ? 2000 + expYear : expYear,
    cvc,
    ...(holderName === undefined ? {} : { holderName }),
  };
  return { type: dto.type, card };
}
