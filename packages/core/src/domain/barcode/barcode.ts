import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';

/** Symbologies the barcode POS reads (F5). JAN is EAN-13 with a 45/49 prefix. */
export type BarcodeFormat = 'EAN-13' | 'EAN-8' | 'UPC-A';

/** A verified retail barcode; `value` is the digits as printed, check digit included. */
export interface Barcode {
  readonly value: string;
  readonly format: BarcodeFormat;
}

const FORMAT_BY_LENGTH: Readonly<Record<number, BarcodeFormat>> = { 13: 'EAN-13', 8: 'EAN-8', 12: 'UPC-A' };

/** GS1 mod-10 check digit of the digits before it (weights 3,1,3,… from the right). */
export function gs1CheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Parses an EAN-13/JAN, EAN-8 or UPC-A barcode and verifies its check digit. */
export function parseBarcode(input: unknown): Result<Barcode, DomainError> {
  if (typeof input !== 'string' || !/^\d+$/.test(input)) {
    return err(domainError('barcode.invalid', 'a barcode is 8, 12 or 13 digits'));
  }
  const format = FORMAT_BY_LENGTH[input.length];
  if (format === undefined) {
    return err(domainError('barcode.invalid', 'a barcode is 8, 12 or 13 digits', { length: input.length }));
  }
  const expected = gs1CheckDigit(input.slice(0, -1));
  if (expected !== Number(input.at(-1))) {
    return err(domainError('barcode.invalid', 'barcode check digit does not match', { format }));
  }
  return ok({ value: input, format });
}
