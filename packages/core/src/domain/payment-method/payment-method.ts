/**
 * How a customer pays. Only a masked view is ever kept: the network's token, brand, last four
 * digits, BIN and expiry. The full number and the CVC never reach the domain's storage.
 */
export const PAYMENT_METHOD_TYPES = ['card', 'debit', 'prepaid', 'wallet', 'bank_transfer', 'konbini'] as const;

/** A kind of payment method a store may enable. */
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];

/**
 * `authorize_capture`: the network holds then takes the funds (cards, debit, prepaid, wallets).
 * `await_funds`: the customer pays later by transfer or at a convenience store; the transaction
 * waits for the funds to be reconciled instead of being authorized and captured.
 */
export type SettlementMode = 'authorize_capture' | 'await_funds';

/** Settlement mode of each method type. */
export const SETTLEMENT_MODE: Readonly<Record<PaymentMethodType, SettlementMode>> = {
  card: 'authorize_capture',
  debit: 'authorize_capture',
  prepaid: 'authorize_capture',
  wallet: 'authorize_capture',
  bank_transfer: 'await_funds',
  konbini: 'await_funds',
};

/** Card brands the mock network and the masked views know. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'jcb' | 'discover' | 'diners' | 'unionpay' | 'unknown';

/** A tokenized card as the merchant may see it: `VISA •••• 4242 12/28`. */
export interface MaskedCard {
  readonly type: 'card' | 'debit' | 'prepaid';
  readonly token: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly bin: string;
  readonly expMonth: number;
  readonly expYear: number;
}

/** A wallet stands for a card the customer keeps with the wallet provider (no number typed). */
export interface WalletMethod {
  readonly type: 'wallet';
  readonly token: string;
  readonly provider: string;
  readonly brand: CardBrand;
  readonly last4: string;
}

/** Bank transfer: the customer sends funds quoting `referenceCode`; reconciliation matches it. */
export interface BankTransferMethod {
  readonly type: 'bank_transfer';
  readonly referenceCode: string;
}

/** Konbini slip: paid in cash at a convenience store, then reported by the network. */
export interface KonbiniMethod {
  readonly type: 'konbini';
  readonly slipNumber: string;
}

/** A registered payment method, masked. */
export type PaymentMethod = MaskedCard | WalletMethod | BankTransferMethod | KonbiniMethod;

/**
 * The card a customer types on their phone. It lives only for the tokenize call: it is never
 * stored, logged or returned.
 */
export interface CardInput {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
  readonly holderName?: string;
}

/** Luhn check of a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Brand from the leading digits (IIN ranges). */
export function cardBrandOf(number: string): CardBrand {
  if (/^4/.test(number)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^35(2[89]|[3-8]\d)/.test(number)) return 'jcb';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^3(0[0-5]|[689])/.test(number)) return 'diners';
  if (/^62/.test(number)) return 'unionpay';
  return 'unknown';
}

/** A payment method without its network token: what the clerk and the customer may see. */
export type PublicPaymentMethod = DistributiveOmit<PaymentMethod, 'token'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** `VISA •••• 4242 12/28`, the only way a card is shown to the clerk. */
export function describePaymentMethod(method: PublicPaymentMethod): string {
  switch (method.type) {
    case 'card':
    case 'debit':
    case 'prepaid':
      return `${method.brand.toUpperCase()} •••• ${method.last4} ${String(method.expMonth).padStart(2, '0')}/${String(method.expYear % 100).padStart(2, '0')}`;
    case 'wallet':
      return `${method.provider} ${method.brand.toUpperCase()} •••• ${method.last4}`;
    case 'bank_transfer':
      return `bank transfer ${method.referenceCode}`;
    case 'konbini':
      return `konbini ${method.slipNumber}`;
  }
}
