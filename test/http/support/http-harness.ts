import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { counterpayFrameworkErrors, counterpayHttp, counterpayLoggerOptions, type RateLimits } from '@counterpay/adapters-http';
import { Counterpay, Sha256SecretHasher, type EventStream, type RateCounter } from '@counterpay/core';
import {
  InMemoryAccessTokenStore,
  InMemoryIdempotencyStore,
  InMemoryUnitOfWork,
  ManualClock,
  SeededIdGenerator,
} from '@counterpay/core/testing';
import Fastify, { type FastifyInstance } from 'fastify';

/** The administrator token of every harness. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Cheap scrypt for tests (the format and the check are the same as in production). */
export const TEST_PASSWORD_COST = { N: 1024 } as const;

/** A parsed JSON body; tests read fields they assert on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertion helpers read arbitrary JSON
export type Json = any;

/** An answer of the API. */
export interface Answer {
  readonly status: number;
  readonly body: Json;
  readonly text: string;
  readonly headers: Record<string, string | string[] | number | undefined>;
}

/** A request to the API. */
export interface Ask {
  readonly token?: string;
  readonly customer?: string;
  readonly body?: unknown;
  /** A raw body sent as is (with `contentType`). */
  readonly raw?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** A store set up through the admin API, with a signed-in clerk and manager. */
export interface TestStore {
  readonly code: string;
  readonly id: string;
  readonly clerk: string;
  readonly manager: string;
}

/** counterpay over HTTP on in-memory persistence and the mock card network. */
export interface HttpHarness {
  readonly app: FastifyInstance;
  readonly cp: Counterpay;
  readonly uow: InMemoryUnitOfWork;
  readonly network: MockCardNetwork;
  readonly clock: ManualClock;
  readonly accessTokens: InMemoryAccessTokenStore;
  /** Every log line the server wrote. */
  readonly logs: string[];
  /** Event subscriptions open now (SSE streams hold one each). */
  activeSubscriptions(): number;
  /** The main test store (counters C11, C12, R1). */
  readonly store: TestStore;
  call(method: string, url: string, ask?: Ask): Promise<Answer>;
  /** A call under `/api/v1/stores/{store}` with the clerk's token (or `ask.token`). */
  staff(method: string, path: string, ask?: Ask): Promise<Answer>;
  /** Sets up another store through the API. */
  addStore(code: string, options?: { capturePolicy?: 'manual' | 'auto' }): Promise<TestStore>;
  close(): Promise<void>;
}

/** Options of {@link createHttpHarness}. */
export interface HarnessOptions {
  readonly capturePolicy?: 'manual' | 'auto';
  readonly rateLimits?: RateLimits | false;
  /** Where the rate limits count (shared by harnesses given the same counter); default the app's memory. */
  readonly rateCounter?: RateCounter;
  readonly sseHeartbeatMs?: number;
  readonly logLevel?: string;
  readonly seed?: number;
}

function jsonOf(text: string): Json {
  try {
    return text.length === 0 ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function answerOf(response: { statusCode: number; body: string; headers: Answer['headers'] }): Answer {
  return { status: response.statusCode, body: jsonOf(response.body), text: response.body, headers: response.headers };
}

/** Builds the app, opens a JPY store with counters C11, C12 (salesperson) and R1 (route), and signs in a clerk and a manager. */
export async function createHttpHarness(options: HarnessOptions = {}): Promise<HttpHarness> {
  const clock = new ManualClock('2026-11-21T03:00:00Z');
  const network = new MockCardNetwork({ clock: () => clock.now() });
  const uow = new InMemoryUnitOfWork();
  const cp = new Counterpay({
    uow,
    posLookup: uow.posLookup(),
    gateway: new MockSettlementGateway(network),
    clock,
    ids: new SeededIdGenerator(options.seed ?? 7),
    hasher: new Sha256SecretHasher(),
  });
  const logs: string[] = [];
  const accessTokens = new InMemoryAccessTokenStore();
  const { events, active: activeSubscriptions } = countingEventStream(uow.db.bus);
  const app = Fastify({
    frameworkErrors: counterpayFrameworkErrors,
    logger: counterpayLoggerOptions({ level: options.logLevel ?? 'info', stream: { write: (line: string) => logs.push(line) } }),
  });
  await app.register(counterpayHttp, {
    counterpay: cp,
    events,
    idempotency: new InMemoryIdempotencyStore(),
    accessTokens,
    adminToken: ADMIN_TOKEN,
    publicUrl: 'https://pay.example.test',
    rateLimits: options.rateLimits ?? false,
    ...(options.rateCounter === undefined ? {} : { rateCounter: options.rateCounter }),
    passwordCost: TEST_PASSWORD_COST,
    ...(options.sseHeartbeatMs === undefined ? {} : { sseHeartbeatMs: options.sseHeartbeatMs }),
  });
  await app.ready();

  const call = async (method: string, url: string, ask: Ask = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...ask.headers };
    if (ask.token !== undefined) headers['authorization'] = `Bearer ${ask.token}`;
    if (ask.customer !== undefined) headers['x-customer-token'] = ask.customer;
    if (ask.raw !== undefined) headers['content-type'] = ask.contentType ?? 'application/json';
    else if (ask.body !== undefined) headers['content-type'] = 'application/json';
    const payload = ask.raw ?? (ask.body === undefined ? undefined : JSON.stringify(ask.body));
    const response = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
    return answerOf(response);
  };

  const expect2xx = (answer: Answer, what: string): Answer => {
    if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${answer.text}`);
    return answer;
  };

  const addStore = async (code: string, storeOptions: { capturePolicy?: 'manual' | 'auto' } = {}): Promise<TestStore> => {
    const admin = { token: ADMIN_TOKEN };
    const opened = expect2xx(
      await call('POST', '/api/v1/stores', {
        ...admin,
        body: {
          code,
          name: `Store ${code}`,
          currency: 'JPY',
          timezone: 'Asia/Tokyo',
          capturePolicy: storeOptions.capturePolicy ?? 'manual',
        },
      }),
      'open store',
    );
    for (const [name, kind] of [
      ['C11', 'salesperson'],
      ['C12', 'salesperson'],
      ['R1', 'route'],
    ] as const) {
      expect2xx(await call('POST', `/api/v1/stores/${code}/counters`, { ...admin, body: { name, kind } }), `counter ${name}`);
    }
    const tokens: string[] = [];
    for (const role of ['clerk', 'manager'] as const) {
      const password = `${role}-password`;
      expect2xx(
        await call('POST', `/api/v1/stores/${code}/staff`, { ...admin, body: { username: role, password, name: `The ${role}`, role } }),
        `staff ${role}`,
      );
      tokens.push(
        expect2xx(await call('POST', '/api/v1/auth/login', { body: { store: code, username: role, password } }), 'login').body.token,
      );
    }
    return { code, id: opened.body.id, clerk: tokens[0]!, manager: tokens[1]! };
  };

  const store = await addStore(
    `shop-${Math.random().toString(36).slice(2, 8)}`,
    options.capturePolicy === undefined ? {} : { capturePolicy: options.capturePolicy },
  );
  return {
    app,
    cp,
    uow,
    network,
    clock,
    accessTokens,
    logs,
    activeSubscriptions,
    store,
    call,
    staff: (method, path, ask = {}) => call(method, `/api/v1/stores/${store.code}${path}`, { token: store.clerk, ...ask }),
    addStore,
    close: () => app.close(),
  };
}

/** A test card as the customer types it. */
export function card(number: string, overrides: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) {
  return { number, expMonth: 12, expYear: 2030, cvc: number.startsWith('37') ? '1234' : '123', holderName: 'HANAKO YAMADA', ...overrides };
}

/** Yen on the wire. */
export const yen = (value: number) => ({ value, currency: 'JPY' });

/** An event stream over an in-memory bus that counts its open subscriptions (each SSE stream holds one). */
export function countingEventStream(bus: EventStream): { events: EventStream; active: () => number } {
  let subscriptions = 0;
  const events: EventStream = {
    subscribe(filter, listener) {
      subscriptions += 1;
      const unsubscribe = bus.subscribe(filter, listener);
      return () => {
        subscriptions -= 1;
        unsubscribe();
      };
    },
  };
  return { events, active: () => subscriptions };
}
