import { createHash } from 'node:crypto';
import type { FuzzWorld, SeededTransaction } from './fuzz-world';
import { Raw, type Body } from './json-body';
import type { Operation } from './openapi-operations';
import type { Hints } from './schema-arbitrary';

/** The item `n` points at, round the list. */
export const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** Percent-encodes a text; a lone surrogate (which `encodeURIComponent` refuses) is sent as its invalid UTF-8 bytes. */
export function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A well-formed id that names nothing, derived from the run's numbers (so a seed replays the same requests). */
export function uuidOf(n: number): string {
  const hex = createHash('sha256').update(`fuzz-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The request while it is being built; defects and noise edit it in place. */
export interface Draft {
  readonly op: Operation;
  method: string;
  params: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body: Body | undefined;
  csv: string | undefined;
  bytes: Buffer | undefined;
  contentType: string | undefined;
  credential: string;
}

/** What the generator knows besides the document: the seeded world. */
export interface GeneratorContext {
  readonly world: FuzzWorld;
  readonly hints: Hints;
}

/** Transactions a phone holds (claimed and live), in both stores. */
export const liveTransactions = (world: FuzzWorld): SeededTransaction[] =>
  [...world.a.transactions, ...world.b.transactions].filter((t) => t.customerToken !== null);

/** A plain JSON object of a body (not an array, not a raw fragment). */
export const isObject = (v: Body): v is Record<string, Body> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);

/** A card as the phone types it. */
export function cardOf(number: string) {
  return { number, expMonth: 12, expYear: 2030, cvc: '123', holderName: 'HANAKO YAMADA' };
}
