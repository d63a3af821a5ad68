import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock, type PosLookup, type UnitOfWork } from '@counterpay/core';
import { InMemoryUnitOfWork } from '@counterpay/core/testing';
import { medianRate, rate } from './measure';

const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' };

/** The commands of an F1 lifecycle, in order. */
export const F1_COMMANDS = ['open', 'claim', 'method', 'authorize', 'capture'] as const;

/** Runs one command of a lifecycle (the identity, or a measurement around it). */
export type F1Step = <T>(name: (typeof F1_COMMANDS)[number], command: () => PromiseLike<T>) => Promise<T>;

/**
 * A store with `counters` counters on a persistence, ready for F1 lifecycles. With `capturePolicy`
 * `'auto'` (the store's choice in the design) the authorization captures at once: the lifecycle has
 * no capture command.
 */
export async function f1Rig(
  persistence: { uow: UnitOfWork; posLookup: PosLookup },
  counters: number,
  capturePolicy: 'manual' | 'auto' = 'manual',
) {
  const network = new MockCardNetwork();
  const cp = new Counterpay({
    ...persistence,
    gateway: new MockSettlementGateway(network),
    clock: new SystemClock(),
    ids: new CryptoIdGenerator(),
    hasher: new Sha256SecretHasher(),
  });
  const opened = await cp.openStore({
    code: `bench-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Bench',
    currency: 'JPY',
    timezone: 'Asia/Tokyo',
    capturePolicy,
  });
  if (opened.isErr()) throw new Error(opened.error.message);
  const store = opened.value;
  for (let i = 0; i < counters; i++) await cp.addCounter(store.id, { name: `B${i}`, kind: 'salesperson' });
  const clerk = { storeId: store.id, staffId: null };
  /**
   * One F1 lifecycle at the worker's own counter: open → claim → method → authorize → capture (no
   * capture command with auto-capture). `step` wraps each command (the database bench measures each
   * one's round trips with it).
   */
  const lifecycle = async (_i: number, worker = 0, step: F1Step = async (_name, command) => await command()) => {
    const counter = `B${worker % counters}`;
    const amount = { value: 1200, currency: 'JPY' } as const;
    const tx = (await step('open', () => cp.openTransaction(clerk, counter, { kind: 'amount', amount })))._unsafeUnwrap();
    const visit = (await step('claim', () => cp.openCounter({ storeCode: store.code, counterName: counter })))._unsafeUnwrap();
    (await step('method', () => cp.registerPaymentMethod(visit.customerToken!, tx.id, { type: 'card', card: CARD })))._unsafeUnwrap();
    const authorized = (await step('authorize', () => cp.authorize(clerk, tx.id)))._unsafeUnwrap();
    const captured = capturePolicy === 'auto' ? authorized : (await step('capture', () => cp.capture(clerk, tx.id)))._unsafeUnwrap();
    if (captured.status !== 'captured') throw new Error(`lifecycle ended ${captured.status}`);
  };
  return { cp, network, store, lifecycle };
}

/** Core in memory: F1 lifecycles per second, against the bare mock network doing the same calls. */
export async function benchCore(quick: boolean) {
  const n = quick ? 2_000 : 20_000;
  const runs = quick ? 3 : 5;
  const network = new MockCardNetwork();
  const baseline = await medianRate(runs, () =>
    rate(n, 1, async () => {
      const t = await network.tokenize({ merchant: 'm', card: CARD });
      if (t.outcome !== 'tokenized') throw new Error('tokenize');
      const ref = Math.random().toString(36);
      const a = await network.authorize({
        merchant: 'm',
        reference: `${ref}:a`,
        token: t.method.token,
        amount: { value: 1200, currency: 'JPY' },
      });
      if (a.outcome !== 'authorized') throw new Error('authorize');
      await network.capture({
        merchant: 'm',
        reference: `${ref}:c`,
        authorizationCode: a.authorizationCode,
        amount: { value: 1200, currency: 'JPY' },
      });
    }),
  );
  const memory = new InMemoryUnitOfWork();
  const rig = await f1Rig({ uow: memory, posLookup: memory.posLookup() }, 16);
  const sequential = await medianRate(runs, () => rate(n, 1, rig.lifecycle));
  const concurrent = await medianRate(runs, () => rate(n, 16, rig.lifecycle));
  return {
    lifecycles: n,
    f1PerSecond: sequential,
    f1PerSecondConcurrent16: concurrent,
    bareNetworkPerSecond: baseline,
    ratioToBareNetwork: Math.round((sequential / baseline) * 1000) / 1000,
    commitsPerLifecycle: Math.round((memory.db.commits / (n * runs * 2 + 17)) * 100) / 100,
  };
}
