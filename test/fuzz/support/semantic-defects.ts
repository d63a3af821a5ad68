import type { FuzzWorld, SeededTransaction } from './fuzz-world';
import { cardOf, encode, isObject, liveTransactions, pick, uuidOf, type Draft, type GeneratorContext } from './draft';
import type { Body } from './json-body';

/** One way to make a request the schema accepts that the use case must refuse; answers what it did. */
export type SemanticCase = (d: Draft, m: number, ctx: GeneratorContext) => string;

const yen = (value: number, currency = 'JPY') => ({ value, currency });
const inState = (world: FuzzWorld, statuses: readonly string[]) => world.a.transactions.filter((t) => statuses.includes(t.status));
const TERMINAL = ['captured', 'refunded', 'voided', 'cancelled'];

function asCustomer(d: Draft, tx: SeededTransaction): void {
  d.headers['x-customer-token'] = tx.customerToken as string;
  d.params['id'] = tx.id;
}

function moneyCase(d: Draft, m: number): string {
  const [label, money] = pick(
    [
      ['zero amount', yen(0)],
      ['unknown currency XYZ', yen(1200, 'XYZ')],
      ['unknown currency AAA', yen(1200, 'AAA')],
      ['currency USD in a JPY store', yen(1200, 'USD')],
    ] as const,
    m,
  );
  d.body = replaceMoney(d.body, money);
  return label;
}

