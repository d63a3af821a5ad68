import { ADMIN_TOKEN } from './processes';

/** A parsed JSON body; tests read the fields they assert on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertion helpers read arbitrary JSON
export type Json = any;

/** An answer of a server. */
export interface Reply {
  readonly status: number;
  readonly body: Json;
  readonly replayed: boolean;
}

/** A request to a server. */
export interface Ask {
  /** Staff or admin bearer token. */
  readonly token?: string;
  readonly customer?: string;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly timeoutMs?: number;
}

/** The server gave no answer: connection refused, reset or closed, or no answer in time. */
export class NoAnswer extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${method} ${path}: no answer (${reason})`);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = cause !== null && typeof cause === 'object' && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

/** Sends one request to `base`; throws {@link NoAnswer} when the server does not answer. */
export async function call(base: string, method: string, path: string, ask: Ask = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ask.token !== undefined) headers['authorization'] = `Bearer ${ask.token}`;
  if (ask.customer !== undefined) headers['x-customer-token'] = ask.customer;
  if (ask.idempotencyKey !== undefined) headers['idempotency-key'] = ask.idempotencyKey;
  if (ask.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(ask.body === undefined ? {} : { body: JSON.stringify(ask.body) }),
      signal: AbortSignal.timeout(ask.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    throw new NoAnswer(method, path, reasonOf(error));
  }
  return { status: response.status, body: parsed(text), replayed: response.headers.get('idempotent-replayed') === 'true' };
}

function parsed(text: string): Json {
  try {
    return text.length === 0 ? null : JSON.parse(text);
  } catch {
    return text;
  }
}

/** Calls and insists on a 2xx answer (set-up steps); `409` too when `existing` says it may already be done. */
export async function must(base: string, method: string, path: string, ask: Ask = {}, existing = false): Promise<Json> {
  const reply = await call(base, method, path, ask);
  if (existing && reply.status === 409) return reply.body;
  if (reply.status < 200 || reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** A test card as the customer types it. */
export function card(number: string) {
  return {
    number,
    expMonth: 12,
    expYear: new Date().getUTCFullYear() + 4,
    cvc: number.startsWith('37') ? '1234' : '123',
    holderName: 'HANAKO YAMADA',
  };
}

/** Signs in; answers the session token. */
export async function login(base: string, store: string, username: string, password: string): Promise<string> {
  return (await must(base, 'POST', '/api/v1/auth/login', { body: { store, username, password } })).token as string;
}

/**
 * Opens a store with counters and a clerk through the admin API (or adds counters to an existing
 * store). Safe to repeat: what already exists (`409`) is left as it is.
 */
export async function setUpStore(
  base: string,
  store: {
    code: string;
    capturePolicy?: 'manual' | 'auto';
    create: boolean;
    counters: readonly string[];
    clerk?: { username: string; password: string };
  },
): Promise<{ id: string; code: string }> {
  const admin = { token: ADMIN_TOKEN };
  if (store.create) {
    await must(
      base,
      'POST',
      '/api/v1/stores',
      {
        ...admin,
        body: {
          code: store.code,
          name: `Store ${store.code}`,
          currency: 'JPY',
          timezone: 'Asia/Tokyo',
          capturePolicy: store.capturePolicy ?? 'manual',
        },
      },
      true,
    );
  }
  for (const name of store.counters) {
    await must(
      base,
      'POST',
      `/api/v1/stores/${store.code}/counters`,
      { ...admin, body: { name, kind: 'salesperson', label: `Counter ${name}` } },
      true,
    );
  }
  if (store.clerk !== undefined) {
    await must(
      base,
      'POST',
      `/api/v1/stores/${store.code}/staff`,
      {
        ...admin,
        body: { username: store.clerk.username, password: store.clerk.password, name: 'Chaos clerk', role: 'clerk' },
      },
      true,
    );
  }
  const read = await must(base, 'GET', `/api/v1/stores/${store.code}`, admin);
  return { id: read.id as string, code: store.code };
}
