import { randomInt } from 'node:crypto';
import {
  cardBrandOf,
  luhnValid,
  moneyEquals,
  type AuthorizeOutcome,
  type CaptureOutcome,
  type CardRejectReason,
  type Money,
  type OperationRecord,
  type RefundInquiryOutcome,
  type RefundOutcome,
  type SettlementGateway,
  type TokenizeOutcome,
  type VoidOutcome,
} from '@counterpay/core';
import { FaultInjector, type FaultCounts, type FaultKind, type FaultOptions } from './faults';
import { testCardBehavior, type TestCardBehavior } from './test-cards';
import { TokenVault } from './token-vault';

/** Request of {@link MockCardNetwork.tokenize}, as the port has it. */
export type TokenizeRequest = Parameters<SettlementGateway['tokenize']>[0];
/** Request of {@link MockCardNetwork.authorize}, as the port has it. */
export type AuthorizeRequest = Parameters<SettlementGateway['authorize']>[0];
/** Request of {@link MockCardNetwork.capture}, as the port has it. */
export type CaptureRequest = Parameters<SettlementGateway['capture']>[0];
/** Request of {@link MockCardNetwork.void}, as the port has it. */
export type VoidRequest = Parameters<SettlementGateway['void']>[0];
/** Request of {@link MockCardNetwork.refundInquiry}, as the port has it. */
export type RefundInquiryRequest = Parameters<SettlementGateway['refundInquiry']>[0];
/** Request of {@link MockCardNetwork.refund}, as the port has it. */
export type RefundRequest = Parameters<SettlementGateway['refund']>[0];
/** Request of {@link MockCardNetwork.inquire}, as the port has it. */
export type InquireRequest = Parameters<SettlementGateway['inquire']>[0];

/** A money-moving operation, the kind the network records by reference. */
export type RecordedOperation = OperationRecord['operation'];

/** Settings of a {@link MockCardNetwork}. */
export interface MockCardNetworkOptions {
  /** Time source for expiry checks, the ledger and settlement; default the system clock. */
  readonly clock?: () => Date;
  /**
   * How long a capture stays unsettled: a refund within this time is a `void`, after it a
   * `refund`. Default 0: every refund is a `refund`.
   */
  readonly settlementDelayMs?: number;
  /** Random faults from the start; default none. */
  readonly faults?: FaultOptions | null;
  /** The vault to keep cards in; default a fresh one. */
  readonly vault?: TokenVault;
}

/**
 * One reference the network applied, with its first (and only) outcome. `amount` is what moved:
 * the requested amount, the held amount for a void, null when a void found no authorization.
 */
export type LedgerEntry = OperationRecord & {
  readonly reference: string;
  readonly merchant: string;
  readonly amount: Money | null;
  readonly at: Date;
};

/** Successful operations of a merchant, in minor units (one currency per merchant). */
export interface NetworkTotals {
  readonly authorized: number;
  readonly captured: number;
  /** Refunds of both kinds: `refund` and `void` of an unsettled capture. */
  readonly refunded: number;
  /** Authorizations released by `void`. */
  readonly voided: number;
}

interface Authorization {
  readonly merchant: string;
  readonly amount: Money;
  status: 'authorized' | 'captured' | 'voided';
}

interface Sale {
  readonly merchant: string;
  readonly amount: Money;
  readonly capturedAt: Date;
  refunded: boolean;
}

const AUTHORIZATION_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const REFERENCE_CONFLICT = 'reference_conflict';

function keyOf(merchant: string, id: string): string {
  return `${merchant}\u0000${id}`;
}

function isPositiveAmount(amount: Money): boolean {
  return Number.isSafeInteger(amount.value) && amount.value > 0;
}

function rejectCard(reason: CardRejectReason): TokenizeOutcome {
  return { outcome: 'rejected', reason };
}

