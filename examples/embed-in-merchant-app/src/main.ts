/**
 * counterpay embedded in a merchant system, with no HTTP: the merchant's own code plays the clerk's
 * terminal and (for the demo) the customer's phone. It walks F1–F5 and prints both views.
 */
import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import {
  Counterpay,
  CryptoIdGenerator,
  describePaymentMethod,
  formatMoney,
  Sha256SecretHasher,
  SystemClock,
  type DomainError,
  type Money,
  type TransactionView,
} from '@counterpay/core';
import { InMemoryUnitOfWork } from '@counterpay/core/testing';
import type { Result, ResultAsync } from 'neverthrow';

const yen = (value: number): Money => ({ value, currency: 'JPY' });

async function must<T>(step: ResultAsync<T, DomainError> | Promise<Result<T, DomainError>>): Promise<T> {
  const result = await step;
  if (result.isErr()) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const clerkSays = (what: string) => console.log(`  [clerk]    ${what}`);
const phoneSays = (what: string) => console.log(`  [customer] ${what}`);
const show = (tx: TransactionView) =>
  `${tx.reference} ${tx.amount === null ? '(amount to enter)' : formatMoney(tx.amount)} ${tx.status}` +
  (tx.paymentMethod !== null ? ` — ${describePaymentMethod(tx.paymentMethod)}` : '');

async function main(): Promise<void> {
  // Composition root: core + in-memory persistence + the mock card network.
  const uow = new InMemoryUnitOfWork();
  const network = new MockCardNetwork();
  const cp = new Counterpay({
    uow,
    posLookup: uow.posLookup(),
    gateway: new MockSettlementGateway(network),
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    hasher: new Sha256SecretHasher(),
  });
  uow.db.bus.subscribeAll((event) => console.log(`      · event ${event.type}`));

  const store = await must(cp.openStore({ code: 'corner-shop', name: 'Corner Shop', currency: 'JPY', timezone: 'Asia/Tokyo' }));
  for (const [name, kind] of [
    ['C11', 'salesperson'],
    ['C12', 'salesperson'],
    ['R1', 'route'],
  ] as const)
    await must(cp.addCounter(store.id, { name, kind }));
  const staff = await must(cp.addStaff(store.id, { username: 'aiko', name: 'Aiko', role: 'clerk', passwordHash: 'set-by-your-auth' }));
  const clerk = { storeId: store.id, staffId: staff.id };
  const card = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123', holderName: 'HANAKO YAMADA' };

  const payAtCounter = async (counterName: string, tx: TransactionView, number = card.number) => {
    const visit = await must(cp.openCounter({ storeCode: store.code, counterName }));
    phoneSays(`opens /c/${store.code}/${counterName}: ${show(visit.transaction)}`);
    const token = visit.customerToken!;
    const withMethod = await must(cp.registerPaymentMethod(token, tx.id, { type: 'card', card: { ...card, number } }));
    clerkSays(`sees the method: ${show(withMethod)}`);
    return token;
  };
  const authorizeAndCapture = async (tx: TransactionView) => {
    clerkSays(`authorization: ${show(await must(cp.authorize(clerk, tx.id)))}`);
    const sale = await must(cp.capture(clerk, tx.id));
    clerkSays(`captured, processing number ${sale.processingNumber}`);
    return sale;
  };

  console.log('\nF1 — the clerk registers the amount, the customer pays on their phone');
  const f1 = await must(cp.openTransaction(clerk, 'C11', { kind: 'amount', amount: yen(1200) }));
  clerkSays(`registers ¥1,200 at C11: ${show(f1)}`);
  const f1Token = await payAtCounter('C11', f1);
  const sale = await authorizeAndCapture(f1);
  phoneSays(`sees: ${show(await must(cp.customerTransaction(f1Token, f1.id)))}`);

  console.log('\nF2 — cancellation, confirmed by the customer on the phone');
  const presented = await must(
    cp.requestCancellation(clerk, { processingNumber: sale.processingNumber!, amount: yen(1200), counterName: 'C12' }),
  );
  clerkSays(`presents ${presented.reference} for cancellation at C12`);
  const visit = await must(cp.openCounter({ storeCode: store.code, counterName: 'C12' }));
  phoneSays(`confirms the cancellation of ${show(visit.transaction)}`);
  await must(cp.confirmCancellation(visit.customerToken!, f1.id));
  clerkSays(`refund inquiry: ${JSON.stringify(await must(cp.refundInquiry(clerk, f1.id)))}`);
  clerkSays(`refund: ${show(await must(cp.refund(clerk, f1.id)))}`);

  console.log('\nF3 — door to door: the customer enters the amount');
  const f3 = await must(cp.openTransaction(clerk, 'R1', { kind: 'customer_amount' }));
  const f3Visit = await must(cp.openCounter({ storeCode: store.code, counterName: 'R1' }));
  phoneSays('enters ¥3,480');
  await must(cp.registerAmount(f3Visit.customerToken!, f3.id, yen(3480)));
  await must(cp.registerPaymentMethod(f3Visit.customerToken!, f3.id, { type: 'card', card: { ...card, number: '3566002020360505' } }));
  await authorizeAndCapture(f3);

  console.log('\nF4 — a collection schedule, paid on the route');
  const { entries } = await must(
    cp.createSchedule(store.id, {
      name: 'Saturday deliveries',
      counterName: 'R1',
      entries: [
        { customerName: 'Taro Suzuki', customerRef: 'C-102', description: 'Rice 10kg', amount: yen(4800), dueAt: new Date() },
        { customerName: 'Yuki Tanaka', customerRef: 'C-103', description: 'Water 12L x2', amount: yen(2400), dueAt: new Date() },
      ],
    }),
  );
  const [found] = await must(cp.searchScheduleEntries(store.id, { q: 'suzuki' }));
  clerkSays(`finds ${found!.customerName} (${found!.customerRef}) ${formatMoney(found!.amount)} and opens it at R1`);
  const f4 = await must(cp.openTransaction(clerk, 'R1', { kind: 'schedule', scheduleEntryId: entries[0]!.id }));
  await payAtCounter('R1', f4);
  await authorizeAndCapture(f4);
  clerkSays(`entry is now ${(await must(cp.searchScheduleEntries(store.id, { q: 'C-102' })))[0]!.status}`);

  console.log('\nF5 — barcode POS');
  await must(cp.putProduct(store.id, '4901234567894', { name: 'Green tea 500ml', sku: 'TEA-500', price: yen(150) }));
  await must(cp.putProduct(store.id, '4512345678906', { name: 'Rice ball', sku: 'ONI-1', price: yen(130) }));
  const f5 = await must(
    cp.openTransaction(clerk, 'C11', {
      kind: 'items',
      items: [
        { barcode: '4901234567894', quantity: 2 },
        { barcode: '4512345678906', quantity: 3 },
      ],
    }),
  );
  for (const item of f5.items) clerkSays(`  ${item.quantity} × ${item.name} ${formatMoney(item.unitPrice)} = ${formatMoney(item.amount)}`);
  clerkSays(`total ${show(f5)}`);
  await payAtCounter('C11', f5, '5555555555554444');
  await authorizeAndCapture(f5);

  console.log('\nSales totals');
  for (const groupBy of ['day', 'counter', 'method'] as const) {
    const { totals } = await must(cp.salesTotals(store.id, { groupBy }));
    for (const t of totals) {
      const key = groupBy === 'counter' ? ((await uow.repositories.counters.findById(store.id, t.key))?.name ?? t.key) : t.key;
      console.log(
        `  by ${groupBy.padEnd(7)} ${key.padEnd(10)} sales ${formatMoney(yen(t.sales))} (${t.count})  reversals ${formatMoney(yen(t.reversals))}  net ${formatMoney(yen(t.net))}`,
      );
    }
  }
  const network_ = network.totals(store.id);
  console.log(`  network: captured ${formatMoney(yen(network_.captured))}, refunded ${formatMoney(yen(network_.refunded))}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
