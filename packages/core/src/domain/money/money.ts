import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';
import { currencyExponent, isCurrencyCode, type CurrencyCode } from './currency';

/** Largest amount in minor units that counterpay accepts (fits every ledger sum exactly). */
export const MAX_MINOR_UNITS = 1_000_000_000_000;

/**
 * An amount of money: integer minor units plus an ISO 4217 code. Never a float.
 * On the wire: `{ "value": 1200, "currency": "JPY" }`.
 */
export interface Money {
  readonly value: number;
  readonly currency: CurrencyCode;
}

/** Checks and builds a {@link Money}: a non-negative safe integer of minor units in a known currency. */
export function money(value: unknown, currency: unknown): Result<Money, DomainError> {
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    return err(domainError('money.unknown_currency', `unknown currency ${String(currency)}`));
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_MINOR_UNITS) {
    return err(
      domainError('money.invalid_amount', 'amount must be a whole number of minor units between 0 and 10^12', {
        value: typeof value === 'number' ? value : String(value),
      }),
    );
  }
  return ok({ value, currency });
}

/** Like {@link money} but also rejects zero: a payment is for something. */
export function positiveMoney(value: unknown, currency: unknown): Result<Money, DomainError> {
  return money(value, currency).andThen((m) =>
    m.value > 0 ? ok(m) : err(domainError('money.invalid_amount', 'amount must be greater than zero')),
  );
}

function sameCurrency(a: Money, b: Money): Result<CurrencyCode, DomainError> {
  return a.currency === b.currency
    ? ok(a.currency)
    : err(domainError('money.currency_mismatch', `cannot combine ${a.currency} with ${b.currency}`));
}

/** a + b, or a currency mismatch. */
export function addMoney(a: Money, b: Money): Result<Money, DomainError> {
  return sameCurrency(a, b).andThen((currency) => money(a.value + b.value, currency));
}

/** a − b (never below zero), or a currency mismatch. */
export function subtractMoney(a: Money, b: Money): Result<Money, DomainError> {
  return sameCurrency(a, b).andThen((currency) => money(a.value - b.value, currency));
}

/** unit × quantity. */
export function multiplyMoney(unit: Money, quantity: number): Result<Money, DomainError> {
  return money(unit.value * quantity, unit.currency);
}

/** Same value and currency. */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.value === b.value && a.currency === b.currency;
}

/** Zero in a currency. */
export function zero(currency: CurrencyCode): Money {
  return { value: 0, currency };
}

/** Human text such as `¥1,200` or `$12.00`; locale-aware, never used for arithmetic. */
export function formatMoney(m: Money, locale = 'en'): string {
  const exponent = currencyExponent(m.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(m.value / 10 ** exponent);
}
