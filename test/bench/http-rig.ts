import { randomUUID } from 'node:crypto';

/** An answer of the API, parsed. */
export interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bench reads a few fields of arbitrary JSON
  readonly body: any;
}

/** A request of the bench's own set-up and checks (not the load: that is autocannon's). */
export interface Call {
  readonly token?: string;
  readonly customer?: string;
  readonly body?: unknown;
}

/** Calls the API as the pages do: JSON, and a fresh `Idempotency-Key` on every mutating request. */
export async function call(base: string, method: string, path: string, ask: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (ask.token !== undefined) headers['authorization'] = `Bearer ${ask.token}`;
  if (ask.customer !== undefined) headers['x-customer-token'] = ask.customer;
  if (ask.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['idempotency-key'] = randomUUID();
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(ask.body === undefined ? {} : { body: JSON.stringify(ask.body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text.length === 0 ? null : (JSON.parse(text) as unknown) };
}

/** Throws unless the answer is a success. */
export function ok(answer: Answer, what: string): Answer {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

/** The test card of the mock network that is always authorized. */
export const BENCH_CARD = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'BENCH CLIENT' };
/** The amount of every benchmark transaction. */
export const BENCH_AMOUNT = { value: 1200, currency: 'JPY' };

const PASSWORD = 'bench-clerk-password';

/** A store opened through the admin API, with a clerk who can sign in. */
export interface StoreRig {
  readonly base: string;
  readonly code: string;
  readonly id: string;
  /** Adds `n` counters named `<prefix><i>` and returns their names. */
  counters(prefix: string, n: number): Promise<string[]>;
  /** Signs the clerk in `n` times (one session per client); returns the tokens and each login's time in ms. */
  logins(n: number): Promise<{ tokens: string[]; ms: number[] }>;
}

/** Opens store `code` (JPY, manual capture) with a clerk, through the admin API of the server at `base`. */
export async function openStoreRig(base: string, adminToken: string, code = 'bench'): Promise<StoreRig> {
  const admin = { token: adminToken };
  const store = ok(
    await call(base, 'POST', '/api/v1/stores', {
      ...admin,
      body: { code, name: 'Bench store', currency: 'JPY', timezone: 'Asia/Tokyo', capturePolicy: 'manual' },
    }),
    'open store',
  ).body as { id: string };
  ok(
    await call(base, 'POST', `/api/v1/stores/${code}/staff`, {
      ...admin,
      body: { username: 'clerk', password: PASSWORD, name: 'Bench clerk', role: 'clerk' },
    }),
    'add clerk',
  );
  return {
    base,
    code,
    id: store.id,
    async counters(prefix, n) {
      const names = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
      for (let i = 0; i < names.length; i += 8) {
        await Promise.all(
          names
            .slice(i, i + 8)
            .map(async (name) =>
              ok(
                await call(base, 'POST', `/api/v1/stores/${code}/counters`, { ...admin, body: { name, kind: 'salesperson' } }),
                `counter ${name}`,
              ),
            ),
        );
      }
      return names;
    },
    async logins(n) {
      const tokens: string[] = [];
      const ms: number[] = [];
      // scrypt takes 32 MiB and ~100 ms per login: a few at a time.
      for (let i = 0; i < n; i += 4) {
        await Promise.all(
          Array.from({ length: Math.min(4, n - i) }, async () => {
            const started = performance.now();
            const session = ok(
              await call(base, 'POST', '/api/v1/auth/login', { body: { store: code, username: 'clerk', password: PASSWORD } }),
              'login',
            );
            ms.push(performance.now() - started);
            tokens.push((session.body as { token: string }).token);
          }),
        );
      }
      return { tokens, ms };
    },
  };
}

/** Fetches the bench server's counters and memory. */
export async function serverStats(base: string): Promise<{ commits: number; roundTrips: number; rss: number; heapUsed: number }> {
  return ok(await call(base, 'GET', '/__bench/stats'), 'stats').body as {
    commits: number;
    roundTrips: number;
    rss: number;
    heapUsed: number;
  };
}
