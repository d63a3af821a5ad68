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

/** Two decimal digits of `text` at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const DASH = 45;
const COLON = 58;
const SPACE = 32;
const DOT = 46;
const PLUS = 43;

/**
 * A `timestamptz` as Postgres writes it (`DateStyle` ISO: `2026-12-04 19:11:12.345678+09`, the
 * offset `+HH`, `+HH:MM` or `+HH:MM:SS`), read with a few character tests instead of the regular
 * expressions of `pg`'s parser (`postgres-date`), to the same instant (milliseconds truncated, as
 * there). Anything else — years before 100 or after 9999, `BC`, `infinity` — is null: the caller
 * falls back to `pg`'s parser.
 */
export function parseTimestamptz(text: string): Date | null {
  if (
    text.length < 22 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== SPACE ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  ) {
    return null;
  }
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 1 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === DOT) {
    at++;
    let scale = 100;
    for (let d = text.charCodeAt(at) - 48; d >= 0 && d <= 9; d = text.charCodeAt(at) - 48) {
      ms += d * scale;
      scale /= 10;
      at++;
    }
    ms = Math.trunc(ms);
  }
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return null;
  const parts = [twoDigits(text, at + 1), 0, 0];
  at += 3;
  for (let part = 1; part < 3 && text.charCodeAt(at) === COLON; part++) {
    parts[part] = twoDigits(text, at + 1);
    at += 3;
  }
  if (at !== text.length || parts[0]! < 0 || parts[1]! < 0 || parts[2]! < 0) return null;
  const offset = ((parts[0]! * 60 + parts[1]!) * 60 + parts[2]!) * 1000;
  const utc = Date.UTC(century * 100 + yy, month - 1, day, hour, minute, second, ms);
  return new Date(sign === PLUS ? utc - offset : utc + offset);
}
