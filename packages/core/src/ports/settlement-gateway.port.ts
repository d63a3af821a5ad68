import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Money } from '../domain/money/money';
import type { CardInput, MaskedCard } from '../domain/payment-method/payment-method';

/** Why a card was refused before any authorization. */
export type CardRejectReason = 'invalid_number' | 'incorrect_cvc' | 'invalid_expiry' | 'expired_card' | 'unsupported_brand';

/** Why the network declined an authorization. */
export type DeclineReason = 'generic_decline' | 'insufficient_funds' | 'expired_card' | 'processing_error' | 'do_not_honor';

/** Tokenization: the vault keeps the card and answers with a token and a masked view. */
export type TokenizeOutcome =
  { readonly outcome: 'tokenized'; readonly method: MaskedCard } | { readonly outcome: 'rejected'; readonly reason: CardRejectReason };

/** Authorization: a hold on the funds, or a decline (a normal answer, not an error). */
export type AuthorizeOutcome =
  { readonly outcome: 'authorized'; readonly authorizationCode: string } | { readonly outcome: 'declined'; readonly reason: DeclineReason };

/** Capture: settlement and sales registration; the processing number identifies the sale. */
export type CaptureOutcome =
  { readonly outcome: 'captured'; readonly processingNumber: string } | { readonly outcome: 'rejected'; readonly reason: string };

/** Void: the authorization is released. */
export type VoidOutcome = { readonly outcome: 'voided' } | { readonly outcome: 'rejected'; readonly reason: string };

/** Refund of a captured sale; `void` when the network had not settled it yet. */
export type RefundOutcome =
  { readonly outcome: 'refunded'; readonly kind: 'refund' | 'void' } | { readonly outcome: 'rejected'; readonly reason: string };

/** Answer to a refund (cancel/return) inquiry. */
export type RefundInquiryOutcome =
  { readonly refundable: true; readonly kind: 'refund' | 'void' } | { readonly refundable: false; readonly reason: string };

/** What the network recorded for a reference, as `inquire` tells it. */
export type OperationRecord =
  | { readonly operation: 'authorize'; readonly outcome: AuthorizeOutcome }
  | { readonly operation: 'capture'; readonly outcome: CaptureOutcome }
  | { readonly operation: 'void'; readonly outcome: VoidOutcome }
  | { readonly operation: 'refund'; readonly outcome: RefundOutcome };

/**
 * The card network / settlement server. Every money-moving call carries a `reference` fixed per
 * (transaction, operation) and reused on every retry: the network applies a reference at most once
 * and answers a repeat with the first outcome. `merchant` is the store id (one merchant per store).
 *
 * Errors: `settlement.unavailable` when the outcome is unknown (timeout, connection lost, 5xx);
 * the caller leaves the transaction in its `…ing` state and recovery asks `inquire(reference)`.
 */
export interface SettlementGateway {
  /** Checks the card (Luhn, expiry, CVC) and exchanges it for a token; the number and CVC go no further. */
  tokenize(request: { readonly merchant: string; readonly card: CardInput }): ResultAsync<TokenizeOutcome, DomainError>;
  /** Holds `amount` on the tokenized card. */
  authorize(request: {
    readonly merchant: string;
    readonly reference: string;
    readonly token: string;
    readonly amount: Money;
  }): ResultAsync<AuthorizeOutcome, DomainError>;
  /** Takes the authorized amount. */
  capture(request: {
    readonly merchant: string;
    readonly reference: string;
    readonly authorizationCode: string;
    readonly amount: Money;
  }): ResultAsync<CaptureOutcome, DomainError>;
  /** Releases an authorization that will not be captured. */
  void(request: {
    readonly merchant: string;
    readonly reference: string;
    readonly authorizationCode: string;
  }): ResultAsync<VoidOutcome, DomainError>;
  /** Asks whether a captured sale can be refunded (cancel/return inquiry). */
  refundInquiry(request: {
    readonly merchant: string;
    readonly processingNumber: string;
    readonly amount: Money;
  }): ResultAsync<RefundInquiryOutcome, DomainError>;
  /** Refunds a captured sale (or voids it when not yet settled). */
  refund(request: {
    readonly merchant: string;
    readonly reference: string;
    readonly processingNumber: string;
    readonly amount: Money;
  }): ResultAsync<RefundOutcome, DomainError>;
  /** What the network did with `reference`: null when it never applied it. */
  inquire(request: { readonly merchant: string; readonly reference: string }): ResultAsync<OperationRecord | null, DomainError>;
}
