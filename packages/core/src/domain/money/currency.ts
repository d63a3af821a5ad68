/**
 * ISO 4217 minor-unit exponents. JPY has no minor unit, USD has cents, KWD has fils (3 decimals).
 * A currency missing here is rejected rather than guessed.
 */
export const CURRENCY_EXPONENTS = {
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
} as const satisfies Record<string, 0 | 2 | 3>;

/** An ISO 4217 code counterpay knows. */
export type CurrencyCode = keyof typeof CURRENCY_EXPONENTS;

/** True when `code` is a currency counterpay knows. */
export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

/** Number of decimals of the currency's minor unit. */
export function currencyExponent(code: CurrencyCode): number {
  return CURRENCY_EXPONENTS[code];
}
