import { InvariantViolation, type CardBrand, type PaymentMethod } from '@counterpay/core';

const DIGITS = (min: number, max: number) => new RegExp(`^\\d{${min},${max}}$`);

/**
 * The masked method as stored: only the fields of its type are copied, so nothing else (let alone
 * a card number) can reach the database; a `last4` or BIN that could hold more digits is a bug.
 */
export function maskedMethod(method: PaymentMethod): Record<string, unknown> {
  switch (method.type) {
    case 'card':
    case 'debit':
    case 'prepaid':
      if (!DIGITS(4, 4).test(method.last4) || !DIGITS(0, 8).test(method.bin)) {
        throw new InvariantViolation('a stored card keeps last4 and a BIN of at most 8 digits only');
      }
      return {
        type: method.type,
        token: method.token,
        brand: method.brand,
        last4: method.last4,
        bin: method.bin,
        expMonth: method.expMonth,
        expYear: method.expYear,
      };
    case 'wallet':
      if (!DIGITS(4, 4).test(method.last4)) throw new InvariantViolation('a stored wallet keeps last4 only');
      return { type: 'wallet', token: method.token, provider: method.provider, brand: method.brand, last4: method.last4 };
    case 'bank_transfer':
      return { type: 'bank_transfer', referenceCode: method.referenceCode };
    case 'konbini':
      return { type: 'konbini', slipNumber: method.slipNumber };
  }
}

/** The stored method back as the domain's {@link PaymentMethod}. */
export function paymentMethodOf(stored: Record<string, unknown>): PaymentMethod {
  const text = (field: string): string => {
    const value = stored[field];
    if (typeof value !== 'string') throw new InvariantViolation(`stored payment method lacks ${field}`);
    return value;
  };
  const whole = (field: string): number => {
    const value = stored[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new InvariantViolation(`stored payment method lacks ${field}`);
    return value;
  };
  const type = stored['type'];
  switch (type) {
    case 'card':
    case 'debit':
    case 'prepaid':
      return {
        type,
        token: text('token'),
        brand: text('brand') as CardBrand,
        last4: text('last4'),
        bin: text('bin'),
        expMonth: whole('expMonth'),
        expYear: whole('expYear'),
      };
    case 'wallet':
      return { type, token: text('token'), provider: text('provider'), brand: text('brand') as CardBrand, last4: text('last4') };
    case 'bank_transfer':
      return { type, referenceCode: text('referenceCode') };
    case 'konbini':
      return { type, slipNumber: text('slipNumber') };
    default:
      throw new InvariantViolation(`unknown stored payment method ${String(type)}`);
  }
}
