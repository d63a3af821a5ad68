import { QueryFailedError } from 'typeorm';

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE of a foreign key violation. */
export const FOREIGN_KEY_VIOLATION = '23503';

/** The SQLSTATE and constraint name of a failed statement (from `pg` or PGlite alike). */
export function constraintViolation(error: unknown): { code: string; constraint: string } | null {
  const driverError: unknown =
    error instanceof QueryFailedError ? (error as QueryFailedError & { driverError: unknown }).driverError : error;
  if (typeof driverError !== 'object' || driverError === null) return null;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  return typeof code === 'string' && typeof constraint === 'string' ? { code, constraint } : null;
}
