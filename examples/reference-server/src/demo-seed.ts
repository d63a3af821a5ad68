import { hashPassword, type ScryptCost } from '@counterpay/adapters-http';
import { localDate, zonedDayRange, type Counterpay, type DomainError, type Money } from '@counterpay/core';
import type { ResultAsync } from 'neverthrow';

/** Code of the demo store. */
export const DEMO_STORE = 'demo';

/** The demo catalog: EAN-13/JAN barcodes with valid check digits, prices in yen. */
export const DEMO_PRODUCTS = [
  { barcode: '4901234567894', sku: 'TEA-500', name: 'Green tea 500 ml', price: 150 },
  { barcode: '4900000000016', sku: 'ONI-SAKE', name: 'Rice ball (salmon)', price: 180 },
  { barcode: '4567890123456', sku: 'BENTO-M', name: 'Bento (makunouchi)', price: 680 },
  { barcode: '4500000123458', sku: 'COF-BEAN', name: 'Coffee beans 200 g', price: 1280 },
  { barcode: '4912345678904', sku: 'UMB-65', name: 'Umbrella 65 cm', price: 990 },
] as const;

/** What the seed did. */
export interface SeedReport {
  readonly seeded: boolean;
}

async function must<T>(step: string, result: ResultAsync<T, DomainError>): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw new Error(`demo seed: ${step}: ${settled.error.code} ${settled.error.message}`);
  return settled.value;
}

/**
 * Seeds the demo store (idempotent: does nothing when store `demo` exists): JPY, Asia/Tokyo;
 * counters C11, C12 (salesperson) and R1 (route); staff `clerk`/`clerk` and `manager`/`manager`;
 * five products; one schedule on R1 with three entries due today and tomorrow.
 */
export async function seedDemo(counterpay: Counterpay, options: { readonly passwordCost?: ScryptCost } = {}): Promise<SeedReport> {
  const repositories = counterpay.deps.uow.repositories;
  if ((await repositories.stores.findByCode(DEMO_STORE)) !== null) return { seeded: false };
  const timezone = 'Asia/Tokyo';
  const store = await must('store', counterpay.openStore({ code: DEMO_STORE, name: 'counterpay demo store', currency: 'JPY', timezone }));
  for (const [name, kind, label] of [
    ['C11', 'salesperson', 'Counter C11'],
    ['C12', 'salesperson', 'Counter C12'],
    ['R1', 'route', 'Delivery route 1'],
  ] as const) {
    await must(`counter ${name}`, counterpay.addCounter(store.id, { name, kind, label }));
  }
  for (const [username, role, name] of [
    ['clerk', 'clerk', 'Demo clerk'],
    ['manager', 'manager', 'Demo manager'],
  ] as const) {
    const passwordHash = await hashPassword(username, options.passwordCost);
    await must(`staff ${username}`, counterpay.addStaff(store.id, { username, name, role, passwordHash }));
  }
  const yen = (value: number): Money => ({ value, currency: 'JPY' });
  for (const p of DEMO_PRODUCTS) {
    await must(`product ${p.barcode}`, counterpay.putProduct(store.id, p.barcode, { name: p.name, sku: p.sku, price: yen(p.price) }));
  }
  const today = localDate(counterpay.deps.clock.now(), timezone);
  const startOfToday = zonedDayRange(today, timezone)?.from ?? counterpay.deps.clock.now();
  const at = (days: number, hour: number) => new Date(startOfToday.getTime() + (days * 24 + hour) * 3600_000);
  await must(
    'schedule',
    counterpay.createSchedule(store.id, {
      name: 'Route 1 collections',
      counterName: 'R1',
      entries: [
        {
          customerName: 'Hanako Yamada',
          customerRef: 'CUST-001',
          description: 'Rice 10 kg (cash on delivery)',
          amount: yen(4200),
          dueAt: at(0, 10),
        },
        {
          customerName: 'Taro Suzuki',
          customerRef: 'CUST-002',
          description: 'Monthly water delivery',
          amount: yen(1800),
          dueAt: at(0, 15),
        },
        {
          customerName: 'Yuki Tanaka',
          customerRef: 'CUST-003',
          description: 'Newspaper subscription, November',
          amount: yen(3400),
          dueAt: at(1, 11),
        },
      ],
    }),
  );
  return { seeded: true };
}
