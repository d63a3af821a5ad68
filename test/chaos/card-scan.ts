import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Client } from 'pg';

/** True when `digits` passes the Luhn check. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** What the scan knows is not a card number although it may pass the Luhn check. */
export interface KnownNumbers {
  /** The `YYYYMMDDhhmmss` part of every transaction reference. */
  readonly referenceTimestamps: ReadonlySet<string>;
  /** Every processing number (12 digits). */
  readonly processingNumbers: ReadonlySet<string>;
  /** Product barcodes of the catalogs (EAN-13 check digits are not Luhn's, but may pass it). */
  readonly productBarcodes: ReadonlySet<string>;
  /** Timestamps of the applied migrations (`migrations.timestamp`, epoch ms). */
  readonly migrationTimestamps: ReadonlySet<string>;
}

/** A place where card data showed. Never carries the number itself: first 6 and last 4 only. */
export interface CardFinding {
  readonly file: string;
  readonly kind: 'card_number' | 'cvc';
  readonly masked: string;
  readonly offset: number;
}

/** Digit runs that passed the Luhn check and were excluded, by reason. */
export interface Exclusion {
  readonly reason: 'reference timestamp' | 'processing number' | 'product barcode' | 'migration timestamp' | 'log time (epoch ms)';
  count: number;
  readonly examples: string[];
}

/** Result of a scan. */
export interface CardScanReport {
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  /** Luhn-valid 13–19 digit runs looked at (before exclusions). */
  readonly luhnValidRuns: number;
  readonly findings: readonly CardFinding[];
  readonly exclusions: readonly Exclusion[];
  /** `"cvc"` keys whose value is the logger's `[redacted]` mark (no CVC). */
  readonly redactedCvcKeys: number;
}

// A run of 13-19 digits, or a number grouped the way cards are printed (4-4-4-4[-1..3] or 4-6-4/5,
// by spaces or dashes), touching no letter or digit and not part of a decimal number
// (`"responseTime":79.7179779999999` is no card number, nor is a UUID's `09576339-8488-4107-…`).
const DIGIT_RUN =
  /(?<![A-Za-z0-9]|\d\.)(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![A-Za-z0-9]|\.\d)/g;
const CVC_KEY = /"cvc"\s*:\s*("(?:[^"\\]|\\.)*"|[0-9]+)/gi;

function mask(digits: string): string {
  return `${digits.slice(0, 6)}…${digits.slice(-4)} (${digits.length} digits)`;
}

/**
 * Scans text files (a database dump, process logs) for full card numbers — Luhn-valid runs of 13
 * to 19 digits — and for `"cvc"` keys with a value. A Luhn-valid run is excluded only when it is
 * exactly the timestamp of a known transaction reference, a known processing number, a known
 * product barcode, the timestamp of an applied migration, or the epoch-millisecond `"time"` of a
 * log line; each exclusion is counted and
 * reported. The exact card
 * numbers of `used` are also looked for as plain substrings, whatever surrounds them.
 */
export function scanForCardData(
  files: readonly { readonly name: string; readonly path: string }[],
  known: KnownNumbers,
  used: readonly string[],
): CardScanReport {
  const findings: CardFinding[] = [];
  const exclusions = new Map<Exclusion['reason'], Exclusion>();
  const exclude = (reason: Exclusion['reason'], value: string) => {
    const entry = exclusions.get(reason) ?? { reason, count: 0, examples: [] };
    entry.count += 1;
    if (entry.examples.length < 3) entry.examples.push(value);
    exclusions.set(reason, entry);
  };
  let luhnValidRuns = 0;
  let redactedCvcKeys = 0;
  const scanned: { name: string; bytes: number }[] = [];
  for (const file of files) {
    const text = readFileSync(file.path, 'utf8');
    scanned.push({ name: file.name, bytes: statSync(file.path).size });
    const flagged = new Set<number>();
    for (const match of text.matchAll(DIGIT_RUN)) {
      const digits = match[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
      luhnValidRuns += 1;
      const offset = match.index ?? 0;
      if (known.referenceTimestamps.has(digits)) exclude('reference timestamp', digits);
      else if (known.processingNumbers.has(digits)) exclude('processing number', digits);
      else if (known.productBarcodes.has(digits)) exclude('product barcode', digits);
      else if (known.migrationTimestamps.has(digits)) exclude('migration timestamp', digits);
      else if (digits.length === 13 && /"time":$/.test(text.slice(Math.max(0, offset - 7), offset))) exclude('log time (epoch ms)', digits);
      else {
        flagged.add(offset);
        findings.push({ file: file.name, kind: 'card_number', masked: mask(digits), offset });
      }
    }
    for (const number of new Set(used)) {
      for (let at = text.indexOf(number); at >= 0; at = text.indexOf(number, at + 1)) {
        if (!flagged.has(at)) findings.push({ file: file.name, kind: 'card_number', masked: mask(number), offset: at });
      }
    }
    for (const match of text.matchAll(CVC_KEY)) {
      if (match[1] === '"[redacted]"') {
        redactedCvcKeys += 1;
        continue;
      }
      findings.push({
        file: file.name,
        kind: 'cvc',
        masked: `"cvc" with a value of ${match[1]!.replace(/"/g, '').length} characters`,
        offset: match.index ?? 0,
      });
    }
  }
  return { files: scanned, luhnValidRuns, findings, exclusions: [...exclusions.values()], redactedCvcKeys };
}

/**
 * Dumps a database to `path`: `pg_dump` when it is on the PATH (schema and data), else every table
 * of the public schema as `row_to_json` lines. Answers which way it went.
 */
export async function dumpDatabase(url: string, path: string): Promise<'pg_dump' | 'row_to_json'> {
  const dumped = spawnSync('pg_dump', ['--no-owner', '--file', path, url], { encoding: 'utf8', timeout: 120_000 });
  if (dumped.error === undefined && dumped.status === 0) return 'pg_dump';
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    const lines: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: unknown }>(`SELECT row_to_json(t) AS row FROM "${name.replace(/"/g, '""')}" t`);
      for (const { row } of rows.rows) lines.push(`${name}\t${JSON.stringify(row)}`);
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    return 'row_to_json';
  } finally {
    await client.end();
  }
}

/** A short text of a scan for the run summary. */
export function describeScan(report: CardScanReport): string {
  const files = report.files.map((f) => `${basename(f.name)} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', ');
  const excluded =
    report.exclusions.length === 0
      ? 'none'
      : report.exclusions.map((e) => `${e.count} ${e.reason}${e.count === 1 ? '' : 's'} (e.g. ${e.examples.join(', ')})`).join('; ');
  return [
    `card-data scan of ${files}`,
    `  Luhn-valid 13-19 digit runs: ${report.luhnValidRuns}; excluded: ${excluded}`,
    `  findings: ${report.findings.length}${
      report.findings.length === 0
        ? ''
        : ` — ${report.findings
            .slice(0, 10)
            .map((f) => `${f.kind} in ${f.file} at ${f.offset}: ${f.masked}`)
            .join('; ')}`
    }`,
    `  "cvc" keys redacted by the logger: ${report.redactedCvcKeys}`,
  ].join('\n');
}
