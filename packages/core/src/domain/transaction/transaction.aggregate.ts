import { err, ok, type Result } from 'neverthrow';
import { domainError, InvariantViolation, type DomainError } from '../shared/domain-error';
import { moneyEquals, type Money } from '../money/money';
import type { CurrencyCode } from '../money/currency';
import type { PaymentMethod, PublicPaymentMethod } from '../payment-method/payment-method';
import { EXPIRABLE_STATUSES, isAllowedTransition, isKnownTransition, type TransactionStatus } from './transaction-status';
import type { DomainEvent, TransactionEventType } from './transaction.events';

/** Where the amount came from: the clerk (F1), the customer (F3), a schedule entry (F4), scanned barcodes (F5). */
export type TransactionSource = 'clerk' | 'customer' | 'schedule' | 'scan';

/** After this many rejected cards or declines, the transaction refuses new card attempts (anti-carding). */
export const MAX_FAILED_CARD_ATTEMPTS = 5;

/** A priced line of a barcode sale or a schedule entry. */
export interface LineItem {
  readonly barcode: string | null;
  readonly sku: string | null;
  readonly name: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly amount: Money;
}

/** Who asked for a move: a staff member, the customer's phone, the network, or counterpay. */
export type Actor =
  | { readonly kind: 'clerk'; readonly staffId: string | null }
  | { readonly kind: 'customer' }
  | { readonly kind: 'network' }
  | { readonly kind: 'system' };

/** The network's authorization of the amount. */
export interface Authorization {
  readonly code: string;
  readonly amount: Money;
  readonly authorizedAt: Date;
}

/** The capture: settlement and sales registration. */
export interface Capture {
  readonly processingNumber: string;
  readonly amount: Money;
  readonly capturedAt: Date;
  readonly capturedBy: string | null;
  /** The counter the sale was made at (an F2 cancellation may be presented at another). */
  readonly counterId: string;
}

/** An F2 cancellation: requested by the clerk, confirmed on the customer's phone. */
export interface Cancellation {
  readonly requestedAt: Date;
  readonly requestedBy: string | null;
  readonly confirmedAt: Date | null;
}

/** The reversal of a captured sale: a refund, or a void when the network had not settled it yet. */
export interface Refund {
  readonly amount: Money;
  readonly kind: 'refund' | 'void';
  readonly refundedAt: Date;
}

/** The phone that opened the presented transaction first. Only the hash of its token is kept. */
export interface CustomerClaim {
  readonly tokenHash: string;
  readonly claimedAt: Date;
}

/** Everything a transaction is, as stored. */
export interface TransactionSnapshot {
  readonly id: string;
  readonly storeId: string;
  readonly counterId: string;
  readonly reference: string;
  readonly source: TransactionSource;
  readonly status: TransactionStatus;
  readonly currency: CurrencyCode;
  readonly amount: Money | null;
  readonly items: readonly LineItem[];
  readonly scheduleEntryId: string | null;
  readonly openedBy: string | null;
  readonly paymentMethod: PaymentMethod | null;
  readonly authorizationAttempt: number;
  readonly authorization: Authorization | null;
  readonly declineReason: string | null;
  readonly capture: Capture | null;
  readonly voidedAt: Date | null;
  readonly cancellation: Cancellation | null;
  readonly refund: Refund | null;
  readonly claim: CustomerClaim | null;
  readonly failedCardAttempts: number;
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Persisted version; the repository's conditional update checks it. 0 until first saved. */
  readonly version: number;
}

/** The view anyone entitled to see the transaction gets: no claim hash, no network token. */
export type TransactionView = Omit<TransactionSnapshot, 'claim' | 'paymentMethod'> & {
  readonly paymentMethod: PublicPaymentMethod | null;
  readonly processingNumber: string | null;
  readonly claimed: boolean;
};

/** What opening a transaction at a counter needs. */
export interface OpenTransaction {
  readonly id: string;
  readonly storeId: string;
  readonly counterId: string;
  readonly reference: string;
  readonly source: TransactionSource;
  readonly currency: CurrencyCode;
  readonly amount: Money | null;
  readonly items?: readonly LineItem[];
  readonly scheduleEntryId?: string | null;
  readonly openedBy: string | null;
  readonly expiresAt: Date;
  readonly now: Date;
}