function operationRecord(entry: LedgerEntry): OperationRecord {
  switch (entry.operation) {
    case 'authorize':
      return { operation: entry.operation, outcome: entry.outcome };
    case 'capture':
      return { operation: entry.operation, outcome: entry.outcome };
    case 'void':
      return { operation: entry.operation, outcome: entry.outcome };
    case 'refund':
      return { operation: entry.operation, outcome: entry.outcome };
  }
}

/**
 * The in-process mock card network: a token vault, an issuer driven by the test-card table
 * ({@link TEST_CARDS}), and a settlement ledger. It applies each (merchant, reference) at most once
 * and answers a repeat with the first outcome, whatever the repeat carries; a reference reused for
 * another operation is refused (`declined: do_not_honor` for authorize, `rejected:
 * reference_conflict` otherwise) and not recorded. Faults make calls fail without being applied,
 * be applied without an answer, or answer late.
 */
export class MockCardNetwork {
  readonly #clock: () => Date;
  readonly #settlementDelayMs: number;
  readonly #vault: TokenVault;
  readonly #faults: FaultInjector;
  readonly #records = new Map<string, LedgerEntry>();
  readonly #ledger: LedgerEntry[] = [];
  readonly #authorizations = new Map<string, Authorization>();
  readonly #sales = new Map<string, Sale>();
  #lastProcessingNumber = 0;

  constructor(options: MockCardNetworkOptions = {}) {
    this.#clock = options.clock ?? (() => new Date());
    this.#settlementDelayMs = options.settlementDelayMs ?? 0;
    this.#vault = options.vault ?? new TokenVault();
    this.#faults = new FaultInjector(options.faults ?? null);
  }

  /** Checks the card (Luhn, expiry, CVC), keeps it in the vault and answers a token; the CVC is dropped. */
  tokenize(request: TokenizeRequest): Promise<TokenizeOutcome> {
    return this.#faults.run('tokenize', () => this.#tokenize(request));
  }

