import { expect } from 'chai';
import type { CardInput, DomainError, Money, OperationRecord, SettlementGateway } from '@counterpay/core';
import {
  FAULT_KINDS,
  HttpSettlementGateway,
  MockCardNetwork,
  MockCardNetworkControl,
  mulberry32,
  startMockCardNetworkServer,
  TEST_CARDS,
  WIRE_FAULT_KINDS,
  type LedgerEntryJson,
  type MockCardNetworkServer,
} from '@counterpay/adapters-payment';
import type { Result } from 'neverthrow';

const OPERATIONS = Number(process.env['NETWORK_FAULT_OPS'] ?? 10_000);
const SEED = Number(process.env['NETWORK_FAULT_SEED'] ?? 20261122);
const CONCURRENCY = Number(process.env['NETWORK_FAULT_CONCURRENCY'] ?? 16);
const FAULT_RATE = 0.2;
/** Each layer's rate, so that a request meets a fault on either layer with probability {@link FAULT_RATE}. */
const LAYER_RATE = 1 - Math.sqrt(1 - FAULT_RATE);
const CLIENT_TIMEOUT_MS = 250;
const MAX_ROUNDS = 50;

type MoneyOperation = OperationRecord['operation'];
type OutcomeOf<O extends MoneyOperation> = Extract<OperationRecord, { readonly operation: O }>['outcome'];

interface PaymentPlan {
  readonly card: CardInput;
  readonly amount: Money;
  readonly approved: boolean;
  readonly then: 'capture' | 'void';
  readonly captureShare: number;
  readonly refund: boolean;
}

interface Belief {
  readonly operation: MoneyOperation;
  readonly outcome: OperationRecord['outcome'];
  readonly amount: Money;
}

interface Stats {
  operations: number;
  requests: number;
  unknownOutcomes: number;
  resolvedApplied: number;
  resolvedNotApplied: number;
  resent: number;
  inquiries: number;
  conflictingAnswers: number;
  unexpectedOutcomes: number;
  readonly unknownByCause: Record<string, number>;
}

const APPROVED_CARDS = [TEST_CARDS.visa, TEST_CARDS.mastercard, TEST_CARDS.amex, TEST_CARDS.jcb];
const DECLINED_CARDS = [TEST_CARDS.genericDecline, TEST_CARDS.insufficientFunds, TEST_CARDS.processingError];
const expYear = new Date().getUTCFullYear() + 3;

function plans(seed: number, operations: number): PaymentPlan[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const planned: PaymentPlan[] = [];
  let total = 0;
  while (total < operations) {
    const approved = random() < 0.9;
    const test = approved ? pick(APPROVED_CARDS) : pick(DECLINED_CARDS);
    const plan: PaymentPlan = {
      card: { number: test.number, expMonth: 12, expYear, cvc: test.brand === 'amex' ? '1234' : '123' },
      amount: { value: 100 + Math.floor(random() * 50_000), currency: 'JPY' },
      approved,
      then: random() < 0.8 ? 'capture' : 'void',
      captureShare: random() < 0.2 ? 0.5 : 1,
      refund: random() < 0.3,
    };
    planned.push(plan);
    total += 1 + (approved ? 1 + (plan.then === 'capture' && plan.refund ? 1 : 0) : 0);
  }
  return planned;
}

function causeOf(error: DomainError): string {
  const { cause, status } = error.details ?? {};
  return typeof status === 'number' ? `http_${status}` : String(cause);
}

/**
 * Drives payments through a gateway with retries off, so that every fault surfaces, and resolves
 * each unknown outcome the way recovery does: `inquire(reference)`, then the same request under
 * the same reference when the network never applied it.
 */
class FaultyNetworkClient {
  readonly beliefs = new Map<string, Belief>();
  readonly stats: Stats = {
    operations: 0,
    requests: 0,
    unknownOutcomes: 0,
    resolvedApplied: 0,
    resolvedNotApplied: 0,
    resent: 0,
    inquiries: 0,
    conflictingAnswers: 0,
    unexpectedOutcomes: 0,
    unknownByCause: {},
  };
  readonly unexpectedExamples: string[] = [];