const EVENT_FOR_STATUS: Partial<Record<TransactionStatus, TransactionEventType>> = {
  awaiting_method: 'transaction.amount_registered',
  method_registered: 'transaction.method_registered',
  authorizing: 'transaction.authorization_requested',
  authorized: 'transaction.authorized',
  declined: 'transaction.declined',
  capturing: 'transaction.capture_requested',
  captured: 'transaction.captured',
  voiding: 'transaction.void_requested',
  voided: 'transaction.voided',
  cancelled: 'transaction.cancelled',
  expired: 'transaction.expired',
  cancel_requested: 'transaction.cancellation_requested',
  cancel_confirmed: 'transaction.cancellation_confirmed',
  refunding: 'transaction.refund_requested',
  refunded: 'transaction.refunded',
};

/**
 * The transaction aggregate: one payment at one counter, from the amount to capture, and on to an
 * F2 cancellation and refund. Every move goes through {@link TRANSACTION_TRANSITIONS} with its actor.
 * `open()` records an event; `rehydrate()` records none.
 */
export class Transaction {
  private events: DomainEvent[] = [];

  private constructor(private state: TransactionSnapshot) {}

  /** Opens a transaction at a counter: waiting for a method, or for the customer's amount (F3). */
  static open(input: OpenTransaction): Result<Transaction, DomainError> {
    if (input.source === 'customer' ? input.amount !== null : input.amount === null) {
      return err(domainError('validation.failed', 'only a customer-amount transaction opens without an amount'));
    }
    if (input.amount !== null) {
      if (input.amount.currency !== input.currency) {
        return err(domainError('money.currency_mismatch', `the store takes ${input.currency}`));
      }
      if (input.amount.value <= 0) return err(domainError('money.invalid_amount', 'amount must be greater than zero'));
    }
    const tx = new Transaction({
      id: input.id,
      storeId: input.storeId,
      counterId: input.counterId,
      reference: input.reference,
      source: input.source,
      status: input.amount === null ? 'awaiting_amount' : 'awaiting_method',
      currency: input.currency,
      amount: input.amount,
      items: input.items ?? [],
      scheduleEntryId: input.scheduleEntryId ?? null,
      openedBy: input.openedBy,
      paymentMethod: null,
      authorizationAttempt: 0,
      authorization: null,
      declineReason: null,
      capture: null,
      voidedAt: null,
      cancellation: null,
      refund: null,
      claim: null,
      failedCardAttempts: 0,
      expiresAt: input.expiresAt,
      createdAt: input.now,
      updatedAt: input.now,
      version: 0,
    });
    tx.record('transaction.opened', input.now, {});
    return ok(tx);
  }

  /** Rebuilds a stored transaction; records no event. */
  static rehydrate(snapshot: TransactionSnapshot): Transaction {
    return new Transaction(snapshot);
  }

  get id(): string {
    return this.state.id;
  }
  get storeId(): string {
    return this.state.storeId;
  }
  get counterId(): string {
    return this.state.counterId;
  }
  get status(): TransactionStatus {
    return this.state.status;
  }
  get version(): number {
    return this.state.version;
  }
  get amount(): Money | null {
    return this.state.amount;
  }
  get paymentMethod(): PaymentMethod | null {
    return this.state.paymentMethod;
  }

  /** The stored form. */
  snapshot(): TransactionSnapshot {
    return this.state;
  }

  /** The public form, safe for the clerk, the customer and event streams. */
  view(): TransactionView {
    return toView(this.state);
  }

  /** Events recorded since the last call; the unit of work saves them with the state. */
  pullEvents(): DomainEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  /** Events recorded and not yet pulled. */
  peekEvents(): readonly DomainEvent[] {
    return this.events;
  }

  /** Called by a repository once the state is stored under a new version. */
  markSaved(version: number): void {
    this.state = { ...this.state, version };
  }

  /**
   * Gateway reference of an operation: fixed per (transaction, operation), reused on every retry.
   * Authorization is numbered per registered method, so a new card after a decline is a new
   * operation while a retry of the same card is not.
   */
  gatewayReference(operation: 'authorize' | 'capture' | 'void' | 'refund'): string {
    return operation === 'authorize' ? `${this.state.id}:authorize:${this.state.authorizationAttempt}` : `${this.state.id}:${operation}`;
  }

