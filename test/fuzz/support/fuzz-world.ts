import { randomBytes } from 'node:crypto';
import { MockCardNetwork, MockSettlementGateway, TokenVault } from '@counterpay/adapters-payment';
import { counterpayHttp, counterpayLoggerOptions } from '@counterpay/adapters-http';
import {
  Counterpay,
  Sha256SecretHasher,
  type AccessToken,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointChanges,
} from '@counterpay/core';
import {
  InMemoryAccessTokenStore,
  InMemoryIdempotencyStore,
  InMemoryUnitOfWork,
  InMemoryWebhookStore,
  ManualClock,
  SeededIdGenerator,
} from '@counterpay/core/testing';
import { countingEventStream } from '../../http/support/http-harness';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

/** The administrator token of the fuzzed app. */
export const FUZZ_ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';

/** Cheap scrypt: the format and the check are the production ones. */
const PASSWORD_COST = { N: 1024 } as const;

/** Access tokens that count every write, so a request that mints or revokes a credential is seen at once. */
class CountingAccessTokenStore extends InMemoryAccessTokenStore {
  writes = 0;
  override insert(token: AccessToken): Promise<void> {
    this.writes += 1;
    return super.insert(token);
  }
  override revoke(storeId: string, id: string, at: Date): Promise<void> {
    this.writes += 1;
    return super.revoke(storeId, id, at);
  }
}

/** Idempotency keys that count the answers they keep (a rejected request with a well-formed key keeps its 4xx). */
class CountingIdempotencyStore extends InMemoryIdempotencyStore {
  kept = 0;
  override complete(...args: Parameters<InMemoryIdempotencyStore['complete']>): Promise<void> {
    this.kept += 1;
    return super.complete(...args);
  }
}

/** Webhook endpoints and deliveries that count every write that took effect. */
class CountingWebhookStore extends InMemoryWebhookStore {
  writes = 0;
  override async insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.writes += 1;
    return super.insertEndpoint(endpoint);
  }
  override async updateEndpoint(storeId: string, id: string, changes: WebhookEndpointChanges, now: Date): Promise<WebhookEndpoint | null> {
    const updated = await super.updateEndpoint(storeId, id, changes, now);
    if (updated !== null) this.writes += 1;
    return updated;
  }
  override async deleteEndpoint(storeId: string, id: string): Promise<boolean> {
    const deleted = await super.deleteEndpoint(storeId, id);
    if (deleted) this.writes += 1;
    return deleted;
  }
  override async enqueue(deliveries: readonly WebhookDelivery[]): Promise<number> {
    const queued = await super.enqueue(deliveries);
    this.writes += queued;
    return queued;
  }
  override async redeliver(storeId: string, id: string, now: Date): Promise<WebhookDelivery | null> {
    const again = await super.redeliver(storeId, id, now);
    if (again !== null) this.writes += 1;
    return again;
  }
}

/** A transaction of the seeded world, with the customer token of the phone that claimed it (if live). */
export interface SeededTransaction {
  readonly id: string;
  readonly status: string;
  readonly counter: string;
  readonly customerToken: string | null;
  readonly processingNumber: string | null;
  readonly amount: number;
}

/** A store of the seeded world and the credentials of its people. */
export interface SeededStore {
  readonly code: string;
  readonly id: string;
  readonly clerk: string;
  readonly manager: string | null;
  /** A session that was signed out: it must be refused like any junk. */
  readonly revoked: string | null;
  readonly apiKey: string | null;
  readonly apiKeyId: string | null;
  readonly counters: readonly string[];
  readonly transactions: readonly SeededTransaction[];
}

/** Everything the generator may aim at: real names and ids, so requests get past the guards to the use cases. */
export interface FuzzWorld {
  readonly a: SeededStore;
  readonly b: SeededStore;
  readonly usernames: readonly string[];
  readonly barcodes: readonly string[];
  readonly scheduleIds: readonly string[];
  readonly scheduleEntryIds: readonly string[];
  /** Webhook endpoints of store A (none when the webhook routes are not served). */
  readonly webhookEndpointIds: readonly string[];
}

/** The app under fuzz and its persistence, seen from outside. */
export interface FuzzApp {
  readonly app: FastifyInstance;
  readonly uow: InMemoryUnitOfWork;
  readonly network: MockCardNetwork;
  readonly vault: TokenVault;
  readonly accessTokens: CountingAccessTokenStore;
  readonly idempotency: CountingIdempotencyStore;
  readonly webhooks: CountingWebhookStore;
  readonly world: FuzzWorld;
  /** Server log lines at warn level or above. */
  readonly warnings: string[];
  /** Event subscriptions open now (each SSE stream holds one). */
  activeSubscriptions(): number;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- seeding reads arbitrary JSON answers
  readonly body: any;
}

/**
 * counterpay over HTTP as the reference server composes it (plain Fastify, the plugin, the logger
 * options; `host` adds Fastify options such as `frameworkErrors`), on in-memory persistence and the mock card network, seeded through the API with two
 * stores and transactions in every interesting state, and the webhook routes served. Every live
 * transaction is claimed, so the portal (a GET that claims) cannot change anything either.
 */