  constructor(
    private readonly gateway: SettlementGateway,
    private readonly merchant: string,
    private readonly runId: string,
  ) {}

  async pay(index: number, plan: PaymentPlan): Promise<void> {
    const { merchant } = this;
    const reference = (operation: MoneyOperation): string => `${this.runId}-p${index}-${operation}`;
    const tokenized = await this.untilAnswered(() => this.gateway.tokenize({ merchant, card: plan.card }));
    if (tokenized.outcome !== 'tokenized') throw new Error(`test card rejected at tokenization: ${tokenized.reason}`);
    const token = tokenized.method.token;

    const authorized = await this.settle('authorize', reference('authorize'), plan.amount, () =>
      this.gateway.authorize({ merchant, reference: reference('authorize'), token, amount: plan.amount }),
    );
    if (authorized.outcome !== 'authorized') {
      if (plan.approved) this.unexpected(`authorize of payment ${index} declined: ${authorized.reason}`);
      return;
    }
    const { authorizationCode } = authorized;
    if (plan.then === 'void') {
      const voided = await this.settle('void', reference('void'), plan.amount, () =>
        this.gateway.void({ merchant, reference: reference('void'), authorizationCode }),
      );
      if (voided.outcome !== 'voided') this.unexpected(`void of payment ${index} rejected: ${voided.reason}`);
      return;
    }

    const amount: Money = { ...plan.amount, value: Math.max(1, Math.floor(plan.amount.value * plan.captureShare)) };
    const captured = await this.settle('capture', reference('capture'), amount, () =>
      this.gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }),
    );
    if (captured.outcome !== 'captured') return this.unexpected(`capture of payment ${index} rejected: ${captured.reason}`);
    if (!plan.refund) return;

    const { processingNumber } = captured;
    const inquiry = await this.untilAnswered(() => this.gateway.refundInquiry({ merchant, processingNumber, amount }));
    if (!inquiry.refundable) return this.unexpected(`sale of payment ${index} not refundable: ${inquiry.reason}`);
    const refunded = await this.settle('refund', reference('refund'), amount, () =>
      this.gateway.refund({ merchant, reference: reference('refund'), processingNumber, amount }),
    );
    if (refunded.outcome !== 'refunded') this.unexpected(`refund of payment ${index} rejected: ${refunded.reason}`);
  }

  private unexpected(what: string): void {
    this.stats.unexpectedOutcomes++;
    if (this.unexpectedExamples.length < 5) this.unexpectedExamples.push(what);
  }

  private async settle<O extends MoneyOperation>(
    operation: O,
    reference: string,
    amount: Money,
    send: () => PromiseLike<Result<OutcomeOf<O>, DomainError>>,
  ): Promise<OutcomeOf<O>> {
    this.stats.operations++;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      if (round > 1) this.stats.resent++;
      this.stats.requests++;
      const answer = await send();
      if (answer.isOk()) return this.believe(reference, operation, answer.value, amount);
      if (answer.error.code !== 'settlement.unavailable') throw new Error(`${operation} ${reference}: ${answer.error.code}`);

      this.stats.unknownOutcomes++;
      const cause = causeOf(answer.error);
      this.stats.unknownByCause[cause] = (this.stats.unknownByCause[cause] ?? 0) + 1;
      const record = await this.untilAnswered(() => this.gateway.inquire({ merchant: this.merchant, reference }));
      this.stats.inquiries++;
      if (record === null) {
        this.stats.resolvedNotApplied++;
        continue;
      }
      if (record.operation !== operation) throw new Error(`inquire(${reference}) told a ${record.operation}`);
      this.stats.resolvedApplied++;
      return this.believe(reference, operation, record.outcome as OutcomeOf<O>, amount);
    }
    throw new Error(`${operation} ${reference} still had no known outcome after ${MAX_ROUNDS} rounds`);
  }

  private believe<O extends MoneyOperation>(reference: string, operation: O, outcome: OutcomeOf<O>, amount: Money): OutcomeOf<O> {
    const earlier = this.beliefs.get(reference);
    if (earlier !== undefined && JSON.stringify(earlier.outcome) !== JSON.stringify(outcome)) this.stats.conflictingAnswers++;
    this.beliefs.set(reference, { operation, outcome, amount });
    return outcome;
  }

  private async untilAnswered<T>(call: () => PromiseLike<Result<T, DomainError>>): Promise<T> {
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const answer = await call();
      if (answer.isOk()) return answer.value;
      if (answer.error.code !== 'settlement.unavailable') throw new Error(answer.error.code);
    }
    throw new Error(`no answer after ${MAX_ROUNDS} tries`);
  }
}