/** Every money object of the body set to `money` (or the body made of it, when it is the money itself). */
function replaceMoney(body: Body | undefined, money: { value: number; currency: string }): Body {
  const walk = (v: Body): Body => {
    if (!isObject(v)) return Array.isArray(v) ? v.map(walk) : v;
    if ('value' in v && 'currency' in v) return { ...money };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(body ?? {});
}

const commandCase =
  (invalidIn: readonly string[]): SemanticCase =>
  (d, m, ctx) => {
    const targets = [...inState(ctx.world, [...TERMINAL, ...invalidIn]), ...ctx.world.b.transactions];
    const tx = pick(targets, m);
    d.params['store'] = 'fuzz-a';
    d.params['id'] = tx.id;
    return ctx.world.b.transactions.includes(tx) ? `another store's transaction ${tx.id}` : `a ${tx.status} transaction`;
  };

/**
 * Requests the schema accepts and the use cases must refuse (state, money, names, credentials),
 * by operation: they take the generator past validation, deep into the application.
 */
export const SEMANTIC: Readonly<Record<string, readonly SemanticCase[]>> = {
  'POST /api/v1/stores/{store}/counters/{counter}/transactions': [
    (d, m, ctx) => {
      const busy = pick(
        liveTransactions(ctx.world).filter((t) => ctx.world.a.transactions.includes(t)),
        m,
      );
      d.params['store'] = 'fuzz-a';
      d.params['counter'] = busy.counter;
      d.body = pick(
        [{ amount: yen(1200) }, { customerEntersAmount: true }, { items: [{ barcode: ctx.world.barcodes[0] ?? '', quantity: 1 }] }],
        m,
      );
      return `counter ${busy.counter} is busy`;
    },
    (d, m) => {
      d.body = { amount: yen(1) };
      return moneyCase(d, m);
    },
    (d, m) => {
      d.body = {
        items: [{ barcode: pick(['4901234567890', '4900000000004', '12345678', '0000000000000a'.slice(0, 13)], m), quantity: 1 }],
      };
      return 'a barcode with a wrong check digit, or no product';
    },
    (d, m) => {
      d.body = { scheduleEntryId: uuidOf(m) };
      return 'no such schedule entry';
    },
    (d, m) => {
      d.body = pick([{}, { amount: yen(100), customerEntersAmount: true }, { amount: yen(100), scheduleEntryId: uuidOf(m) }], m);
      return 'not exactly one way to open';
    },
  ],
  'POST /api/v1/stores/{store}/transactions/{id}/authorize': [
    commandCase(['awaiting_amount', 'awaiting_method', 'cancel_requested', 'authorized']),
  ],
  'POST /api/v1/stores/{store}/transactions/{id}/capture': [
    commandCase(['awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'cancel_requested']),
  ],
  'POST /api/v1/stores/{store}/transactions/{id}/void': [
    commandCase(['awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'cancel_requested']),
  ],
  'POST /api/v1/stores/{store}/transactions/{id}/cancel': [commandCase(['authorized', 'cancel_requested'])],
  'POST /api/v1/stores/{store}/transactions/{id}/refund': [
    commandCase(['awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'authorized', 'cancel_requested']),
  ],
  'POST /api/v1/stores/{store}/transactions/{id}/withdraw-cancellation': [
    commandCase(['awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'authorized']),
  ],
  'POST /api/v1/stores/{store}/cancellations': [
    (d, m, ctx) => {
      const sale = pick(inState(ctx.world, ['captured']), 0);
      d.params['store'] = 'fuzz-a';
      d.body = { processingNumber: sale.processingNumber ?? '', amount: yen(sale.amount + 1 + m), counter: 'C16' };
      return 'the amount does not match the sale';
    },
    (d, m, ctx) => {
      const sale = pick(inState(ctx.world, ['captured']), 0);
      d.params['store'] = 'fuzz-a';
      d.body = { processingNumber: sale.processingNumber ?? '', amount: yen(sale.amount), counter: pick(['C11', 'C13', 'C15', 'R1'], m) };
      return 'the counter is busy';
    },
    (d, m, ctx) => {
      const refunded = pick(inState(ctx.world, ['refunded', 'cancel_requested']), m);
      d.params['store'] = 'fuzz-a';
      d.body = { processingNumber: refunded.processingNumber ?? '000000000000', amount: yen(refunded.amount), counter: 'C16' };
      return `a ${refunded.status} sale`;
    },
    (d, m) => {
      d.body = { processingNumber: String(100_000_000_000 + m), amount: yen(1200), counter: 'C16' };
      return 'no such processing number';
    },
  ],
  'POST /api/v1/customer/transactions/{id}/amount': [
    (d, m, ctx) => {
      asCustomer(
        d,
        pick(
          liveTransactions(ctx.world).filter((t) => t.status !== 'awaiting_amount'),
          m,
        ),
      );
      d.body = yen(1500);
      return 'the transaction does not wait for an amount';
    },
    (d, m, ctx) => {
      asCustomer(d, pick(inState(ctx.world, ['awaiting_amount']), 0));
      d.body = yen(1);
      return moneyCase(d, m);
    },
  ],
  'POST /api/v1/customer/transactions/{id}/payment-method': [
    (d, m, ctx) => {
      asCustomer(d, pick(liveTransactions(ctx.world), m));
      d.body = { type: pick(['bank_transfer', 'konbini', 'crypto', 'debit', 'prepaid'], m), card: cardOf('4242424242424242') };
      return `method type ${String((d.body as { type: string }).type)}`;
    },
    (d, m, ctx) => {
      asCustomer(d, pick(liveTransactions(ctx.world), m));
      d.body = { type: 'card' };
      return 'a card method without the card';
    },
    (d, m, ctx) => {
      asCustomer(d, pick(inState(ctx.world, ['awaiting_amount', 'cancel_requested', 'authorized']), m));
      d.body = { type: 'card', card: cardOf('4242424242424242') };
      return 'the transaction takes no card now';
    },
  ],
  'POST /api/v1/customer/transactions/{id}/cancellation/confirm': [
    (d, m, ctx) => {
      asCustomer(
        d,
        pick(
          liveTransactions(ctx.world).filter((t) => t.status !== 'cancel_requested'),
          m,
        ),
      );
      d.body = undefined;
      return 'no cancellation was requested';
    },
  ],
  'POST /api/v1/auth/login': [
    (d, m, ctx) => {
      d.body = {
        store: pick(['fuzz-a', 'fuzz-b', 'no-such-store'], m),
        username: pick(ctx.world.usernames, m >> 2),
        password: pick(['clerk', 'password', "' OR '1'='1", 'x'.repeat(1024), '', ' '], m >> 4) || 'p',
      };
      return 'wrong password, user or store';
    },
  ],
  'POST /api/v1/stores': [
    (d, m) => {
      d.body = { code: pick(['fuzz-a', 'fuzz-b'], m), name: 'Again', currency: 'JPY', timezone: 'Asia/Tokyo' };
      return 'store code taken';
    },
    (d, m) => {
      d.body = { code: `new-${m}`, name: 'X', currency: pick(['XYZ', 'AAA'], m), timezone: 'Asia/Tokyo' };
      return 'unknown currency';
    },
  ],
  'POST /api/v1/stores/{store}/counters': [
    (d, m, ctx) => {
      d.body = { name: pick(ctx.world.a.counters, m), kind: 'salesperson' };
      d.params['store'] = 'fuzz-a';
      return 'counter name taken';
    },
  ],
  'POST /api/v1/stores/{store}/staff': [
    (d, m, ctx) => {
      d.body = { username: pick(ctx.world.usernames, m), password: 'long-enough-password', name: 'Again', role: 'clerk' };
      d.params['store'] = 'fuzz-a';
      return 'username taken';
    },
  ],
  'PUT /api/v1/stores/{store}/products/{barcode}': [
    (d, m) => {
      d.params['barcode'] = pick(
        ['4901234567890', '49012345678', '490123456789a', '0', '4901234567894 ', '+901234567894', '-4901234567894'],
        m,
      );
      d.params['barcode'] = encode(d.params['barcode']);
      return 'not a valid barcode';
    },
    (d, m) => {
      d.body = { name: 'Tea', sku: 'T', price: yen(1) };
      return moneyCase(d, m);
    },
    (d, m) => {
      d.body = { name: pick(['   ', '\t', '\n\n'], m), sku: 'T', price: yen(100) };
      return 'a blank name';
    },
  ],
  'POST /api/v1/stores/{store}/schedules': [
    (d, m) => {
      d.body = {
        name: 'Route',
        counter: pick(['Z9', 'nope', 'C99'], m),
        entries: [{ customerName: 'A', amount: yen(100), dueAt: '2026-11-23T10:00:00+09:00' }],
      };
      return 'no such counter';
    },
    (d, m) => {
      d.body = { name: 'Route', counter: 'R1', entries: [{ customerName: 'A', amount: yen(1), dueAt: '2026-11-23T10:00:00+09:00' }] };
      return moneyCase(d, m);
    },
    (d, m) => {
      d.body = {
        name: pick(['  ', '\t'], m),
        counter: 'R1',
        entries: [{ customerName: 'A', amount: yen(100), dueAt: '2026-11-23T10:00:00+09:00' }],
      };
      return 'a blank name';
    },
  ],
  'GET /api/v1/portal/{store}/{counter}': [
    (d, m, ctx) => {
      const tx = pick(liveTransactions(ctx.world), m);
      d.params['store'] = ctx.world.a.transactions.includes(tx) ? 'fuzz-a' : 'fuzz-b';
      d.params['counter'] = tx.counter;
      if (d.headers['x-customer-token'] === tx.customerToken) delete d.headers['x-customer-token'];
      return `counter ${tx.counter}: already claimed by another phone`;
    },
    (d) => {
      d.params['store'] = 'fuzz-a';
      d.params['counter'] = 'C16';
      return 'nothing presented at C16';
    },
  ],
};