  /** Holds the amount on the tokenized card, or declines per the test-card table. */
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome> {
    return this.#faults.run('authorize', () => {
      const previous = this.#records.get(keyOf(request.merchant, request.reference));
      if (previous !== undefined) {
        return previous.operation === 'authorize' ? previous.outcome : { outcome: 'declined', reason: 'do_not_honor' };
      }
      const outcome = this.#authorize(request);
      this.#record({ ...this.#entryBase(request), amount: request.amount, operation: 'authorize', outcome });
      return outcome;
    });
  }

  /** Takes up to the authorized amount, once per authorization; answers a 12-digit processing number. */
  capture(request: CaptureRequest): Promise<CaptureOutcome> {
    return this.#faults.run('capture', () => {
      const previous = this.#records.get(keyOf(request.merchant, request.reference));
      if (previous !== undefined) {
        return previous.operation === 'capture' ? previous.outcome : { outcome: 'rejected', reason: REFERENCE_CONFLICT };
      }
      const outcome = this.#capture(request);
      this.#record({ ...this.#entryBase(request), amount: request.amount, operation: 'capture', outcome });
      return outcome;
    });
  }

  /** Releases an authorization that was not captured. */
  void(request: VoidRequest): Promise<VoidOutcome> {
    return this.#faults.run('void', () => {
      const previous = this.#records.get(keyOf(request.merchant, request.reference));
      if (previous !== undefined) {
        return previous.operation === 'void' ? previous.outcome : { outcome: 'rejected', reason: REFERENCE_CONFLICT };
      }
      const authorization = this.#authorizations.get(keyOf(request.merchant, request.authorizationCode));
      const outcome = this.#void(authorization);
      this.#record({ ...this.#entryBase(request), amount: authorization?.amount ?? null, operation: 'void', outcome });
      return outcome;
    });
  }

  /** Whether a sale can be refunded in full, and as a `refund` or a `void` of an unsettled capture. */
  refundInquiry(request: RefundInquiryRequest): Promise<RefundInquiryOutcome> {
    return this.#faults.run('refundInquiry', () => this.#refundability(request));
  }

  /** Refunds a sale in full, once. */
  refund(request: RefundRequest): Promise<RefundOutcome> {
    return this.#faults.run('refund', () => {
      const previous = this.#records.get(keyOf(request.merchant, request.reference));
      if (previous !== undefined) {
        return previous.operation === 'refund' ? previous.outcome : { outcome: 'rejected', reason: REFERENCE_CONFLICT };
      }
      const outcome = this.#refund(request);
      this.#record({ ...this.#entryBase(request), amount: request.amount, operation: 'refund', outcome });
      return outcome;
    });
  }

  /** What the network did with `reference` for `merchant`: null when it never applied it. */
  inquire(request: InquireRequest): Promise<OperationRecord | null> {
    return this.#faults.run('inquire', () => {
      const entry = this.#records.get(keyOf(request.merchant, request.reference));
      return entry === undefined ? null : operationRecord(entry);
    });
  }

  /** Replaces the random faults (null: none); the PRNG restarts from the new seed. */
  setFaults(options: FaultOptions | null): void {
    this.#faults.configure(options);
  }

  /** Makes the next `count` calls of the faulty operations fail with `kind`, before any random fault. */
  failNext(kind: FaultKind, count = 1): void {
    this.#faults.failNext(kind, count);
  }

  /** Faults injected since the network started, by kind. */
  faultsInjected(): FaultCounts {
    return this.#faults.injected();
  }

  /** Every reference applied, in order; only one merchant's when `merchant` is given. */
  ledger(merchant?: string): readonly LedgerEntry[] {
    return merchant === undefined ? [...this.#ledger] : this.#ledger.filter((entry) => entry.merchant === merchant);
  }

  /** What `merchant` had authorized, captured, refunded and voided successfully, in minor units. */
  totals(merchant: string): NetworkTotals {
    const totals = { authorized: 0, captured: 0, refunded: 0, voided: 0 };
    for (const entry of this.ledger(merchant)) {
      const value = entry.amount?.value ?? 0;
      if (entry.operation === 'authorize' && entry.outcome.outcome === 'authorized') totals.authorized += value;
      if (entry.operation === 'capture' && entry.outcome.outcome === 'captured') totals.captured += value;
      if (entry.operation === 'refund' && entry.outcome.outcome === 'refunded') totals.refunded += value;
      if (entry.operation === 'void' && entry.outcome.outcome === 'voided') totals.voided += value;
    }
    return totals;
  }

  /** How many times the network applied `reference` as `operation`: 0 or 1 unless dedupe is broken. */
  countApplied(operation: RecordedOperation, reference: string): number {
    return this.#ledger.filter((entry) => entry.operation === operation && entry.reference === reference).length;
  }

  #tokenize({ merchant, card }: TokenizeRequest): TokenizeOutcome {
    const number = card.number.replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return rejectCard('invalid_number');
    const { expMonth, expYear } = card;
    if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12 || !Number.isInteger(expYear) || expYear < 2000 || expYear > 2099) {
      return rejectCard('invalid_expiry');
    }
    if (this.#isExpired(expMonth, expYear)) return rejectCard('expired_card');
    const cvcLength = cardBrandOf(number) === 'amex' ? 4 : 3;
    if (card.cvc.length !== cvcLength || !/^\d+$/.test(card.cvc)) return rejectCard('incorrect_cvc');
    if (testCardBehavior(number).kind === 'reject_cvc') return rejectCard('incorrect_cvc');
    return { outcome: 'tokenized', method: this.#vault.store(merchant, { number, expMonth, expYear }) };
  }

  #authorize({ merchant, token, amount }: AuthorizeRequest): AuthorizeOutcome {
    if (!isPositiveAmount(amount)) return { outcome: 'declined', reason: 'do_not_honor' };
    const behavior = this.#vault.withCardNumber(merchant, token, (number, card): TestCardBehavior =>
      this.#isExpired(card.expMonth, card.expYear) ? { kind: 'decline', reason: 'expired_card' } : testCardBehavior(number),
    );
    if (behavior === undefined || behavior.kind === 'reject_cvc') return { outcome: 'declined', reason: 'do_not_honor' };
    if (behavior.kind === 'decline') return { outcome: 'declined', reason: behavior.reason };
    const authorizationCode = this.#freshAuthorizationCode(merchant);
    this.#authorizations.set(keyOf(merchant, authorizationCode), { merchant, amount, status: 'authorized' });
    return { outcome: 'authorized', authorizationCode };
  }

  #capture({ merchant, authorizationCode, amount }: CaptureRequest): CaptureOutcome {
    const authorization = this.#authorizations.get(keyOf(merchant, authorizationCode));
    if (authorization === undefined) return { outcome: 'rejected', reason: 'unknown_authorization' };
    if (authorization.status === 'voided') return { outcome: 'rejected', reason: 'authorization_voided' };
    if (authorization.status === 'captured') return { outcome: 'rejected', reason: 'already_captured' };
    if (amount.currency !== authorization.amount.currency) return { outcome: 'rejected', reason: 'currency_mismatch' };
    if (!isPositiveAmount(amount)) return { outcome: 'rejected', reason: 'invalid_amount' };
    if (amount.value > authorization.amount.value) return { outcome: 'rejected', reason: 'amount_exceeds_authorization' };
    authorization.status = 'captured';
    const processingNumber = this.#nextProcessingNumber();
    this.#sales.set(processingNumber, { merchant, amount, capturedAt: this.#clock(), refunded: false });
    return { outcome: 'captured', processingNumber };
  }

  #void(authorization: Authorization | undefined): VoidOutcome {
    if (authorization === undefined) return { outcome: 'rejected', reason: 'unknown_authorization' };
    if (authorization.status === 'captured') return { outcome: 'rejected', reason: 'already_captured' };
    if (authorization.status === 'voided') return { outcome: 'rejected', reason: 'already_voided' };
    authorization.status = 'voided';
    return { outcome: 'voided' };
  }

  #refundability({ merchant, processingNumber, amount }: RefundInquiryRequest): RefundInquiryOutcome {
    const sale = this.#sales.get(processingNumber);
    if (sale === undefined || sale.merchant !== merchant) return { refundable: false, reason: 'unknown_sale' };
    if (sale.refunded) return { refundable: false, reason: 'already_refunded' };
    if (!moneyEquals(amount, sale.amount)) return { refundable: false, reason: 'amount_mismatch' };
    const unsettled = this.#clock().getTime() - sale.capturedAt.getTime() < this.#settlementDelayMs;
    return { refundable: true, kind: unsettled ? 'void' : 'refund' };
  }

  #refund(request: RefundRequest): RefundOutcome {
    const inquiry = this.#refundability(request);
    if (!inquiry.refundable) return { outcome: 'rejected', reason: inquiry.reason };
    const sale = this.#sales.get(request.processingNumber);
    if (sale !== undefined) sale.refunded = true;
    return { outcome: 'refunded', kind: inquiry.kind };
  }

  #isExpired(expMonth: number, expYear: number): boolean {
    return this.#clock().getTime() >= Date.UTC(expYear, expMonth, 1);
  }

  #freshAuthorizationCode(merchant: string): string {
    let code: string;
    do {
      code = Array.from({ length: 6 }, () => AUTHORIZATION_CODE_ALPHABET.charAt(randomInt(AUTHORIZATION_CODE_ALPHABET.length))).join('');
    } while (this.#authorizations.has(keyOf(merchant, code)));
    return code;
  }

  #nextProcessingNumber(): string {
    this.#lastProcessingNumber += 1;
    return String(this.#lastProcessingNumber).padStart(12, '0');
  }

  #entryBase(request: { readonly merchant: string; readonly reference: string }): {
    readonly merchant: string;
    readonly reference: string;
    readonly at: Date;
  } {
    return { merchant: request.merchant, reference: request.reference, at: this.#clock() };
  }

  #record(entry: LedgerEntry): void {
    this.#records.set(keyOf(entry.merchant, entry.reference), entry);
    this.#ledger.push(entry);
  }
}