  /**
   * The first phone to open the presented transaction claims it; its token's hash is kept.
   * Another phone gets `transaction.claimed`.
   */
  claim(tokenHash: string, now: Date): Result<void, DomainError> {
    if (!this.isPresented()) {
      return err(domainError('counter.nothing_presented', 'the transaction is not waiting for a customer'));
    }
    if (this.state.claim !== null) {
      return err(domainError('transaction.claimed', 'another phone has already opened this transaction'));
    }
    this.state = { ...this.state, claim: { tokenHash, claimedAt: now }, updatedAt: now };
    this.record('transaction.claimed', now, {});
    return ok(undefined);
  }

  /**
   * The clerk lets the presented transaction be opened again by a phone: the claiming phone lost
   * its token (its answer never arrived, the page was closed on another device). Not while the
   * network is being asked, nor once nothing waits for the customer.
   */
  releaseClaim(actor: Actor, now: Date): Result<void, DomainError> {
    if (actor.kind !== 'clerk') {
      return err(domainError('transaction.forbidden_actor', 'only the clerk can let another phone open the transaction'));
    }
    if (!this.isPresented() || this.state.status === 'authorizing' || this.state.status === 'capturing') {
      return err(
        domainError('transaction.invalid_state', `a ${this.state.status} transaction cannot be reopened by a phone`, {
          status: this.state.status,
        }),
      );
    }
    if (this.state.claim === null) return ok(undefined);
    this.state = { ...this.state, claim: null, updatedAt: now };
    this.record('transaction.claim_released', now, { actor: actor.kind });
    return ok(undefined);
  }

  /** True when `tokenHash` is the claiming phone's. */
  isClaimedBy(tokenHash: string): boolean {
    return this.state.claim !== null && this.state.claim.tokenHash === tokenHash;
  }

  /** True when a customer is expected at the counter (so a phone may claim it). */
  isPresented(): boolean {
    return (
      [
        'awaiting_amount',
        'awaiting_method',
        'method_registered',
        'declined',
        'authorizing',
        'authorized',
        'capturing',
        'cancel_requested',
      ] as TransactionStatus[]
    ).includes(this.state.status);
  }

  /** F3: the customer enters the amount on the phone. */
  registerAmount(amount: Money, now: Date): Result<void, DomainError> {
    if (amount.currency !== this.state.currency) {
      return err(domainError('money.currency_mismatch', `the store takes ${this.state.currency}`));
    }
    if (amount.value <= 0) return err(domainError('money.invalid_amount', 'amount must be greater than zero'));
    return this.move('awaiting_method', { kind: 'customer' }, now, { amount }, { amount });
  }

  /** True when another card may still be tried. */
  canAttemptCard(): boolean {
    return this.state.failedCardAttempts < MAX_FAILED_CARD_ATTEMPTS;
  }

  /** Checks that a method may be registered now, before the card is sent for tokenization. */
  ensureAcceptsMethod(): Result<void, DomainError> {
    if (this.state.status !== 'awaiting_method' && this.state.status !== 'declined') {
      return err(this.invalidState('method_registered'));
    }
    if (!this.canAttemptCard()) {
      return err(domainError('card.too_many_attempts', 'too many failed card attempts for this transaction'));
    }
    return ok(undefined);
  }

  /** The customer's card (masked, tokenized) is registered; the clerk sees it. */
  registerPaymentMethod(method: PaymentMethod, now: Date): Result<void, DomainError> {
    return this.ensureAcceptsMethod().andThen(() =>
      this.move(
        'method_registered',
        { kind: 'customer' },
        now,
        { paymentMethod: method, declineReason: null, authorizationAttempt: this.state.authorizationAttempt + 1 },
        {},
      ),
    );
  }

  /** A card the network refused at tokenization (bad number, incorrect CVC): counts as a failed attempt. */
  recordRejectedCard(reason: string, now: Date): Result<void, DomainError> {
    this.state = { ...this.state, failedCardAttempts: this.state.failedCardAttempts + 1, updatedAt: now };
    this.record('transaction.card_rejected', now, { reason, failedCardAttempts: this.state.failedCardAttempts });
    return ok(undefined);
  }