interface LedgerComparison {
  readonly referencesAppliedTwice: number;
  readonly authorizationsCapturedTwice: number;
  readonly believedCapturesNotExactlyOnce: number;
  readonly chargedButUnknown: number;
  readonly outcomesDisagreeing: number;
  readonly believedButNotApplied: number;
  readonly appliedButNotBelieved: number;
}

function compare(beliefs: ReadonlyMap<string, Belief>, ledger: readonly LedgerEntryJson[]): LedgerComparison {
  const byReference = new Map<string, LedgerEntryJson[]>();
  for (const entry of ledger) byReference.set(entry.reference, [...(byReference.get(entry.reference) ?? []), entry]);
  const capturesByPayment = new Map<string, number>();
  for (const entry of ledger) {
    if (entry.operation !== 'capture' || entry.outcome.outcome !== 'captured') continue;
    const payment = entry.reference.replace(/-capture$/, '');
    capturesByPayment.set(payment, (capturesByPayment.get(payment) ?? 0) + 1);
  }
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

  let believedCapturesNotExactlyOnce = 0;
  let outcomesDisagreeing = 0;
  let believedButNotApplied = 0;
  for (const [reference, belief] of beliefs) {
    const entries = byReference.get(reference) ?? [];
    if (entries.length === 0) believedButNotApplied++;
    if (entries.some((entry) => !same(entry.outcome, belief.outcome))) outcomesDisagreeing++;
    if (belief.operation === 'capture' && belief.outcome.outcome === 'captured') {
      const captures = entries.filter((entry) => entry.operation === 'capture' && same(entry.outcome, belief.outcome));
      if (entries.length !== 1 || captures.length !== 1) believedCapturesNotExactlyOnce++;
    }
  }
  const captured = ledger.filter((entry) => entry.operation === 'capture' && entry.outcome.outcome === 'captured');
  return {
    referencesAppliedTwice: [...byReference.values()].filter((entries) => entries.length > 1).length,
    authorizationsCapturedTwice: [...capturesByPayment.values()].filter((count) => count > 1).length,
    believedCapturesNotExactlyOnce,
    chargedButUnknown: captured.filter((entry) => !same(beliefs.get(entry.reference)?.outcome, entry.outcome)).length,
    outcomesDisagreeing,
    believedButNotApplied,
    appliedButNotBelieved: ledger.filter((entry) => !beliefs.has(entry.reference)).length,
  };
}

