import { expect } from 'chai';
import fc from 'fast-check';
import { isLive, TERMINAL_STATUSES, type TransactionView } from '@counterpay/core';
import { card, createHarness, type Harness } from '../support/harness';
import { checkAgreement } from '../sim/ledger-agreement';

type Cmd =
  | { op: 'open'; counter: number; amount: number | null }
  | { op: 'claim'; counter: number }
  | { op: 'amount'; tx: number; value: number }
  | { op: 'method'; tx: number; card: number }
  | { op: 'authorize' | 'capture' | 'void' | 'cancel' | 'confirm' | 'refund' | 'withdraw'; tx: number }
  | { op: 'requestCancellation'; tx: number; counter: number; delta: number }
  | { op: 'expire'; minutes: number }
  | { op: 'recover' }
  | { op: 'fault'; kind: 'timeout' | 'error' | 'lost_response' }
  | { op: 'step'; tx: number; card: number };

const COUNTERS = ['C11', 'C12', 'R1'];
const CARDS = [
  '4242424242424242',
  '5555555555554444',
  '4000000000000002',
  '4000000000009995',
  '4000000000000127',
  '4000000000000069',
  '1234567812345678',
];

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('open' as const),
      counter: fc.nat(2),
      amount: fc.option(fc.integer({ min: 1, max: 100_000 }), { freq: 4 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('claim' as const), counter: fc.nat(2) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('amount' as const), tx: fc.nat(9), value: fc.integer({ min: -5, max: 50_000 }) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('method' as const), tx: fc.nat(9), card: fc.nat(CARDS.length - 1) }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constantFrom(
        'authorize' as const,
        'capture' as const,
        'void' as const,
        'cancel' as const,
        'confirm' as const,
        'refund' as const,
        'withdraw' as const,
      ),
      tx: fc.nat(9),
    }),
    weight: 10,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('requestCancellation' as const),
      tx: fc.nat(9),
      counter: fc.nat(2),
      delta: fc.constantFrom(0, 0, 0, 1),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('expire' as const), minutes: fc.integer({ min: 1, max: 30 }) }), weight: 1 },
  { arbitrary: fc.constant({ op: 'recover' as const }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('step' as const), tx: fc.nat(9), card: fc.nat(3) }), weight: 20 },
  {
    arbitrary: fc.record({
      op: fc.constant('fault' as const),
      kind: fc.constantFrom('timeout' as const, 'error' as const, 'lost_response' as const),
    }),
    weight: 2,
  },
);

interface World {
  h: Harness;
  ids: string[];
  tokens: Map<string, string>;
  finalSeen: Map<string, string>;
}

async function apply(w: World, c: Cmd): Promise<void> {
  const { h } = w;
  const id = 'tx' in c ? w.ids[c.tx % Math.max(w.ids.length, 1)] : undefined;
  const token = id === undefined ? undefined : w.tokens.get(id);
  switch (c.op) {
    case 'open': {
      const r = await h.cp.openTransaction(
        h.clerk,
        COUNTERS[c.counter]!,
        c.amount === null ? { kind: 'customer_amount' } : { kind: 'amount', amount: { value: c.amount, currency: 'JPY' } },
      );
      if (r.isOk()) w.ids.push(r.value.id);
      return;
    }
    case 'claim': {
      const r = await h.cp.openCounter({ storeCode: h.store.code, counterName: COUNTERS[c.counter]! });
      if (r.isOk() && r.value.customerToken !== null) w.tokens.set(r.value.transaction.id, r.value.customerToken);
      return;
    }
    case 'amount':
      if (id !== undefined && token !== undefined) await h.cp.registerAmount(token, id, { value: c.value, currency: 'JPY' });
      return;
    case 'method':
      if (id !== undefined && token !== undefined)
        await h.cp.registerPaymentMethod(token, id, { type: 'card', card: card(CARDS[c.card]!) });
      return;
    case 'confirm':
      if (id !== undefined && token !== undefined) await h.cp.confirmCancellation(token, id);
      return;
    case 'authorize':
    case 'capture':
    case 'void':
    case 'cancel':
    case 'refund':
      if (id !== undefined) await h.cp[c.op](h.clerk, id);
      return;
    case 'withdraw':
      if (id !== undefined) await h.cp.withdrawCancellation(h.clerk, id);
      return;
    case 'requestCancellation': {
      if (id === undefined) return;
      const tx = await h.deps.uow.repositories.transactions.findById(h.store.id, id);
      const capture = tx?.snapshot().capture;
      if (capture === undefined || capture === null) return;
      await h.cp.requestCancellation(h.clerk, {
        processingNumber: capture.processingNumber,
        amount: { value: capture.amount.value + c.delta, currency: 'JPY' },
        counterName: COUNTERS[c.counter]!,
      });
      return;
    }
    case 'expire':
      h.clock.advance(c.minutes * 60_000);
      await h.cp.expireDue();
      return;
    case 'recover':
      h.clock.advance(1000);
      await h.cp.recoverInFlight(0);
      return;
    case 'fault':
      h.network.failNext(c.kind);
      return;
    case 'step':
      return step(w, id, c.card);
  }
}

