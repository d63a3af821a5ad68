import type { DomainErrorCode } from '@counterpay/core';

/** Codes the HTTP layer adds to the domain's: authentication, protocol and platform failures. */
export const HTTP_ERROR_CODES = [
  'auth.unauthenticated',
  'auth.invalid_credentials',
  'auth.forbidden',
  'route.not_found',
  'api_key.not_found',
  'webhook_endpoint.not_found',
  'webhook_delivery.not_found',
  'request.too_large',
  'request.unsupported_media_type',
  'request.rate_limited',
  'internal',
] as const;

/** An error code of the HTTP layer. */
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

/** Every code an error body of the API may carry. */
export type ApiErrorCode = DomainErrorCode | HttpErrorCode;

/**
 * The one table from error code to HTTP status. Adding a domain code without a row here fails
 * the build. Another tenant's object is a `404` like a missing one, never a `403`.
 */
export const ERROR_STATUS = {
  'validation.failed': 400,
  'money.invalid_amount': 400,
  'money.unknown_currency': 400,
  'money.currency_mismatch': 400,
  'barcode.invalid': 400,
  'card.invalid': 400,
  'card.rejected': 400,
  'payment_method.unsupported': 400,
  'store.method_not_enabled': 400,
  'transaction.amount_mismatch': 400,

  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,

  'auth.forbidden': 403,
  'transaction.forbidden_actor': 403,

  'store.not_found': 404,
  'staff.not_found': 404,
  'counter.not_found': 404,
  'counter.nothing_presented': 404,
  'transaction.not_found': 404,
  'transaction.customer_token_invalid': 404,
  'product.not_found': 404,
  'price.not_found': 404,
  'schedule.not_found': 404,
  'schedule.entry_not_found': 404,
  'route.not_found': 404,
  'api_key.not_found': 404,
  'webhook_endpoint.not_found': 404,
  'webhook_delivery.not_found': 404,

  'store.code_taken': 409,
  'store.suspended': 409,
  'staff.username_taken': 409,
  'counter.name_taken': 409,
  'counter.closed': 409,
  'counter.busy': 409,
  'transaction.invalid_state': 409,
  'transaction.claimed': 409,
  'transaction.version_conflict': 409,
  'transaction.reference_taken': 409,
  'schedule.entry_not_pending': 409,
  'settlement.rejected': 409,
  'idempotency.in_flight': 409,

  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'idempotency.mismatch': 422,

  'card.too_many_attempts': 429,
  'request.rate_limited': 429,

  internal: 500,
  'settlement.unavailable': 502,
} as const satisfies Record<ApiErrorCode, number>;

/** The HTTP status of an error code. */
export function statusOf(code: ApiErrorCode): number {
  return ERROR_STATUS[code];
}

/** True when `code` is one of the API's error codes. */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}
