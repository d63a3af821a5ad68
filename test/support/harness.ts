import { MockCardNetwork, MockSettlementGateway, type MockCardNetworkOptions } from '@counterpay/adapters-payment';
import {
  Counterpay,
  Sha256SecretHasher,
  type Counter,
  type CounterpayDeps,
  type Staff,
  type StaffActor,
  type Store,
  type UnitOfWork,
  type PosLookup,
} from '@counterpay/core';
import { expectOk as ok, InMemoryUnitOfWork, ManualClock, SeededIdGenerator } from '@counterpay/core/testing';

/** A test card as the customer types it. */
export const card = (number: string, overrides: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: number.startsWith('37') ? '1234' : '123',
  holderName: 'HANAKO YAMADA',
  ...overrides,
});

export { expectOk as ok, errorCode as code } from '@counterpay/core/testing';

export interface Harness {
  readonly cp: Counterpay;
  readonly deps: CounterpayDeps;
  readonly network: MockCardNetwork;
  readonly clock: ManualClock;
  readonly store: Store;
  readonly counters: Record<string, Counter>;
  readonly clerk: StaffActor;
  readonly staff: Staff;
}

/** counterpay over in-memory adapters (or a given persistence) and the mock network, with a JPY demo store. */
export async function createHarness(
  options: {
    seed?: number;
    network?: MockCardNetworkOptions;
    capturePolicy?: 'manual' | 'auto';
    persistence?: { uow: UnitOfWork; posLookup: PosLookup };
    clock?: ManualClock;
  } = {},
): Promise<Harness> {
  const clock = options.clock ?? new ManualClock('2026-11-21T03:00:00Z');
  const network = new MockCardNetwork({ clock: () => clock.now(), ...options.network });
  const memory = new InMemoryUnitOfWork();
  const persistence = options.persistence ?? { uow: memory, posLookup: memory.posLookup() };
  const deps: CounterpayDeps = {
    uow: persistence.uow,
    posLookup: persistence.posLookup,
    gateway: new MockSettlementGateway(network),
    clock,
    ids: new SeededIdGenerator(options.seed ?? 1),
    hasher: new Sha256SecretHasher(),
  };
  const cp = new Counterpay(deps);
  const store = await ok(
    cp.openStore({
      code: `demo-${Math.random().toString(36).slice(2, 8)}`,
      name: 'Demo',
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      capturePolicy: options.capturePolicy ?? 'manual',
    }),
  );
  const counters: Record<string, Counter> = {};
  for (const [name, kind] of [
    ['C11', 'salesperson'],
    ['C12', 'salesperson'],
    ['R1', 'route'],
  ] as const) {
    counters[name] = await ok(cp.addCounter(store.id, { name, kind }));
  }
  const staff = await ok(cp.addStaff(store.id, { username: 'clerk', name: 'Clerk', role: 'clerk', passwordHash: 'x' }));
  return { cp, deps, network, clock, store, counters, staff, clerk: { storeId: store.id, staffId: staff.id } };
}
