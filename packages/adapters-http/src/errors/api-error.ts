import type { DomainError } from '@counterpay/core';
import type { ResultAsync } from 'neverthrow';
import { statusOf, type ApiErrorCode } from './error-status';

/** The error body of every failed API call: `{"error":{"code","message","details"}}`. */
export interface ErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly details: Readonly<Record<string, unknown>>;
  };
}

/** An expected failure on its way to the client; the error handler renders it with its table status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** The HTTP status of {@link code}. */
  get statusCode(): number {
    return statusOf(this.code);
  }

  /** The body the client receives. */
  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }

  /** Wraps a domain error. A network outage is always recoverable: nothing was lost, the outcome is only not known yet. */
  static fromDomain(error: DomainError): ApiError {
    const details = error.code === 'settlement.unavailable' ? { ...error.details, recoverable: true } : (error.details ?? {});
    return new ApiError(error.code, error.message, details);
  }
}

/**
 * Awaits a use case and hands back its value; a domain error is thrown as an {@link ApiError}
 * (neverthrow's `match` at the edge of the application).
 */
export async function unwrap<T>(result: ResultAsync<T, DomainError>): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw ApiError.fromDomain(settled.error);
  return settled.value;
}