  /** The clerk (or auto-capture's system) asks the network to authorize: saved before the call. */
  beginAuthorization(actor: Actor, now: Date): Result<void, DomainError> {
    if (this.state.paymentMethod === null || this.state.amount === null) {
      return err(this.invalidState('authorizing'));
    }
    return this.move('authorizing', actor, now, {}, {});
  }

  /** The network authorized the amount. */
  completeAuthorization(code: string, now: Date): Result<void, DomainError> {
    const amount = this.state.amount;
    if (amount === null) return err(this.invalidState('authorized'));
    return this.move('authorized', { kind: 'network' }, now, { authorization: { code, amount, authorizedAt: now } }, { code });
  }

  /** The network declined; the customer may register another method. */
  declineAuthorization(reason: string, now: Date): Result<void, DomainError> {
    return this.move(
      'declined',
      { kind: 'network' },
      now,
      { declineReason: reason, failedCardAttempts: this.state.failedCardAttempts + 1 },
      { reason },
    );
  }

  /** The clerk (or auto-capture) asks for capture: saved before the call. */
  beginCapture(actor: Actor, now: Date): Result<void, DomainError> {
    return this.move('capturing', actor, now, {}, {});
  }

  /** Settlement done, sales registered: the processing number identifies the sale from now on. */
  completeCapture(processingNumber: string, capturedBy: string | null, now: Date): Result<void, DomainError> {
    const authorization = this.state.authorization;
    if (authorization === null) return err(this.invalidState('captured'));
    return this.move(
      'captured',
      { kind: 'network' },
      now,
      {
        capture: { processingNumber, amount: authorization.amount, capturedAt: now, capturedBy, counterId: this.state.counterId },
        expiresAt: null,
      },
      { processingNumber },
    );
  }

  /** The clerk releases the authorization instead of capturing. */
  beginVoid(actor: Actor, now: Date): Result<void, DomainError> {
    return this.move('voiding', actor, now, {}, {});
  }

  /** The network released the authorization. */
  completeVoid(now: Date): Result<void, DomainError> {
    return this.move('voided', { kind: 'network' }, now, { voidedAt: now, expiresAt: null }, {});
  }

  /**
   * Recovery found that the network never applied the in-flight operation: go back to where the
   * operation started, so it can be asked again.
   */
  abandonInFlight(now: Date): Result<void, DomainError> {
    const back: Partial<Record<TransactionStatus, TransactionStatus>> = {
      authorizing: 'method_registered',
      capturing: 'authorized',
      voiding: 'authorized',
      refunding: 'cancel_confirmed',
    };
    const target = back[this.state.status];
    if (target === undefined) return err(this.invalidState('method_registered'));
    const from = this.state.status;
    return this.move(target, { kind: 'system' }, now, {}, { from }, 'transaction.operation_not_applied');
  }

  /** The clerk cancels a transaction the customer has not paid. */
  cancel(actor: Actor, now: Date): Result<void, DomainError> {
    return this.move('cancelled', actor, now, { expiresAt: null }, {});
  }

  /** True when the customer timeout has passed in a state that waits for the customer. */
  isExpiredAt(now: Date): boolean {
    return (
      (EXPIRABLE_STATUSES as readonly TransactionStatus[]).includes(this.state.status) &&
      this.state.expiresAt !== null &&
      this.state.expiresAt.getTime() <= now.getTime()
    );
  }

  /**
   * The customer never completed: an unpaid transaction expires; an unconfirmed cancellation lapses
   * and the sale stands.
   */
  expire(now: Date): Result<void, DomainError> {
    if (!this.isExpiredAt(now)) return err(this.invalidState('expired'));
    if (this.state.status === 'cancel_requested') {
      return this.move(
        'captured',
        { kind: 'system' },
        now,
        { cancellation: null, claim: null, expiresAt: null },
        {},
        'transaction.cancellation_withdrawn',
      );
    }
    return this.move('expired', { kind: 'system' }, now, { expiresAt: null }, {});
  }

