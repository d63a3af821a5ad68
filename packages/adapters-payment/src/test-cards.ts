import type { CardBrand, DeclineReason } from '@counterpay/core';

/** How the mock network treats a test card. */
export type TestCardBehavior =
  { readonly kind: 'approve' } | { readonly kind: 'decline'; readonly reason: DeclineReason } | { readonly kind: 'reject_cvc' };

/** One row of the test-card table: a number, its brand and what the network does with it. */
export interface TestCard {
  readonly number: string;
  readonly brand: CardBrand;
  readonly behavior: TestCardBehavior;
}

/**
 * The magic numbers of the mock card network (see DESIGN.md, "Mock card network"). Any other
 * Luhn-valid number is approved.
 */
export const TEST_CARDS = {
  visa: { number: '4242424242424242', brand: 'visa', behavior: { kind: 'approve' } },
  mastercard: { number: '5555555555554444', brand: 'mastercard', behavior: { kind: 'approve' } },
  amex: { number: '378282246310005', brand: 'amex', behavior: { kind: 'approve' } },
  jcb: { number: '3566002020360505', brand: 'jcb', behavior: { kind: 'approve' } },
  genericDecline: {
    number: '4000000000000002',
    brand: 'visa',
    behavior: { kind: 'decline', reason: 'generic_decline' },
  },
  insufficientFunds: {
    number: '4000000000009995',
    brand: 'visa',
    behavior: { kind: 'decline', reason: 'insufficient_funds' },
  },
  expiredCard: { number: '4000000000000069', brand: 'visa', behavior: { kind: 'decline', reason: 'expired_card' } },
  incorrectCvc: { number: '4000000000000127', brand: 'visa', behavior: { kind: 'reject_cvc' } },
  processingError: {
    number: '4000000000000119',
    brand: 'visa',
    behavior: { kind: 'decline', reason: 'processing_error' },
  },
} as const satisfies Record<string, TestCard>;

const BY_NUMBER: ReadonlyMap<string, TestCard> = new Map(Object.values(TEST_CARDS).map((card): [string, TestCard] => [card.number, card]));

/** What the network does with `number`: a row of {@link TEST_CARDS}, or approve. */
export function testCardBehavior(number: string): TestCardBehavior {
  return BY_NUMBER.get(number)?.behavior ?? { kind: 'approve' };
}
