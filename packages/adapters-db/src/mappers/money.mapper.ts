import { InvariantViolation, isCurrencyCode, type CurrencyCode, type Money } from '@counterpay/core';

/** The currency code of a `char(3)` column (a code the domain knows, or a broken invariant). */
export function currencyOf(code: string): CurrencyCode {
  const trimmed = code.trim();
  if (!isCurrencyCode(trimmed)) throw new InvariantViolation(`unknown currency in the database: ${code}`);
  return trimmed;
}

/** Minor units of `money`, which must be in `currency` (a row stores one currency). */
export function minorUnits(money: Money | null, currency: string): number | null {
  if (money === null) return null;
  if (money.currency !== currency) throw new InvariantViolation(`${money.currency} amount on a ${currency} row`);
  return money.value;
}

/** Money from minor units and a currency column. */
export function moneyOf(minor: number, currency: string): Money {
  return { value: minor, currency: currencyOf(currency) };
}

/** Money or null, from a nullable minor-units column. */
export function optionalMoney(minor: number | null, currency: string): Money | null {
  return minor === null ? null : moneyOf(minor, currency);
}
