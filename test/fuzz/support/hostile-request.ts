import fc from 'fast-check';
import { encode, isObject, liveTransactions, pick, uuidOf, type Draft, type GeneratorContext } from './draft';
import type { FuzzWorld } from './fuzz-world';
import { FUZZ_ADMIN_TOKEN } from './fuzz-world';
import {
  BAD_DATE_TIMES,
  BAD_DATES,
  BROKEN_UTF8,
  HEADER_JUNK,
  HOSTILE_IDEMPOTENCY_KEYS,
  HOSTILE_NUMBER_LITERALS,
  HOSTILE_TEXTS,
  MALFORMED_PERCENT,
  ODD_VALID_NUMBER_LITERALS,
  POLLUTING_ENTRIES,
  UNKNOWN_KEYS,
  WRONG_CONTENT_TYPES,
  WRONG_TYPE_VALUES,
} from './hostile-values';
import { defineKey, Raw, replaceAt, serializeBody, sitesOf, typesOf, violatesType, type Body, type Site } from './json-body';
import type { Operation, Parameter, Schema } from './openapi-operations';
import { validQueryValue, validValue, type Hints } from './schema-arbitrary';
import { SEMANTIC } from './semantic-defects';

export type { GeneratorContext } from './draft';

/** One hostile request, ready for `app.inject`. */
export interface HostileRequest {
  readonly op: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Buffer | undefined;
  readonly credential: string;
  /** The defect that must make the server refuse the request (4xx), or null for a read the server may answer. */
  readonly decisive: string | null;
  /** Other oddities the request carries, which need not be refused on their own. */
  readonly noise: readonly string[];
}