describe(`Network faults over HTTP: ${OPERATIONS} operations, ${FAULT_RATE * 100} % faults (seed ${SEED})`, function () {
  this.timeout(600_000);
  let server: MockCardNetworkServer;

  before(async () => {
    server = await startMockCardNetworkServer({
      network: new MockCardNetwork({
        faults: { seed: SEED, rate: LAYER_RATE, kinds: FAULT_KINDS, timeoutMs: CLIENT_TIMEOUT_MS + 150, latencyMs: 5 },
      }),
      wireFaults: { seed: SEED + 1, rate: LAYER_RATE, kinds: WIRE_FAULT_KINDS, slowAnswerMs: 20 },
    });
  });

  after(async () => {
    await server.close();
  });

  it('ends with 0 double charges and every unknown outcome resolved by inquiry with the original reference', async () => {
    const started = Date.now();
    const merchant = `network-faults-${SEED}`;
    const control = new MockCardNetworkControl(server.url);
    const gateway = new HttpSettlementGateway({ baseUrl: server.url, timeoutMs: CLIENT_TIMEOUT_MS, retry: { attempts: 1 } });
    const client = new FaultyNetworkClient(gateway, merchant, `run${SEED}`);
    const planned = plans(SEED, OPERATIONS);

    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < planned.length; index = next++) await client.pay(index, planned[index] as PaymentPlan);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const ledger = await control.ledger(merchant);
    const totals = await control.totals(merchant);
    const faults = await control.faults();
    const comparison = compare(client.beliefs, ledger);
    const believed = [...client.beliefs.values()];
    const believedTotal = (operation: MoneyOperation, outcome: string): number =>
      believed.filter((b) => b.operation === operation && b.outcome.outcome === outcome).reduce((sum, b) => sum + b.amount.value, 0);
    const injected = [...Object.values(faults.network), ...Object.values(faults.wire)].reduce((a, b) => a + b, 0);
    const seconds = (Date.now() - started) / 1000;

    console.log(
      `      ${JSON.stringify({
        seed: SEED,
        payments: planned.length,
        ...client.stats,
        ledgerEntries: ledger.length,
        faultsInjected: injected,
        faultsPerRequest: Number((injected / client.stats.requests).toFixed(3)),
        networkFaults: faults.network,
        wireFaults: faults.wire,
        ...comparison,
        seconds,
      })}`,
    );

    expect(comparison.referencesAppliedTwice, 'references applied twice').to.equal(0);
    expect(comparison.authorizationsCapturedTwice, 'authorizations captured twice').to.equal(0);
    expect(comparison.believedCapturesNotExactlyOnce, 'captures the client believes in, not in the ledger exactly once').to.equal(0);
    expect(comparison.chargedButUnknown, 'charged but unknown to the client').to.equal(0);
    expect(comparison.outcomesDisagreeing, 'outcomes the client and the ledger disagree on').to.equal(0);
    expect(comparison.believedButNotApplied, 'outcomes the client believes, never applied').to.equal(0);
    expect(comparison.appliedButNotBelieved, 'applied references the client does not know').to.equal(0);
    expect(client.stats.conflictingAnswers, 'a reference answered two ways').to.equal(0);
    expect(client.unexpectedExamples, 'outcomes a payment of this plan cannot have').to.deep.equal([]);
    expect(totals.captured, 'captured total').to.equal(believedTotal('capture', 'captured'));
    expect(totals.refunded, 'refunded total').to.equal(believedTotal('refund', 'refunded'));
    expect(client.stats.operations, 'operations').to.be.at.least(OPERATIONS);

    expect(client.stats.unknownOutcomes, 'unknown outcomes').to.be.greaterThan(0);
    expect(client.stats.resolvedApplied + client.stats.resolvedNotApplied, 'unknown outcomes resolved by inquiry').to.equal(
      client.stats.unknownOutcomes,
    );
    expect(client.stats.resolvedApplied, 'unknown outcomes found applied').to.be.greaterThan(0);
    expect(client.stats.resolvedNotApplied, 'unknown outcomes found not applied, then re-sent').to.be.greaterThan(0);
    expect(injected / client.stats.requests, 'share of requests meeting a fault').to.be.within(FAULT_RATE * 0.7, FAULT_RATE * 1.3);
    for (const kind of FAULT_KINDS) expect(faults.network[kind], `network fault ${kind}`).to.be.greaterThan(0);
    for (const kind of WIRE_FAULT_KINDS) expect(faults.wire[kind], `wire fault ${kind}`).to.be.greaterThan(0);
    for (const cause of ['timeout', 'connection', 'http_500', 'http_502', 'http_503']) {
      expect(client.stats.unknownByCause[cause] ?? 0, `unknown outcomes seen as ${cause}`).to.be.greaterThan(0);
    }
  });
});
