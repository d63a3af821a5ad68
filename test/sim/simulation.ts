import { mulberry32 } from '@counterpay/core/testing';
import type { TransactionView } from '@counterpay/core';
import { card, createHarness, type Harness } from '../support/harness';
import { checkAgreement, type Agreement } from './ledger-agreement';

/** Settings of a simulated day of trading against a faulty network. */
export interface SimulationOptions {
  readonly seed: number;
  readonly lifecycles: number;
  /** Share of network calls (authorize, capture, void, refund) that fail: timeout, error or lost response. */
  readonly faultRate: number;
  /** Lifecycles run at once, each at its own counter. */
  readonly concurrency: number;
  /** A recovery pass runs after every this many lifecycles. */
  readonly recoveryEvery: number;
}

export interface SimulationReport extends Agreement {
  readonly seed: number;
  readonly lifecycles: number;
  readonly faultsInjected: Readonly<Record<string, number>>;
  readonly unavailableAnswers: number;
  readonly recoveryPasses: number;
  readonly openErrors: Readonly<Record<string, number>>;
}

const APPROVED = ['4242424242424242', '5555555555554444', '3566002020360505', '4111111111111111'];
const DECLINED = ['4000000000000002', '4000000000009995', '4000000000000119'];

/**
 * Random F1/F2 lifecycles (some declined, some voided, some cancelled and refunded) against the
 * mock network with injected faults; every unanswered call is left to the recovery worker. The
 * same seed replays the same run.
 */
export async function runSimulation(options: SimulationOptions): Promise<{ report: SimulationReport; harness: Harness }> {
  const random = mulberry32(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const h = await createHarness({
    seed: options.seed,
    network: { faults: { seed: options.seed, rate: options.faultRate, kinds: ['timeout', 'error', 'lost_response'] } },
  });
  const counters: string[] = [];
  const counterIds = new Map<string, string>();
  for (let i = 0; i < options.concurrency; i++) {
    const name = `S${i}`;
    const added = await h.cp.addCounter(h.store.id, { name, kind: 'salesperson' });
    if (added.isErr()) throw new Error(added.error.message);
    counters.push(name);
    counterIds.set(name, added.value.id);
  }
  let unavailable = 0;
  let recoveryPasses = 0;
  const ids: string[] = [];
  const openErrors: Record<string, number> = {};
  const note = <R extends { isErr(): boolean }>(r: R): R => {
    if (r.isErr() && (r as unknown as { error: { code: string } }).error.code === 'settlement.unavailable') unavailable += 1;
    return r;
  };

  const lifecycle = async (counter: string): Promise<void> => {
    const amount = { value: 100 + Math.floor(random() * 50_000), currency: 'JPY' as const };
    const opened = await h.cp.openTransaction(h.clerk, counter, { kind: 'amount', amount });
    if (opened.isErr()) {
      openErrors[opened.error.code] = (openErrors[opened.error.code] ?? 0) + 1;
      return;
    }
    const id = opened.value.id;
    ids.push(id);
    const visit = await h.cp.openCounter({ storeCode: h.store.code, counterName: counter });
    if (visit.isErr()) return;
    const token = visit.value.customerToken!;
    const number = random() < 0.15 ? pick(DECLINED) : pick(APPROVED);
    if ((await h.cp.registerPaymentMethod(token, id, { type: 'card', card: card(number) })).isErr()) return;
    const authorized = note(await h.cp.authorize(h.clerk, id));
    if (authorized.isErr()) return;
    if (authorized.value.status === 'declined') {
      if (random() < 0.5) await h.cp.cancel(h.clerk, id);
      else {
        await h.cp.registerPaymentMethod(token, id, { type: 'card', card: card(pick(APPROVED)) });
        if (note(await h.cp.authorize(h.clerk, id)).isErr()) return;
      }
    }
    if (random() < 0.1) {
      note(await h.cp.void(h.clerk, id));
      return;
    }
    const captured = note(await h.cp.capture(h.clerk, id));
    if (captured.isErr() || captured.value.processingNumber === null) return;
    if (random() < 0.15) {
      const presented = await h.cp.requestCancellation(h.clerk, {
        processingNumber: captured.value.processingNumber,
        amount: captured.value.amount!,
        counterName: counter,
      });
      if (presented.isErr()) return;
      const phone = await h.cp.openCounter({ storeCode: h.store.code, counterName: counter });
      if (phone.isErr()) return;
      await h.cp.confirmCancellation(phone.value.customerToken!, id);
      note(await h.cp.refund(h.clerk, id));
    }
  };

  const recover = async () => {
    h.clock.advance(1000);
    recoveryPasses += 1;
    return h.cp.recoverInFlight(0, 10_000);
  };

  /** The clerk finishes whatever the lifecycle left at the counter (recovery first, if in flight). */
  const freeCounter = async (counter: string) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const live = await h.deps.uow.repositories.transactions.findLiveAtCounter(h.store.id, counterIds.get(counter) ?? '');
      if (live === null) return;
      switch (live.status) {
        case 'authorizing':
        case 'capturing':
        case 'voiding':
        case 'refunding':
          await recover();
          break;
        case 'authorized':
          note(await h.cp.void(h.clerk, live.id));
          break;
        case 'cancel_requested':
          await h.cp.withdrawCancellation(h.clerk, live.id);
          break;
        case 'cancel_confirmed':
          note(await h.cp.refund(h.clerk, live.id));
          break;
        default:
          await h.cp.cancel(h.clerk, live.id);
      }
    }
  };

  let started = 0;
  const worker = async (counter: string) => {
    while (started < options.lifecycles) {
      started += 1;
      await lifecycle(counter);
      await freeCounter(counter);
      if (started % options.recoveryEvery === 0) await recover();
    }
  };
  await Promise.all(counters.map((c) => worker(c)));
  for (let pass = 0; pass < 100; pass++) {
    const report = await recover();
    if (report.examined === 0) break;
  }

  const views: TransactionView[] = [];
  for (const id of ids) {
    const tx = await h.deps.uow.repositories.transactions.findById(h.store.id, id);
    if (tx !== null) views.push(tx.view());
  }
  const agreement = await checkAgreement(h.deps.uow.repositories, h.network, h.store.id, views);
  return {
    harness: h,
    report: {
      ...agreement,
      seed: options.seed,
      lifecycles: ids.length,
      faultsInjected: h.network.faultsInjected(),
      unavailableAnswers: unavailable,
      recoveryPasses,
      openErrors,
    },
  };
}