/** The next natural move of a transaction's lifecycle, so random sequences get deep into it. */
async function step(w: World, id: string | undefined, cardIndex: number): Promise<void> {
  if (id === undefined) return;
  const tx = await w.h.deps.uow.repositories.transactions.findById(w.h.store.id, id);
  if (tx === null) return;
  const counter = COUNTERS.find((name) => w.h.counters[name]?.id === tx.counterId) ?? 'C11';
  const presented = ['awaiting_amount', 'awaiting_method', 'declined', 'cancel_requested'].includes(tx.status);
  if (presented && !tx.isClaimedBy(w.h.deps.hasher.hash(w.tokens.get(id) ?? '-'))) {
    return apply(w, { op: 'claim', counter: COUNTERS.indexOf(counter) });
  }
  switch (tx.status) {
    case 'awaiting_amount':
      return apply(w, { op: 'amount', tx: w.ids.indexOf(id), value: 1000 + cardIndex });
    case 'awaiting_method':
    case 'declined':
      return apply(w, { op: 'method', tx: w.ids.indexOf(id), card: cardIndex });
    case 'method_registered':
      return apply(w, { op: 'authorize', tx: w.ids.indexOf(id) });
    case 'authorized':
      return apply(w, { op: cardIndex === 3 ? 'void' : 'capture', tx: w.ids.indexOf(id) });
    case 'captured':
      return apply(w, { op: 'requestCancellation', tx: w.ids.indexOf(id), counter: COUNTERS.indexOf(counter), delta: 0 });
    case 'cancel_requested':
      return apply(w, { op: 'confirm', tx: w.ids.indexOf(id) });
    case 'cancel_confirmed':
      return apply(w, { op: 'refund', tx: w.ids.indexOf(id) });
    default:
      return;
  }
}

async function views(w: World): Promise<TransactionView[]> {
  const rows = await w.h.deps.uow.repositories.transactions.list(w.h.store.id, { limit: 500 });
  return rows.map((t) => t.view());
}

async function checkInvariants(w: World): Promise<void> {
  const all = await views(w);
  const liveByCounter = new Map<string, number>();
  for (const v of all) {
    const authorized = v.authorization?.amount.value ?? 0;
    const captured = v.capture?.amount.value ?? 0;
    const refunded = v.refund?.amount.value ?? 0;
    expect(authorized >= captured && captured >= refunded, `authorized ≥ captured ≥ refunded for ${v.status}`).to.equal(true);
    if (v.capture !== null) expect(v.authorization, 'a capture has an authorization').to.not.equal(null);
    const final = w.finalSeen.get(v.id);
    if (final !== undefined) expect(v.status, 'a terminal state never moves').to.equal(final);
    if ((TERMINAL_STATUSES as readonly string[]).includes(v.status)) w.finalSeen.set(v.id, v.status);
    if (isLive(v.status)) liveByCounter.set(v.counterId, (liveByCounter.get(v.counterId) ?? 0) + 1);
    expect(v.failedCardAttempts).to.be.at.most(5);
  }
  for (const [counter, n] of liveByCounter) expect(n, `live transactions at ${counter}`).to.equal(1);
}

describe('Property: random command sequences never break the invariants', function () {
  this.timeout(300_000);
  const reached = new Map<string, number>();
  after(() => {
    console.log(`      statuses reached over all runs: ${JSON.stringify(Object.fromEntries([...reached].sort()))}`);
  });

  it('authorized ≥ captured ≥ refunded, terminal states never move, one live transaction per counter, ledger agrees after recovery', async () => {
    reached.clear();
    await fc.assert(
      fc.asyncProperty(
        fc.array(cmd, { minLength: 20, maxLength: 120, size: 'max' }),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (cmds, seed) => {
          const h = await createHarness({ seed });
          const w: World = { h, ids: [], tokens: new Map(), finalSeen: new Map() };
          for (const c of cmds) {
            await apply(w, c);
            await checkInvariants(w);
          }
          for (let i = 0; i < 5; i++) {
            h.clock.advance(1000);
            await h.cp.recoverInFlight(0);
          }
          const final = await views(w);
          for (const v of final) reached.set(v.status, (reached.get(v.status) ?? 0) + 1);
          const agreement = await checkAgreement(h.deps.uow.repositories, h.network, h.store.id, final);
          expect(agreement.inFlight).to.equal(0);
          expect(agreement.capturedTwice).to.equal(0);
          expect(agreement.chargedButUnrecorded).to.equal(0);
          expect(agreement.recordedButNotCharged).to.equal(0);
          expect(agreement.refundMismatches).to.equal(0);
          expect(agreement.ledgerNet).to.equal(agreement.networkNet);
        },
      ),
      { numRuns: Number(process.env['PROPERTY_RUNS'] ?? 200), seed: Number(process.env['PROPERTY_SEED'] ?? 42) },
    );
    for (const status of ['captured', 'refunded', 'voided', 'declined', 'cancel_requested', 'expired']) {
      expect(reached.get(status) ?? 0, `the generated sequences reach ${status}`).to.be.greaterThan(0);
    }
  });
});
