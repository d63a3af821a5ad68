/**
 * An instant as Postgres `timestamptz` input, for every date JS can hold: ISO 8601 in UTC, but with
 * the year unsigned (`275760-…`, not `+275760-…`) and years before 1 AD written `… BC`.
 */
export function pgTimestamp(date: Date): string {
  const iso = date.toISOString();
  const year = date.getUTCFullYear();
  if (year >= 1 && year <= 9999) return iso;
  const rest = iso.slice(iso.indexOf('-', 1));
  return year > 9999 ? `${year}${rest}` : `${String(1 - year).padStart(4, '0')}${rest} BC`;
}

/** Statement parameters with every `Date` as {@link pgTimestamp} text (the same on `pg` and PGlite). */
export function pgParameters(params: readonly unknown[]): unknown[] {
  return params.map((p) => (p instanceof Date ? pgTimestamp(p) : p));
}
