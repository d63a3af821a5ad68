import { InvariantViolation } from '@counterpay/core';
import type { ValueTransformer } from 'typeorm';

/** Reads a `bigint`/`integer` column (a string from `pg`, a number from PGlite) as a safe JS integer. */
export function toSafeInteger(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number(String(value));
  if (!Number.isSafeInteger(n)) throw new InvariantViolation(`not a safe integer: ${String(value)}`);
  return n;
}

/** Money and counts: `bigint` in the database, a safe integer in the domain (never a float). */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : toSafeInteger(value)),
};