/** A short, printable account of a request (what fast-check shows for a counterexample). */
export function describeRequest(r: HostileRequest): string {
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${clip(JSON.stringify(v), 80)}`);
  const body = r.payload === undefined ? 'no body' : `${r.payload.length} bytes ${clip(JSON.stringify(r.payload.toString('latin1')), 300)}`;
  return [
    `${r.method} ${clip(r.url, 200)}`,
    `  operation: ${r.op}; credential: ${r.credential}; refused because: ${r.decisive ?? '(none: a read)'}; noise: ${r.noise.join(', ') || '-'}`,
    `  ${headers.join('; ') || 'no headers'}`,
    `  ${body}`,
  ].join('\n');
}

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';
const MUTATING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'] as const;
/** A GET that changes state (the first phone claims the presented transaction): always sent with a defect. */
const CLAIMING_GETS = new Set(['GET /api/v1/portal/{store}/{counter}']);
/** Routes without `Idempotency-Key` (their answers hold secrets), per docs/http-api.md. */
const NO_IDEMPOTENCY = /^\/api\/v1\/auth\/|\/api-keys/;

type Apply = (d: Draft, n: number, m: number, ctx: GeneratorContext) => string | null;

interface Kind {
  readonly applies: (op: Operation) => boolean;
  readonly weight: number;
  readonly apply: Apply;
}

const jsonSchemaOf = (op: Operation): Schema | undefined => op.bodies[JSON_TYPE];
const parsesBody = (op: Operation) => MUTATING.has(op.method);
const hasJsonBody = (op: Operation) => parsesBody(op) && jsonSchemaOf(op) !== undefined;
const hasCsvBody = (op: Operation) => parsesBody(op) && op.bodies[CSV_TYPE] !== undefined;
const idempotent = (op: Operation) => MUTATING.has(op.method) && !NO_IDEMPOTENCY.test(op.path);

function bytesOf(d: Draft): Buffer | undefined {
  if (d.bytes !== undefined) return d.bytes;
  if (d.csv !== undefined) return Buffer.from(d.csv, 'utf8');
  return d.body === undefined ? undefined : serializeBody(d.body);
}

function ensureJsonBody(d: Draft): void {
  if (d.body === undefined) d.body = {};
  d.contentType ??= JSON_TYPE;
}

function sitesWhere(d: Draft, keep: (site: Site) => boolean): Site[] {
  ensureJsonBody(d);
  return sitesOf(d.body as Body, jsonSchemaOf(d.op)).filter((s) => !(s.value instanceof Raw) && keep(s));
}

function mutateSite(d: Draft, site: Site, replacement: Body | undefined): void {
  d.body = replaceAt(d.body as Body, site.path, replacement) ?? {};
}

const where = (site: Site) => ['body', ...site.path].join('.');

/** Nesting `depth` levels deep, shaped so that the schema at the site cannot accept it. */
function deepNesting(schema: Schema | undefined, depth: number): Raw {
  const wantsObject = typesOf(schema).includes('object') || schema === undefined;
  const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return Raw.text(wantsObject ? `{"a":${arrays}}` : arrays, `${depth} levels`);
}

/** A string the API refuses: U+0000 or an unpaired surrogate anywhere, or one that breaks the schema's constraints. */
function badString(schema: Schema, m: number): string {
  const options: string[] = ['Te\u0000a', '\u0000', 'a\ud800', '\udc00b'];
  if (schema.maxLength !== undefined) options.push('x'.repeat(schema.maxLength + 1), 'x'.repeat(Math.max(schema.maxLength + 1, 10_000)));
  if ((schema.minLength ?? 0) >= 1) options.push('');
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern);
    options.push(...HOSTILE_TEXTS.filter((t) => !pattern.test(t)));
  }
  if (schema.enum !== undefined) options.push(...['nope', 'CAPTURED', 'card ', 'admin', '*'].filter((v) => !schema.enum?.includes(v)));
  if (schema.format === 'date') options.push(...BAD_DATES);
  if (schema.format === 'date-time') options.push(...BAD_DATE_TIMES);
  return pick(options, m);
}

/** Where a hostile value goes in a path parameter, checked to break the parameter's schema or name nothing. */
function paramIsBroken(param: Parameter, decoded: string): boolean {
  const { schema } = param;
  if (schema.maxLength !== undefined && [...decoded].length > schema.maxLength) return true;
  if (schema.pattern !== undefined) return !new RegExp(schema.pattern).test(decoded);
  return param.name === 'barcode' && !/^\d+$/.test(decoded);
}

/** The real ids a `{id}` of this path may name: API keys, schedules, webhook endpoints, or transactions of both stores. */
function idsOfPath(op: Operation, world: FuzzWorld): readonly string[] {
  if (op.path.includes('/api-keys/')) return world.a.apiKeyId === null ? [uuidOf(0)] : [world.a.apiKeyId];
  if (op.path.includes('/schedules/{id}')) return world.scheduleIds;
  if (op.path.includes('/webhook-endpoints/')) return world.webhookEndpointIds.length > 0 ? world.webhookEndpointIds : [uuidOf(1)];
  if (op.path.includes('/webhook-deliveries/')) return [uuidOf(2)];
  return [...world.a.transactions, ...world.b.transactions].map((t) => t.id);
}

// ---------------------------------------------------------------------------------------------
// Defects: each is bound to make the server refuse the request, by construction.
// ---------------------------------------------------------------------------------------------

const DEFECTS: Readonly<Record<string, Kind>> = {
  'body.unknown-field': {
    applies: hasJsonBody,
    weight: 3,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => isObject(s.value) && s.schema?.additionalProperties === false);
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const known = Object.keys(site.schema?.properties ?? {});
      const key = pick(
        UNKNOWN_KEYS.filter((k) => !known.includes(k)),
        m,
      );
      const copy = { ...(site.value as Record<string, Body>) };
      defineKey(copy, key, pick(['x', 1, true, null, {}, [], 'captured'] as Body[], m >> 3));
      mutateSite(d, site, copy);
      return `unknown field ${JSON.stringify(key)} in ${where(site)}`;
    },
  },
  'body.wrong-type': {
    applies: hasJsonBody,
    weight: 3,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => typesOf(s.schema).length > 0);
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const candidates = (WRONG_TYPE_VALUES as readonly Body[]).filter(
        (v) => violatesType(site.schema, v) && !(site.path.length === 0 && v === null),
      );
      const value = pick(candidates, m);
      mutateSite(d, site, value);
      return `${where(site)} = ${JSON.stringify(value)} (wrong type)`;
    },
  },
  'body.hostile-number': {
    applies: hasJsonBody,
    weight: 4,
    apply: (d, n, m) => {
      const sites = sitesWhere(
        d,
        (s) => typesOf(s.schema).includes('integer') && (s.schema?.minimum ?? -1) >= 0 && (s.schema?.maximum ?? Infinity) <= 1e12,
      );
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const literal = pick(HOSTILE_NUMBER_LITERALS, m);
      mutateSite(d, site, Raw.text(literal));
      return `${where(site)} = ${literal}`;
    },
  },
  'body.bad-string': {
    applies: hasJsonBody,
    weight: 2,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => typesOf(s.schema).includes('string') && s.schema !== undefined);
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const value = badString(site.schema as Schema, m);
      mutateSite(d, site, value);
      return `${where(site)} = ${JSON.stringify(value.slice(0, 40))}${value.length > 40 ? `…(${value.length})` : ''}`;
    },
  },
  'body.bad-array': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n) => {
      const sites = sitesWhere(d, (s) => Array.isArray(s.value) && ((s.schema?.minItems ?? 0) > 0 || s.schema?.maxItems !== undefined));
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const items = site.value as Body[];
      const tooFew = (site.schema?.minItems ?? 0) > 0 && (site.schema?.maxItems === undefined || n % 2 === 0);
      const value = tooFew ? [] : Array.from({ length: (site.schema?.maxItems ?? 0) + 1 }, () => items[0] ?? {});
      mutateSite(d, site, value);
      return `${where(site)} with ${value.length} items`;
    },
  },
  'body.missing-required': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => isObject(s.value) && (s.schema?.required ?? []).some((k) => k in (s.value as object)));
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      const key = pick(
        (site.schema?.required ?? []).filter((k) => k in (site.value as object)),
        m,
      );
      const copy = { ...(site.value as Record<string, Body>) };
      delete copy[key];
      mutateSite(d, site, copy);
      return `${where(site)} without ${key}`;
    },
  },
  'body.proto-key': {
    applies: (op) => parsesBody(op) && !hasCsvBody(op),
    weight: 3,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => isObject(s.value));
      const site = pick(sites, n);
      const [key, value] = pick(POLLUTING_ENTRIES, m);
      const copy: Record<string, Body> = {};
      for (const k of Object.keys(site.value as object)) defineKey(copy, k, (site.value as Record<string, Body>)[k] as Body);
      defineKey(copy, key, value as Body);
      mutateSite(d, site, copy);
      return `${key} key in ${where(site)}`;
    },
  },
  'body.deep-nesting': {
    applies: hasJsonBody,
    weight: 2,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, () => true);
      const site = pick(sites, n);
      const depth = pick([1000, 1000, 5000, 20_000], m);
      mutateSite(d, site, deepNesting(site.schema, depth));
      return `${where(site)} nested ${depth} levels`;
    },
  },
  'body.huge-string': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n, m) => {
      const sites = sitesWhere(d, (s) => typesOf(s.schema).includes('string') || isObject(s.value));
      const site = pick(sites, n);
      const huge = (m % 2 === 0 ? 'x' : '日').repeat(1024 * 1024 + (m % 7));
      mutateSite(d, site, isObject(site.value) ? { ...site.value, filler: huge } : huge);
      return `1 MiB string in ${where(site)}`;
    },
  },
  'body.invalid-json': {
    applies: (op) => parsesBody(op) && !hasCsvBody(op),
    weight: 2,
    apply: (d, n, m) => {
      const text = (bytesOf(d) ?? Buffer.from('{"a":1}')).toString('utf8');
      const cut = text.length > 1 ? 1 + (n % (text.length - 1)) : 1;
      const variants = [
        text.slice(0, cut),
        `${text}}`,
        `${text} x`,
        `${text},`,
        text.replace('"', "'"),
        text.replace('{', '{/* comment */'),
        text.replace('{', '{a:1,'),
        text.replace('{', '{"a":1,,'),
        `${text.slice(0, -1)},}`,
        '{"a":undefined}',
        `{"a":"${'\u0001'}"}`,
        '{"a":1}{"b":2}',
        '\u0000',
      ];
      let broken = pick(variants, m);
      if (isValidJson(broken)) broken = '{"a":';
      d.bytes = Buffer.from(broken, 'utf8');
      d.contentType = JSON_TYPE;
      return `invalid JSON ${JSON.stringify(broken.slice(0, 40))}`;
    },
  },
  'body.escaped-proto-key': {
    applies: (op) => parsesBody(op) && !hasCsvBody(op),
    weight: 1,
    apply: (d, n) => {
      ensureJsonBody(d);
      const key = pick(['\\u005f\\u005fproto\\u005f\\u005f', '__pro\\u0074o__', 'constructo\\u0072'], n);
      const text = (bytesOf(d) as Buffer).toString('utf8');
      const inner = text.startsWith('{') && text !== '{}' ? text.slice(1) : '}';
      d.bytes = Buffer.from(`{"${key}":{"prototype":{"polluted":true},"polluted":true},${inner}`.replace(',}', '}'), 'utf8');
      d.contentType = JSON_TYPE;
      return `escaped key "${key}"`;
    },
  },
  'body.broken-utf8': {
    applies: parsesBody,
    weight: 3,
    apply: (d, n, m) => {
      if (hasCsvBody(d.op)) d.csv ??= validCsv(2);
      else ensureJsonBody(d);
      const bytes = bytesOf(d) as Buffer;
      const quotes = [...bytes.entries()].filter(([, b]) => b === 0x22).map(([i]) => i);
      const at = quotes.length > 0 ? pick(quotes, n) + 1 : Math.min(1, bytes.length);
      const bad = Buffer.from(pick(BROKEN_UTF8, m));
      d.bytes = Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]);
      return `invalid UTF-8 ${bad.toString('hex')} at byte ${at}`;
    },
  },
  'body.wrong-content-type': {
    applies: parsesBody,
    weight: 2,
    apply: (d, n) => {
      // A route with no body schema ignores a body of a type the plugin parses (JSON, CSV): only types it cannot parse are refused there.
      const types = hasCsvBody(d.op)
        ? [...WRONG_CONTENT_TYPES, JSON_TYPE]
        : hasJsonBody(d.op)
          ? [...WRONG_CONTENT_TYPES, CSV_TYPE]
          : WRONG_CONTENT_TYPES;
      if ((bytesOf(d)?.length ?? 0) === 0) d.bytes = Buffer.from(hasCsvBody(d.op) ? validCsv(1) : '{}');
      d.contentType = pick(types, n);
      return `content-type ${JSON.stringify(d.contentType)}`;
    },
  },
  'body.empty-json': {
    applies: (op) => parsesBody(op) && !hasCsvBody(op),
    weight: 1,
    apply: (d) => {
      d.bytes = Buffer.alloc(0);
      d.contentType = JSON_TYPE;
      return 'JSON content type, empty body';
    },
  },
  'body.too-large': {
    applies: parsesBody,
    weight: 1,
    apply: (d, n) => {
      if (hasCsvBody(d.op)) {
        d.csv = `${validCsv(1)}\n${'x'.repeat(1024 * 1024 + (n % 1000))}`;
        d.bytes = undefined;
        d.contentType ??= CSV_TYPE;
        return 'CSV over 1 MiB';
      }
      d.bytes = Buffer.from(`{"name":"${'x'.repeat(1024 * 1024 + (n % 1000))}"}`);
      d.contentType = JSON_TYPE;
      return 'JSON over 1 MiB';
    },
  },
  'csv.bad-row': {
    applies: hasCsvBody,
    weight: 6,
    apply: (d, n, m) => {
      const [label, row] = pick(BAD_CSV_ROWS, m);
      const rows = validCsv(1 + (n % 4)).split('\n');
      rows.splice(1 + (n % (rows.length - 1)), 0, row);
      d.csv = rows.join('\n');
      d.bytes = undefined;
      d.contentType = CSV_TYPE;
      return `CSV ${label}`;
    },
  },
  'path.bad-chars': {
    applies: (op) => op.pathParams.length > 0,
    weight: 2,
    apply: (d, n, m) => {
      const param = pick(d.op.pathParams, n);
      const text = pick(
        HOSTILE_TEXTS.filter((t) => paramIsBroken(param, t)),
        m,
      );
      d.params[param.name] = encode(text);
      return `path {${param.name}} = ${JSON.stringify(text)}`;
    },
  },
  'path.too-long': {
    applies: (op) => op.pathParams.length > 0,
    weight: 1,
    apply: (d, n, m) => {
      const param = pick(d.op.pathParams, n);
      const length = pick([(param.schema.maxLength ?? 64) + 1, 101, 1000, 10_000], m);
      d.params[param.name] = (param.name === 'barcode' ? '9' : 'a').repeat(length);
      return `path {${param.name}} of ${length} characters`;
    },
  },
  'path.bad-percent': {
    applies: (op) => op.pathParams.length > 0,
    weight: 1,
    apply: (d, n, m) => {
      const param = pick(d.op.pathParams, n);
      d.params[param.name] = pick(MALFORMED_PERCENT, m);
      return `path {${param.name}} = ${d.params[param.name]}`;
    },
  },
  'path.unknown': {
    applies: (op) => op.pathParams.some((p, i) => !(op.method === 'PUT' && i === op.pathParams.length - 1)),
    weight: 2,
    apply: (d, n) => {
      const params = d.op.pathParams.filter((p, i) => !(d.op.method === 'PUT' && i === d.op.pathParams.length - 1));
      const param = pick(params, n);
      d.params[param.name] = unknownValue(param.name, n);
      return `path {${param.name}} names nothing (${d.params[param.name]})`;
    },
  },
  'query.unknown-key': {
    applies: (op) => op.queryParams.length > 0,
    weight: 2,
    apply: (d, n, m) => {
      const known = d.op.queryParams.map((p) => p.name);
      const key = pick(
        [
          '__proto__',
          'constructor',
          'prototype',
          'debug',
          'admin',
          'limit[]',
          'status[0]',
          'toString',
          'hasOwnProperty',
          '$where',
          'a.b',
        ].filter((k) => !known.includes(k)),
        n,
      );
      d.query.push([encode(key), encode(pick(['1', 'true', '{"$gt":""}', 'x'.repeat(1000)], m))]);
      return `query ${key}=…`;
    },
  },
  'query.repeated': {
    applies: (op) => op.queryParams.length > 0,
    weight: 1,
    apply: (d, n) => {
      const param = pick(d.op.queryParams, n);
      const value = d.query.find(([k]) => k === param.name)?.[1] ?? encode(someValid(param.schema));
      d.query = d.query.filter(([k]) => k !== param.name);
      d.query.push([param.name, value], [param.name, value]);
      return `query ${param.name} given twice`;
    },
  },
  'query.bad-value': {
    applies: (op) => op.queryParams.some((p) => badQueryValues(p.schema).length > 0),
    weight: 2,
    apply: (d, n, m) => {
      const param = pick(
        d.op.queryParams.filter((p) => badQueryValues(p.schema).length > 0),
        n,
      );
      const value = pick(badQueryValues(param.schema), m);
      d.query = d.query.filter(([k]) => k !== param.name);
      d.query.push([param.name, encode(value)]);
      return `query ${param.name}=${JSON.stringify(value.slice(0, 40))}`;
    },
  },
  'query.missing-required': {
    applies: (op) => op.queryParams.some((p) => p.required),
    weight: 1,
    apply: (d, n) => {
      const param = pick(
        d.op.queryParams.filter((p) => p.required),
        n,
      );
      d.query = d.query.filter(([k]) => k !== param.name);
      return `query without ${param.name}`;
    },
  },
  'auth.none': {
    applies: (op) => op.security === 'bearer',
    weight: 2,
    apply: (d) => {
      delete d.headers['authorization'];
      return 'no Authorization';
    },
  },
  'auth.junk': {
    applies: (op) => op.security === 'bearer',
    weight: 3,
    apply: (d, n, _m, ctx) => {
      d.headers['authorization'] = pick(junkAuthorizations(ctx.world), n);
      return `Authorization ${JSON.stringify(d.headers['authorization'].slice(0, 40))}`;
    },
  },
  'auth.revoked': {
    applies: (op) => op.security === 'bearer',
    weight: 1,
    apply: (d, _n, _m, ctx) => {
      d.headers['authorization'] = `Bearer ${ctx.world.a.revoked ?? 'x'}`;
      return 'a signed-out session';
    },
  },
  'customer.none': {
    applies: (op) => op.security === 'customerToken',
    weight: 1,
    apply: (d) => {
      delete d.headers['x-customer-token'];
      return 'no X-Customer-Token';
    },
  },
  'customer.junk': {
    applies: (op) => op.security === 'customerToken',
    weight: 2,
    apply: (d, n, _m, ctx) => {
      const tokens = liveTransactions(ctx.world).map((t) => t.customerToken as string);
      const real = pick(tokens, n);
      const junk = [
        ...HEADER_JUNK,
        `${real}x`,
        real.slice(0, -1),
        `x${real}`,
        `${ctx.world.a.id}.${'0'.repeat(40)}`,
        real.replace('.', ''),
        'x'.repeat(513),
        ctx.world.a.clerk,
        FUZZ_ADMIN_TOKEN,
      ];
      d.headers['x-customer-token'] = pick(junk, n >> 3);
      return `X-Customer-Token ${JSON.stringify(d.headers['x-customer-token'].slice(0, 40))}`;
    },
  },
  'customer.other-transaction': {
    applies: (op) => op.security === 'customerToken' && op.pathParams.some((p) => p.name === 'id'),
    weight: 2,
    apply: (d, n, m, ctx) => {
      const live = liveTransactions(ctx.world);
      const holder = pick(live, n);
      const other = pick(
        [...ctx.world.a.transactions, ...ctx.world.b.transactions].filter((t) => t.id !== holder.id),
        m,
      );
      d.headers['x-customer-token'] = holder.customerToken as string;
      d.params['id'] = other.id;
      return `the token of ${holder.status} ${holder.id} on ${other.status} ${other.id}`;
    },
  },
  'method.other': {
    applies: () => true,
    weight: 1,
    apply: (d, n) => {
      d.method = pick(
        ALL_METHODS.filter((m) => !d.op.methodsOfPath.includes(m)),
        n,
      );
      return `method ${d.method}`;
    },
  },
  'idempotency.hostile-key': {
    applies: idempotent,
    weight: 1,
    apply: (d, n) => {
      d.headers['idempotency-key'] = pick(HOSTILE_IDEMPOTENCY_KEYS, n);
      return `Idempotency-Key ${JSON.stringify(d.headers['idempotency-key'].slice(0, 20))} (${d.headers['idempotency-key'].length} chars)`;
    },
  },
  semantic: {
    applies: (op) => SEMANTIC[op.key] !== undefined,
    weight: 6,
    apply: (d, n, m, ctx) => {
      const cases = SEMANTIC[d.op.key] ?? [];
      return pick(cases, n)(d, m, ctx);
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Noise: oddities a request may carry that need not be refused by themselves.
// ---------------------------------------------------------------------------------------------

const NOISE: Readonly<Record<string, Kind>> = {
  'query-junk': {
    applies: () => true,
    weight: 2,
    apply: (d, n, m) => {
      const key = pick(['x', 'debug', '__proto__', 'constructor', 'a[]', 'x[y]', 'toString', 'callback', 'format', ''], n);
      const value = pick(['1', '', '%zz', 'x'.repeat(1000), encode('日本'), encode('<script>'), encode('a&b=c'), '%00'], m);
      d.query.push([key, value], ...(m % 3 === 0 ? [[key, value] as [string, string]] : []));
      return `query ${key}=${value.slice(0, 12)}`;
    },
  },
  'idempotency-key': {
    applies: (op) => MUTATING.has(op.method),
    weight: 2,
    apply: (d, n) => {
      d.headers['idempotency-key'] = n % 3 === 0 ? pick(HOSTILE_IDEMPOTENCY_KEYS, n) : `fuzz-${n.toString(36)}`;
      return 'Idempotency-Key';
    },
  },
  'customer-token': {
    applies: (op) => op.security !== 'customerToken',
    weight: 1,
    apply: (d, n) => {
      d.headers['x-customer-token'] = pick(HEADER_JUNK, n);
      return 'X-Customer-Token junk';
    },
  },
  authorization: {
    applies: (op) => op.security !== 'bearer',
    weight: 1,
    apply: (d, n, _m, ctx) => {
      d.headers['authorization'] = pick(junkAuthorizations(ctx.world), n);
      return 'Authorization junk';
    },
  },
  headers: {
    applies: () => true,
    weight: 2,
    apply: (d, n, m) => {
      const name = pick(
        ['accept', 'x-forwarded-for', 'last-event-id', 'user-agent', 'cookie', 'x-http-method-override', 'origin', 'referer'],
        n,
      );
      d.headers[name] = pick([...HEADER_JUNK, 'text/csv', 'DELETE', '127.0.0.1, ::1', 'https://evil.example'], m);
      return `${name} junk`;
    },
  },
  'json-charset': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n) => {
      if (d.body === undefined) return null;
      d.contentType = pick(
        ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset="UTF-8"', 'application/json; x=y'],
        n,
      );
      return `content-type ${d.contentType}`;
    },
  },
  'odd-number': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n, m) => {
      if (d.body === undefined) return null;
      const sites = sitesOf(d.body, jsonSchemaOf(d.op)).filter((s) => typesOf(s.schema).includes('integer'));
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      d.body = replaceAt(d.body, site.path, Raw.text(pick(ODD_VALID_NUMBER_LITERALS, m))) ?? {};
      return 'odd number literal';
    },
  },
  'other-tenant': {
    applies: (op) => op.pathParams.some((p) => p.name === 'store' || p.name === 'id'),
    weight: 1,
    apply: (d, n, _m, ctx) => {
      if ('store' in d.params && n % 2 === 0) d.params['store'] = 'fuzz-b';
      else if ('id' in d.params) d.params['id'] = pick(ctx.world.b.transactions, n).id;
      else return null;
      return 'the other store';
    },
  },
  'body-on-read': {
    applies: (op) => !MUTATING.has(op.method),
    weight: 1,
    apply: (d, n) => {
      d.bytes = Buffer.from(pick(['{"__proto__":{"polluted":true}}', '{"a":', 'x'.repeat(100_000), '{}'], n));
      d.contentType = pick([JSON_TYPE, 'text/plain'], n >> 2);
      return 'a body on a read';
    },
  },
  'unicode-text': {
    applies: hasJsonBody,
    weight: 1,
    apply: (d, n, m) => {
      if (d.body === undefined) return null;
      const sites = sitesOf(d.body, jsonSchemaOf(d.op)).filter((s) => typeof s.value === 'string' && s.schema?.pattern === undefined);
      if (sites.length === 0) return null;
      const site = pick(sites, n);
      d.body = replaceAt(d.body, site.path, pick(['\u202eevil', 'e\u0301', '\u200b', '😀👨‍👩‍👧', 'ｆｕｌｌ', '\ud83d', 'Ω≈ç√'], m)) ?? {};
      return 'unicode text';
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Values from the world.
// ---------------------------------------------------------------------------------------------

function junkAuthorizations(world: FuzzWorld): string[] {
  const clerk = world.a.clerk;
  const customer = liveTransactions(world)[0]?.customerToken ?? 'x.y';
  return [
    ...HEADER_JUNK.filter((h) => h !== ''),
    'Bearer',
    'Bearer ',
    'Basic Y2xlcms6Y2xlcms=',
    `Token ${clerk}`,
    clerk,
    `Bearer ${clerk}x`,
    `Bearer x${clerk}`,
    `Bearer ${clerk.slice(0, -1)}`,
    `Bearer ${world.a.id}.${'A'.repeat(43)}`,
    `Bearer ${FUZZ_ADMIN_TOKEN}x`,
    `Bearer ${FUZZ_ADMIN_TOKEN.slice(1)}`,
    `Bearer ${'x'.repeat(10_000)}`,
    `Bearer\t${clerk}`,
    `Bearer ${clerk} ${clerk}`,
    'Bearer null',
    'Bearer undefined',
    `Bearer ${customer}`,
    'Bearer ../../etc/passwd',
    `Bearer ${world.b.clerk}x`,
    `Bearer ${clerk.replace('.', '..')}`,
  ];
}

function unknownValue(name: string, n: number): string {
  switch (name) {
    case 'store':
      return `no-store-${n.toString(36)}`;
    case 'counter':
      return `Z${n.toString(36)}`;
    case 'barcode':
      return pick(['4901234567801', '4006381333931', '12345670'], n);
    default:
      return uuidOf(n);
  }
}

function badQueryValues(schema: Schema): string[] {
  const values: string[] = [];
  if (typesOf(schema).includes('integer')) {
    values.push('abc', 'NaN', 'Infinity', '1.5', '1e400', '', 'true', '0x1g');
    if (schema.minimum !== undefined) values.push(String(schema.minimum - 1), '-1');
    if (schema.maximum !== undefined) values.push(String(schema.maximum + 1), '1e20');
    return values;
  }
  // A URL cannot carry an unpaired surrogate: its UTF-8 bytes do not decode, and stay as text.
  const urlSafe = (text: string) => !/[\uD800-\uDFFF]/.test(text);
  return typesOf(schema).includes('string') ? Array.from({ length: 16 }, (_, i) => badString(schema, i)).filter(urlSafe) : [];
}

/** A value the schema accepts, for a parameter the request did not carry. */
function someValid(schema: Schema): string {
  if (schema.enum !== undefined) return String(schema.enum[0]);
  if (schema.format === 'date') return '2026-11-21';
  if (typesOf(schema).includes('integer')) return String(schema.minimum ?? 1);
  return 'C11';
}

const isValidJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

function validCsv(rows: number): string {
  const lines = ['customerName,customerRef,description,amount,dueAt'];
  for (let i = 1; i <= rows; i++) lines.push(`Customer ${i},C-${i},Rice ${i}kg,${1000 * i},2026-11-23T10:00:00+09:00`);
  return lines.join('\n');
}

/** Rows a schedule import must refuse, each with the reason. */
const BAD_CSV_ROWS: readonly (readonly [string, string])[] = [
  ['negative amount', 'Bad,B-1,x,-5,2026-11-23T10:00:00+09:00'],
  ['fractional amount', 'Bad,B-1,x,12.5,2026-11-23T10:00:00+09:00'],
  ['amount 1e3', 'Bad,B-1,x,1e3,2026-11-23T10:00:00+09:00'],
  ['amount over 10^12 (13 digits)', 'Bad,B-1,x,9999999999999,2026-11-23T10:00:00+09:00'],
  ['amount 10^12 + 1', 'Bad,B-1,x,1000000000001,2026-11-23T10:00:00+09:00'],
  ['amount 2^53 + 1', 'Bad,B-1,x,9007199254740993,2026-11-23T10:00:00+09:00'],
  ['amount 1e20', 'Bad,B-1,x,100000000000000000000,2026-11-23T10:00:00+09:00'],
  ['zero amount', 'Bad,B-1,x,0,2026-11-23T10:00:00+09:00'],
  ['no amount', 'Bad,B-1,x,,2026-11-23T10:00:00+09:00'],
  ['amount NaN', 'Bad,B-1,x,NaN,2026-11-23T10:00:00+09:00'],
  ['dueAt not a date', 'Bad,B-1,x,100,tomorrow'],
  ['dueAt out of range', 'Bad,B-1,x,100,2026-13-45T99:99+09:00'],
  ['dueAt without time', 'Bad,B-1,x,100,2026-11-23'],
  ['dueAt on 30 February', 'Bad,B-1,x,100,2026-02-30T10:00:00+09:00'],
  ['dueAt at 24:00', 'Bad,B-1,x,100,2026-11-23T24:00+09:00'],
  ['no customer name', ',B-1,x,100,2026-11-23T10:00:00+09:00'],
  ['an extra column', 'Bad,B-1,x,100,2026-11-23T10:00:00+09:00,JPY,extra'],
  ['an unbalanced quote', '"Bad,B-1,x,100,2026-11-23T10:00:00+09:00'],
  ['a 5000-character name', `${'x'.repeat(5000)},B-1,x,100,2026-11-23T10:00:00+09:00`],
];

// ---------------------------------------------------------------------------------------------
// The arbitrary.
// ---------------------------------------------------------------------------------------------

interface Choice {
  readonly kind: string;
  readonly n: number;
  readonly m: number;
}

const choice = (kinds: Readonly<Record<string, Kind>>, op: Operation): fc.Arbitrary<Choice> => {
  const applicable = Object.entries(kinds).filter(([, k]) => k.applies(op));
  return fc.oneof(
    ...applicable.map(([kind, k]) => ({
      arbitrary: fc.record({ kind: fc.constant(kind), n: fc.nat(), m: fc.nat() }),
      weight: k.weight,
    })),
  );
};

/** A credential the request may carry, and the kind of route it fits. */
interface Credential {
  readonly name: string;
  readonly fits: Operation['security'];
  readonly apply: (d: Draft, m: number) => void;
}

/** Who the request claims to be: nobody, the administrator, staff of either store, an API key, or a phone holding a live transaction. */
function credentials(world: FuzzWorld): readonly Credential[] {
  const bearer = (name: string, token: string | null): Credential => ({
    name,
    fits: 'bearer',
    apply: (d) => {
      if (token !== null) d.headers['authorization'] = `Bearer ${token}`;
    },
  });
  return [
    { name: 'none', fits: null, apply: () => undefined },
    bearer('admin', FUZZ_ADMIN_TOKEN),
    bearer('clerk', world.a.clerk),
    bearer('manager', world.a.manager),
    bearer('api key', world.a.apiKey),
    bearer('clerk of fuzz-b', world.b.clerk),
    ...liveTransactions(world).map((tx): Credential => ({
      name: `phone of ${tx.status}`,
      fits: 'customerToken',
      apply: (d, m) => {
        d.headers['x-customer-token'] = tx.customerToken as string;
        if ('id' in d.params && d.op.security === 'customerToken' && m % 4 !== 0) d.params['id'] = tx.id;
      },
    })),
  ];
}

/** Mostly a credential of the kind the route wants (so requests get past the guard), sometimes any other. */
function credentialIndex(op: Operation, who: readonly Credential[]): fc.Arbitrary<number> {
  return fc.oneof(...who.map((c, i) => ({ arbitrary: fc.constant(i), weight: c.fits === op.security ? 8 : 1 })));
}

function paramArbitrary(param: Parameter, op: Operation, world: FuzzWorld): fc.Arbitrary<string> {
  switch (param.name) {
    case 'store':
      return fc.constantFrom('fuzz-a', 'fuzz-a', 'fuzz-a', 'fuzz-b');
    case 'counter':
      return fc.constantFrom(...world.a.counters);
    case 'barcode':
      return fc.constantFrom(...world.barcodes);
    case 'id':
      return fc.constantFrom(...idsOfPath(op, world));
    default:
      return validQueryValue(param.schema, {}, param.name).map(encode);
  }
}

/**
 * Hostile requests for one operation of the document. Each starts as a request the schema
 * accepts (real names, ids and credentials of the seeded world, so it gets past the guards),
 * picks up noise, and then one decisive defect — malformed or mistyped body, hostile amount,
 * polluting key, deep nesting, 1 MiB string, broken UTF-8, wrong content type, bad path or query,
 * junk credential, wrong method, or a request the use case must refuse — so that the server has
 * to refuse it and nothing may change. Reads other than the portal (which claims) and the event
 * streams (which would stay open) are sent without a decisive defect half of the time.
 */
export function hostileRequests(op: Operation, ctx: GeneratorContext): fc.Arbitrary<HostileRequest> {
  const { world, hints } = ctx;
  const jsonSchema = parsesBody(op) ? jsonSchemaOf(op) : undefined;
  const mustRefuse = MUTATING.has(op.method) || op.streams || CLAIMING_GETS.has(op.key);
  const who = credentials(world);
  const decisive = choice(DEFECTS, op);
  return fc
    .record({
      credential: credentialIndex(op, who),
      credentialDetail: fc.nat(),
      params: fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, paramArbitrary(p, op, world)]))),
      query: fc.tuple(...op.queryParams.map((p) => fc.option(validQueryValue(p.schema, hints, p.name), { freq: p.required ? 1000 : 2 }))),
      body: jsonSchema === undefined ? fc.constant(undefined) : fc.option(validValue(jsonSchema, hints), { freq: 8 }),
      noise: fc.array(choice(NOISE, op), { maxLength: 3 }),
      decisive: mustRefuse ? decisive : fc.option(decisive, { freq: 2 }),
    })
    .map((parts) => {
      const draft: Draft = {
        op,
        method: op.method,
        params: { ...(parts.params as Record<string, string>) },
        query: op.queryParams.flatMap((p, i) => {
          const value = parts.query[i];
          return value === null || value === undefined ? [] : [[p.name, encode(value)] as [string, string]];
        }),
        headers: {},
        body: parts.body ?? undefined,
        csv: hasCsvBody(op) ? validCsv(2) : undefined,
        bytes: undefined,
        contentType: undefined,
        credential: '',
      };
      if (draft.body !== undefined) draft.contentType = JSON_TYPE;
      if (draft.csv !== undefined) draft.contentType = CSV_TYPE;
      const credential = who[parts.credential] as Credential;
      draft.credential = credential.name;
      credential.apply(draft, parts.credentialDetail);
      const noise = parts.noise.flatMap((c) => NOISE[c.kind]?.apply(draft, c.n, c.m, ctx) ?? []);
      let refusal: string | null = null;
      if (parts.decisive !== null) {
        const kind = DEFECTS[parts.decisive.kind] as Kind;
        refusal = kind.apply(draft, parts.decisive.n, parts.decisive.m, ctx);
        if (refusal !== null) refusal = `${parts.decisive.kind}: ${refusal}`;
        else refusal = `method.other: ${(DEFECTS['method.other'] as Kind).apply(draft, parts.decisive.n, 0, ctx) ?? ''}`;
      }
      return finish(draft, refusal, noise);
    });
}

function finish(d: Draft, decisive: string | null, noise: readonly string[]): HostileRequest {
  let path = d.op.path;
  for (const [name, value] of Object.entries(d.params)) path = path.replace(`{${name}}`, value);
  const query = d.query.map(([k, v]) => `${k}=${v}`).join('&');
  const payload = bytesOf(d);
  const headers = { ...d.headers };
  if (d.contentType !== undefined && payload !== undefined) headers['content-type'] = d.contentType;
  const request: HostileRequest = {
    op: d.op.key,
    method: d.method,
    url: query.length > 0 ? `${path}?${query}` : path,
    headers,
    payload,
    credential: d.credential,
    decisive,
    noise,
  };
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

/** Field values from the seeded world (and the test cards), so that generated bodies name real things. */
export function worldHints(world: FuzzWorld): Hints {
  const captured = world.a.transactions.flatMap((t) => (t.processingNumber === null ? [] : [t.processingNumber]));
  return {
    currency: fc.constantFrom('JPY', 'JPY', 'JPY', 'USD'),
    value: fc.integer({ min: 1, max: 100_000 }),
    counter: fc.constantFrom(...world.a.counters),
    store: fc.constantFrom('fuzz-a', 'fuzz-b'),
    code: fc.constantFrom('fuzz-a', 'new-store'),
    username: fc.constantFrom(...world.usernames),
    barcode: fc.constantFrom(...world.barcodes, '4901234567890'),
    quantity: fc.integer({ min: 1, max: 5 }),
    scheduleEntryId: fc.constantFrom(...world.scheduleEntryIds),
    processingNumber: captured.length === 0 ? fc.constant('000000000001') : fc.constantFrom(...captured),
    number: fc.constantFrom(
      '4242424242424242',
      '4242 4242 4242 4242',
      '5555-5555-5555-4444',
      '4000000000000002',
      '4000000000000127',
      '1234567812345678',
    ),
    expMonth: fc.integer({ min: 1, max: 12 }),
    expYear: fc.constantFrom(2030, 30, 2020, 2099),
    cvc: fc.constantFrom('123', '1234'),
    type: fc.constantFrom('card', 'card', 'debit', 'bank_transfer'),
    timezone: fc.constantFrom('Asia/Tokyo', 'UTC', 'Not/AZone'),
    dueAt: fc.constantFrom('2026-11-23T10:00:00+09:00', '2026-11-21T00:00:00Z'),
  };
}
