import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';
import { localStamp } from '../shared/local-time';

/**
 * The product identification of a transaction, auto-numbered as in the invention:
 * `YYYYMMDDhhmmss` in the store's time zone, a dash, and a random suffix that makes it unique per
 * store (the database enforces it; a collision is retried with another suffix).
 */
export function transactionReference(now: Date, timeZone: string, suffix: string): string {
  return `${localStamp(now, timeZone)}-${suffix}`;
}

const REFERENCE = /^\d{14}-[0-9A-Z]{4,12}$/;

/** True when `value` has the shape of a transaction reference. */
export function isTransactionReference(value: string): boolean {
  return REFERENCE.test(value);
}

const PROCESSING_NUMBER = /^[0-9]{6,20}$/;

/**
 * The processing number the network gives a capture. The clerk quotes it (with the amount) to start
 * an F2 cancellation; it is unique per store.
 */
export function parseProcessingNumber(value: unknown): Result<string, DomainError> {
  return typeof value === 'string' && PROCESSING_NUMBER.test(value)
    ? ok(value)
    : err(domainError('validation.failed', 'a processing number is 6-20 digits', { field: 'processingNumber' }));
}