export async function createFuzzApp(host: Pick<FastifyServerOptions, 'frameworkErrors'> = {}): Promise<FuzzApp> {
  const clock = new ManualClock('2026-11-21T03:00:00Z');
  const vault = new TokenVault();
  const network = new MockCardNetwork({ clock: () => clock.now(), vault });
  const uow = new InMemoryUnitOfWork();
  const counterpay = new Counterpay({
    uow,
    posLookup: uow.posLookup(),
    gateway: new MockSettlementGateway(network),
    clock,
    ids: new SeededIdGenerator(20261121),
    hasher: new Sha256SecretHasher(),
  });
  const accessTokens = new CountingAccessTokenStore();
  const idempotency = new CountingIdempotencyStore();
  const webhooks = new CountingWebhookStore();
  const { events, active: activeSubscriptions } = countingEventStream(uow.db.bus);
  const warnings: string[] = [];
  const app = Fastify({
    ...host,
    logger: counterpayLoggerOptions({ level: 'warn', stream: { write: (line: string) => warnings.push(line) } }),
  });
  await app.register(counterpayHttp, {
    counterpay,
    events,
    idempotency,
    accessTokens,
    adminToken: FUZZ_ADMIN_TOKEN,
    publicUrl: 'https://pay.example.test',
    rateLimits: false,
    passwordCost: PASSWORD_COST,
    webhooks: { store: webhooks },
  });
  await app.ready();
  const world = await seed(app);
  return {
    app,
    uow,
    network,
    vault,
    accessTokens,
    idempotency,
    webhooks,
    world,
    warnings,
    activeSubscriptions,
    close: () => app.close(),
  };
}