  /**
   * F2: the clerk enters the processing number and amount; when they match, the sale is presented
   * at `counterId` for the customer to confirm. A fresh claim starts: another phone may come.
   */
  requestCancellation(
    input: { processingNumber: string; amount: Money; counterId: string; staffId: string | null; expiresAt: Date },
    now: Date,
  ): Result<void, DomainError> {
    const capture = this.state.capture;
    if (this.state.status !== 'captured' || capture === null) return err(this.invalidState('cancel_requested'));
    if (capture.processingNumber !== input.processingNumber || !moneyEquals(capture.amount, input.amount)) {
      return err(domainError('transaction.amount_mismatch', 'processing number and amount do not match the sale'));
    }
    return this.move(
      'cancel_requested',
      { kind: 'clerk', staffId: input.staffId },
      now,
      {
        counterId: input.counterId,
        claim: null,
        expiresAt: input.expiresAt,
        cancellation: { requestedAt: now, requestedBy: input.staffId, confirmedAt: null },
      },
      {},
    );
  }

  /** The clerk withdraws a cancellation the customer has not confirmed. */
  withdrawCancellation(actor: Actor, now: Date): Result<void, DomainError> {
    return this.move(
      'captured',
      actor,
      now,
      { cancellation: null, claim: null, expiresAt: null },
      {},
      'transaction.cancellation_withdrawn',
    );
  }

  /** F2: the customer confirms the cancellation on the phone. */
  confirmCancellation(now: Date): Result<void, DomainError> {
    const cancellation = this.state.cancellation;
    if (cancellation === null) return err(this.invalidState('cancel_confirmed'));
    return this.move(
      'cancel_confirmed',
      { kind: 'customer' },
      now,
      { cancellation: { ...cancellation, confirmedAt: now }, expiresAt: null },
      {},
    );
  }

  /** The clerk instructs the refund after the customer's confirmation: saved before the call. */
  beginRefund(actor: Actor, now: Date): Result<void, DomainError> {
    return this.move('refunding', actor, now, {}, {});
  }

  /** The network refunded (or voided, if the sale was not settled yet); the sale is reversed. */
  completeRefund(kind: 'refund' | 'void', now: Date): Result<void, DomainError> {
    const capture = this.state.capture;
    if (capture === null) return err(this.invalidState('refunded'));
    return this.move('refunded', { kind: 'network' }, now, { refund: { amount: capture.amount, kind, refundedAt: now } }, { kind });
  }

  private invalidState(to: TransactionStatus): DomainError {
    return domainError('transaction.invalid_state', `cannot go from ${this.state.status} to ${to}`, {
      status: this.state.status,
      to,
    });
  }

  private move(
    to: TransactionStatus,
    actor: Actor,
    now: Date,
    changes: Partial<TransactionSnapshot>,
    data: Record<string, unknown>,
    eventType?: TransactionEventType,
  ): Result<void, DomainError> {
    const from = this.state.status;
    if (!isKnownTransition(from, to)) return err(this.invalidState(to));
    if (!isAllowedTransition(from, to, actor.kind)) {
      return err(
        domainError('transaction.forbidden_actor', `${actor.kind} cannot move a transaction from ${from} to ${to}`, {
          status: from,
          to,
          actor: actor.kind,
        }),
      );
    }
    this.state = { ...this.state, ...changes, status: to, updatedAt: now };
    const type = eventType ?? EVENT_FOR_STATUS[to];
    if (type === undefined) throw new InvariantViolation(`no event for ${to}`);
    this.record(type, now, { ...data, from, to, actor: actor.kind });
    return ok(undefined);
  }

  private record(type: TransactionEventType, now: Date, data: Record<string, unknown>): void {
    this.events.push({
      type,
      storeId: this.state.storeId,
      counterId: this.state.counterId,
      transactionId: this.state.id,
      occurredAt: now,
      transaction: toView(this.state),
      data,
    });
  }
}

/** Strips the claim hash and the network token. */
export function toView(state: TransactionSnapshot): TransactionView {
  const { claim, paymentMethod, ...rest } = state;
  let method: PublicPaymentMethod | null = null;
  if (paymentMethod !== null) {
    const { token: _token, ...publicMethod } = paymentMethod as PaymentMethod & { token?: string };
    method = publicMethod as PublicPaymentMethod;
  }
  return { ...rest, paymentMethod: method, processingNumber: state.capture?.processingNumber ?? null, claimed: claim !== null };
}
