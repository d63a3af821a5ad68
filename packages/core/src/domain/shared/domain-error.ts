/**
 * Every expected failure of counterpay, keyed by a namespaced code. The HTTP adapter maps each code
 * to a status in one table; the codes themselves are part of the public API (error bodies carry them).
 */
export const DOMAIN_ERROR_CODES = [
  'validation.failed',
  'money.invalid_amount',
  'money.unknown_currency',
  'money.currency_mismatch',
  'barcode.invalid',
  'store.not_found',
  'store.code_taken',
  'store.suspended',
  'store.method_not_enabled',
  'staff.not_found',
  'staff.username_taken',
  'counter.not_found',
  'counter.name_taken',
  'counter.closed',
  'counter.busy',
  'counter.nothing_presented',
  'transaction.not_found',
  'transaction.invalid_state',
  'transaction.forbidden_actor',
  'transaction.claimed',
  'transaction.customer_token_invalid',
  'transaction.amount_mismatch',
  'transaction.version_conflict',
  'transaction.reference_taken',
  'card.invalid',
  'card.rejected',
  'card.too_many_attempts',
  'payment_method.unsupported',
  'product.not_found',
  'price.not_found',
  'schedule.not_found',
  'schedule.entry_not_found',
  'schedule.entry_not_pending',
  'settlement.unavailable',
  'settlement.rejected',
  'idempotency.mismatch',
  'idempotency.in_flight',
] as const;

/** A namespaced error code such as `counter.busy`. */
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** An expected failure, as a plain value: never thrown. */
export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Builds a {@link DomainError}. */
export function domainError(code: DomainErrorCode, message: string, details?: Readonly<Record<string, unknown>>): DomainError {
  return details === undefined ? { code, message } : { code, message, details };
}

/** Thrown only for bugs and broken invariants, never for an expected outcome. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}
