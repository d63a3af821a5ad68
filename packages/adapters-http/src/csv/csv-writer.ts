import { stringify } from 'csv-stringify/sync';

/** Cells a spreadsheet would run as a formula are prefixed with `'` (CSV injection). */
function safeCell(value: string | number | null): string | number {
  if (value === null) return '';
  if (typeof value === 'number') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify([columns, ...rows.map((row) => row.map(safeCell))], { record_delimiter: '\r\n' });
}