async function seed(app: FastifyInstance): Promise<FuzzWorld> {
  const call = async (method: string, url: string, token: string | null, body?: unknown, customer?: string): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    if (customer !== undefined) headers['x-customer-token'] = customer;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const answer = { status: response.statusCode, body: response.body.length === 0 ? null : JSON.parse(response.body) };
    if (answer.status >= 300) throw new Error(`seeding ${method} ${url}: ${response.statusCode} ${response.body}`);
    return answer;
  };
  const admin = FUZZ_ADMIN_TOKEN;
  const password = () => randomBytes(12).toString('hex');
  const yen = (value: number) => ({ value, currency: 'JPY' });
  const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123', holderName: 'HANAKO YAMADA' });

  const openStore = async (code: string, counters: readonly (readonly [string, string])[]) => {
    const store = (await call('POST', '/api/v1/stores', admin, { code, name: `Store ${code}`, currency: 'JPY', timezone: 'Asia/Tokyo' }))
      .body;
    for (const [name, kind] of counters) await call('POST', `/api/v1/stores/${code}/counters`, admin, { name, kind });
    const signIn = async (username: string, role: 'clerk' | 'manager') => {
      const secret = password();
      await call('POST', `/api/v1/stores/${code}/staff`, admin, { username, password: secret, name: `The ${username}`, role });
      return (await call('POST', '/api/v1/auth/login', null, { store: code, username, password: secret })).body.token as string;
    };
    return { id: store.id as string, signIn };
  };

  // Store A: every state a transaction can rest in, each live one claimed by a phone.
  const counterNames = ['C11', 'C12', 'C13', 'C14', 'C15', 'C16'];
  const a = await openStore('fuzz-a', [...counterNames.map((n) => [n, 'salesperson'] as const), ['R1', 'route'] as const]);
  const clerk = await a.signIn('clerk', 'clerk');
  const manager = await a.signIn('manager', 'manager');
  const revoked = await a.signIn('clerk2', 'clerk');
  await call('POST', '/api/v1/auth/logout', revoked);
  const apiKey = (await call('POST', '/api/v1/stores/fuzz-a/api-keys', manager, { label: 'pos' })).body;
  const barcodes = ['4901234567894', '4900000000009', '49123456'];
  for (const [i, barcode] of barcodes.entries()) {
    await call('PUT', `/api/v1/stores/fuzz-a/products/${barcode}`, manager, {
      name: `Product ${i}`,
      sku: `SKU-${i}`,
      price: yen(100 * (i + 1)),
    });
  }
  const schedule = (
    await call('POST', '/api/v1/stores/fuzz-a/schedules', manager, {
      name: 'Monday route',
      counter: 'R1',
      entries: [1, 2, 3].map((i) => ({
        customerName: `Customer ${i}`,
        customerRef: `C-${i}`,
        amount: yen(1000 * i),
        dueAt: '2026-11-23T10:00:00+09:00',
      })),
    })
  ).body;

  const staffA = (method: string, path: string, body?: unknown) => call(method, `/api/v1/stores/fuzz-a${path}`, clerk, body);
  const claim = async (store: string, counter: string) =>
    (await call('GET', `/api/v1/portal/${store}/${counter}`, null)).body.customerToken as string;
  const transactions: SeededTransaction[] = [];
  const keep = (t: Answer, counter: string, customerToken: string | null) => {
    transactions.push({
      id: t.body.id,
      status: t.body.status,
      counter,
      customerToken,
      processingNumber: t.body.processingNumber ?? null,
      amount: t.body.amount?.value ?? 0,
    });
  };
  const payAt = async (counter: string, open: unknown, number = '4242424242424242') => {
    const opened = (await staffA('POST', `/counters/${counter}/transactions`, open)).body;
    const token = await claim('fuzz-a', counter);
    await call('POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, null, { type: 'card', card: card(number) }, token);
    return { id: opened.id as string, token };
  };
  const captured = async (counter: string, open: unknown) => {
    const { id } = await payAt(counter, open);
    await staffA('POST', `/transactions/${id}/authorize`);
    return staffA('POST', `/transactions/${id}/capture`);
  };

  const sale = await captured('C11', { amount: yen(1200) });
  keep(await captured('C11', { items: [{ barcode: barcodes[0], quantity: 2 }] }), 'C11', null);
  const refundedSale = await captured('C11', { amount: yen(3400) });
  await staffA('POST', '/cancellations', { processingNumber: refundedSale.body.processingNumber, amount: yen(3400), counter: 'C11' });
  await call(
    'POST',
    `/api/v1/customer/transactions/${refundedSale.body.id}/cancellation/confirm`,
    null,
    undefined,
    await claim('fuzz-a', 'C11'),
  );
  keep(await staffA('POST', `/transactions/${refundedSale.body.id}/refund`), 'C11', null);
  const toVoid = await payAt('C11', { amount: yen(4500) });
  await staffA('POST', `/transactions/${toVoid.id}/authorize`);
  keep(await staffA('POST', `/transactions/${toVoid.id}/void`), 'C11', null);
  const toCancel = (await staffA('POST', '/counters/C11/transactions', { amount: yen(5600) })).body;
  keep(await staffA('POST', `/transactions/${toCancel.id}/cancel`), 'C11', null);

  const registered = await payAt('C11', { amount: yen(500) });
  keep(await staffA('GET', `/transactions/${registered.id}`), 'C11', registered.token);
  const customerAmount = (await staffA('POST', '/counters/C12/transactions', { customerEntersAmount: true })).body;
  const customerAmountToken = await claim('fuzz-a', 'C12');
  keep(await staffA('GET', `/transactions/${customerAmount.id}`), 'C12', customerAmountToken);
  await staffA('POST', '/cancellations', { processingNumber: sale.body.processingNumber, amount: yen(1200), counter: 'C13' });
  const cancellationToken = await claim('fuzz-a', 'C13');
  keep(await staffA('GET', `/transactions/${sale.body.id}`), 'C13', cancellationToken);
  const declined = await payAt('C14', { amount: yen(700) }, '4000000000000002');
  keep(await staffA('POST', `/transactions/${declined.id}/authorize`), 'C14', declined.token);
  const authorized = await payAt('C15', { amount: yen(800) });
  keep(await staffA('POST', `/transactions/${authorized.id}/authorize`), 'C15', authorized.token);
  const entryIds = (schedule.entries as { id: string }[]).map((e) => e.id);
  const fromSchedule = (await staffA('POST', '/counters/R1/transactions', { scheduleEntryId: entryIds[0] })).body;
  const scheduleToken = await claim('fuzz-a', 'R1');
  keep(await staffA('GET', `/transactions/${fromSchedule.id}`), 'R1', scheduleToken);

  const hook = await app.inject({
    method: 'POST',
    url: '/api/v1/stores/fuzz-a/webhook-endpoints',
    headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ url: 'https://hooks.example.test/counterpay' }),
  });
  const webhookEndpointIds = hook.statusCode === 201 ? [(JSON.parse(hook.body) as { id: string }).id] : [];

  // Store B: another tenant, whose objects store A's credentials must never reach.
  const b = await openStore('fuzz-b', [['C11', 'salesperson']]);
  const clerkB = await b.signIn('clerk', 'clerk');
  const opened = (await call('POST', '/api/v1/stores/fuzz-b/counters/C11/transactions', clerkB, { amount: yen(900) })).body;
  const tokenB = await claim('fuzz-b', 'C11');

  return {
    a: {
      code: 'fuzz-a',
      id: a.id,
      clerk,
      manager,
      revoked,
      apiKey: apiKey.key,
      apiKeyId: apiKey.id,
      counters: [...counterNames, 'R1'],
      transactions,
    },
    b: {
      code: 'fuzz-b',
      id: b.id,
      clerk: clerkB,
      manager: null,
      revoked: null,
      apiKey: null,
      apiKeyId: null,
      counters: ['C11'],
      transactions: [
        { id: opened.id, status: 'awaiting_method', counter: 'C11', customerToken: tokenB, processingNumber: null, amount: 900 },
      ],
    },
    usernames: ['clerk', 'manager', 'clerk2'],
    barcodes,
    scheduleIds: [schedule.schedule.id],
    scheduleEntryIds: entryIds,
    webhookEndpointIds,
  };
}
