import { expect } from 'chai';
import type { ResultAsync } from 'neverthrow';
import type { Money } from '../../domain/money/money';
import { cardBrandOf, type CardInput } from '../../domain/payment-method/payment-method';
import type { DomainError } from '../../domain/shared/domain-error';
import type { DeclineReason, SettlementGateway } from '../../ports/settlement-gateway.port';

/**
 * What an adapter hands the {@link settlementGatewayContract}: a gateway, the cards its network
 * treats as approved, declined, short of funds and with a wrong CVC (all with an expiry in the
 * future), and an optional `close` run after each test.
 */
export interface SettlementGatewayFixture {
  readonly gateway: SettlementGateway;
  readonly cards: {
    readonly approved: CardInput;
    readonly declined: CardInput;
    readonly insufficientFunds: CardInput;
    readonly incorrectCvc: CardInput;
  };
  /** Merchant id the network knows; defaults to `contract-merchant`. */
  readonly merchant?: string;
  readonly close?: () => Promise<void>;
}

const DECLINE_REASONS: readonly DeclineReason[] = [
  'generic_decline',
  'insufficient_funds',
  'expired_card',
  'processing_error',
  'do_not_honor',
];

async function answered<T>(call: ResultAsync<T, DomainError>): Promise<T> {
  const result = await call;
  if (result.isErr()) {
    throw new Error(`gateway answered ${result.error.code}: ${result.error.message}`);
  }
  return result.value;
}

function withWrongCheckDigit(number: string): string {
  const last = Number(number.slice(-1));
  return `${number.slice(0, -1)}${(last + 1) % 10}`;
}

function collectValues(value: unknown, keys: string[], leaves: unknown[]): void {
  if (Array.isArray(value)) {
    value.forEach((item) => collectValues(item, keys, leaves));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      keys.push(key);
      collectValues(item, keys, leaves);
    }
  } else {
    leaves.push(value);
  }
}

/**
 * The behaviour every {@link SettlementGateway} adapter must show, whatever network sits behind it.
 * Each test uses references unique to the run, so the suite can run against a network that keeps
 * its records between runs.
 *
 * @example
 * settlementGatewayContract('mock network', async () => ({
 *   gateway: new MockSettlementGateway(new MockCardNetwork()),
 *   cards: { approved, declined, insufficientFunds, incorrectCvc },
 * }));
 */
export function settlementGatewayContract(name: string, factory: () => Promise<SettlementGatewayFixture>): void {
  describe(`SettlementGateway contract: ${name}`, () => {
    const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    let sequence = 0;
    let fixture: SettlementGatewayFixture;
    let gateway: SettlementGateway;
    let merchant: string;
    const amount: Money = { value: 1200, currency: 'JPY' };

    const reference = (label: string): string => `contract-${runId}-${++sequence}-${label}`;

    const tokenOf = async (card: CardInput): Promise<string> => {
      const outcome = await answered(gateway.tokenize({ merchant, card }));
      if (outcome.outcome !== 'tokenized') throw new Error(`card was rejected: ${outcome.reason}`);
      return outcome.method.token;
    };

    const authorizedCode = async (authorizeReference = reference('authorize')): Promise<string> => {
      const token = await tokenOf(fixture.cards.approved);
      const outcome = await answered(gateway.authorize({ merchant, reference: authorizeReference, token, amount }));
      if (outcome.outcome !== 'authorized') throw new Error(`authorization was declined: ${outcome.reason}`);
      return outcome.authorizationCode;
    };

    const capturedSale = async (): Promise<string> => {
      const authorizationCode = await authorizedCode();
      const outcome = await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));
      if (outcome.outcome !== 'captured') throw new Error(`capture was rejected: ${outcome.reason}`);
      return outcome.processingNumber;
    };

    beforeEach(async () => {
      fixture = await factory();
      gateway = fixture.gateway;
      merchant = fixture.merchant ?? 'contract-merchant';
    });

    afterEach(async () => {
      await fixture.close?.();
    });

    describe('tokenize', () => {
      it('exchanges an approved card for a token and a masked view of it', async () => {
        const card = fixture.cards.approved;
        const outcome = await answered(gateway.tokenize({ merchant, card }));

        expect(outcome.outcome).to.equal('tokenized');
        if (outcome.outcome !== 'tokenized') return;
        expect(outcome.method.token).to.be.a('string').with.length.greaterThan(0);
        expect(outcome.method.type).to.be.oneOf(['card', 'debit', 'prepaid']);
        expect(outcome.method.last4).to.equal(card.number.slice(-4));
        expect(outcome.method.brand).to.equal(cardBrandOf(card.number));
        expect(card.number.startsWith(outcome.method.bin)).to.equal(true, 'bin is a prefix of the number');
        expect(outcome.method.bin.length).to.be.within(6, 8);
        expect(outcome.method.expMonth).to.equal(card.expMonth);
        expect(outcome.method.expYear).to.equal(card.expYear);
      });

      it('answers without the card number or the CVC', async () => {
        const card = fixture.cards.approved;
        const outcome = await answered(gateway.tokenize({ merchant, card }));
        const json = JSON.stringify(outcome);
        const keys: string[] = [];
        const leaves: unknown[] = [];
        collectValues(JSON.parse(json), keys, leaves);

        expect(json).not.to.contain(card.number);
        expect(json).not.to.contain(card.number.slice(0, 12));
        expect(leaves).not.to.include(card.cvc);
        expect(leaves).not.to.include(Number(card.cvc));
        expect(keys.filter((key) => /cvc|cvv|security/i.test(key))).to.deep.equal([]);
      });

      it('gives each tokenization its own token', async () => {
        const first = await tokenOf(fixture.cards.approved);
        const second = await tokenOf(fixture.cards.approved);
        expect(first).not.to.equal(second);
      });

      it('rejects a card whose CVC the issuer does not accept', async () => {
        const outcome = await answered(gateway.tokenize({ merchant, card: fixture.cards.incorrectCvc }));
        expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
      });

      it('rejects a CVC of the wrong length', async () => {
        const card = { ...fixture.cards.approved, cvc: '12' };
        const outcome = await answered(gateway.tokenize({ merchant, card }));
        expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
      });

      it('rejects a number that fails the Luhn check', async () => {
        const card = { ...fixture.cards.approved, number: withWrongCheckDigit(fixture.cards.approved.number) };
        const outcome = await answered(gateway.tokenize({ merchant, card }));
        expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'invalid_number' });
      });

      it('rejects an expiry in the past', async () => {
        const card = { ...fixture.cards.approved, expMonth: 1, expYear: new Date().getUTCFullYear() - 1 };
        const outcome = await answered(gateway.tokenize({ merchant, card }));
        expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'expired_card' });
      });

      it('rejects a month that does not exist', async () => {
        const card = { ...fixture.cards.approved, expMonth: 13 };
        const outcome = await answered(gateway.tokenize({ merchant, card }));
        expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'invalid_expiry' });
      });
    });

    describe('authorize', () => {
      it('authorizes an approved card with an authorization code', async () => {
        const token = await tokenOf(fixture.cards.approved);
        const outcome = await answered(gateway.authorize({ merchant, reference: reference('authorize'), token, amount }));

        expect(outcome.outcome).to.equal('authorized');
        if (outcome.outcome !== 'authorized') return;
        expect(outcome.authorizationCode).to.be.a('string').with.length.greaterThan(0);
      });

      it('declines a declined card with a reason, as an answer rather than an error', async () => {
        const token = await tokenOf(fixture.cards.declined);
        const outcome = await answered(gateway.authorize({ merchant, reference: reference('authorize'), token, amount }));

        expect(outcome.outcome).to.equal('declined');
        if (outcome.outcome !== 'declined') return;
        expect(outcome.reason).to.be.oneOf(DECLINE_REASONS);
      });

      it('declines a card short of funds with insufficient_funds', async () => {
        const token = await tokenOf(fixture.cards.insufficientFunds);
        const outcome = await answered(gateway.authorize({ merchant, reference: reference('authorize'), token, amount }));
        expect(outcome).to.deep.equal({ outcome: 'declined', reason: 'insufficient_funds' });
      });

      it('answers a repeated reference with the first outcome and records it once', async () => {
        const token = await tokenOf(fixture.cards.approved);
        const ref = reference('authorize');
        const first = await answered(gateway.authorize({ merchant, reference: ref, token, amount }));
        const repeat = await answered(gateway.authorize({ merchant, reference: ref, token, amount }));

        expect(repeat).to.deep.equal(first);
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'authorize',
          outcome: first,
        });
      });

      it('lets inquire tell the authorization', async () => {
        const token = await tokenOf(fixture.cards.approved);
        const ref = reference('authorize');
        const outcome = await answered(gateway.authorize({ merchant, reference: ref, token, amount }));
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'authorize',
          outcome,
        });
      });

      it('lets inquire tell a decline', async () => {
        const token = await tokenOf(fixture.cards.declined);
        const ref = reference('authorize');
        const outcome = await answered(gateway.authorize({ merchant, reference: ref, token, amount }));
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'authorize',
          outcome,
        });
      });
    });

    describe('capture', () => {
      it('captures an authorization and answers a processing number of 6 to 20 digits', async () => {
        const authorizationCode = await authorizedCode();
        const outcome = await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));

        expect(outcome.outcome).to.equal('captured');
        if (outcome.outcome !== 'captured') return;
        expect(outcome.processingNumber).to.match(/^\d{6,20}$/);
      });

      it('answers a repeated reference with the same processing number', async () => {
        const authorizationCode = await authorizedCode();
        const ref = reference('capture');
        const first = await answered(gateway.capture({ merchant, reference: ref, authorizationCode, amount }));
        const repeat = await answered(gateway.capture({ merchant, reference: ref, authorizationCode, amount }));

        expect(first.outcome).to.equal('captured');
        expect(repeat).to.deep.equal(first);
      });

      it('gives each sale its own processing number', async () => {
        const first = await capturedSale();
        const second = await capturedSale();
        expect(first).not.to.equal(second);
      });

      it('rejects a second capture of the same authorization under a new reference', async () => {
        const authorizationCode = await authorizedCode();
        await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));
        const again = await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));
        expect(again.outcome).to.equal('rejected');
      });

      it('rejects capturing more than was authorized', async () => {
        const authorizationCode = await authorizedCode();
        const outcome = await answered(
          gateway.capture({
            merchant,
            reference: reference('capture'),
            authorizationCode,
            amount: { ...amount, value: amount.value + 1 },
          }),
        );
        expect(outcome.outcome).to.equal('rejected');
      });

      it('rejects an authorization code it never gave', async () => {
        const outcome = await answered(
          gateway.capture({ merchant, reference: reference('capture'), authorizationCode: `none${runId}`, amount }),
        );
        expect(outcome.outcome).to.equal('rejected');
      });

      it('lets inquire tell the capture', async () => {
        const authorizationCode = await authorizedCode();
        const ref = reference('capture');
        const outcome = await answered(gateway.capture({ merchant, reference: ref, authorizationCode, amount }));
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'capture',
          outcome,
        });
      });
    });

    describe('void', () => {
      it('voids an authorization, after which it cannot be captured', async () => {
        const authorizationCode = await authorizedCode();
        const voided = await answered(gateway.void({ merchant, reference: reference('void'), authorizationCode }));
        const capture = await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));

        expect(voided).to.deep.equal({ outcome: 'voided' });
        expect(capture.outcome).to.equal('rejected');
      });

      it('rejects voiding a captured authorization', async () => {
        const authorizationCode = await authorizedCode();
        await answered(gateway.capture({ merchant, reference: reference('capture'), authorizationCode, amount }));
        const outcome = await answered(gateway.void({ merchant, reference: reference('void'), authorizationCode }));
        expect(outcome.outcome).to.equal('rejected');
      });

      it('lets inquire tell the void', async () => {
        const authorizationCode = await authorizedCode();
        const ref = reference('void');
        const outcome = await answered(gateway.void({ merchant, reference: ref, authorizationCode }));
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'void',
          outcome,
        });
      });
    });

    describe('refund', () => {
      it('tells a captured sale is refundable', async () => {
        const processingNumber = await capturedSale();
        const inquiry = await answered(gateway.refundInquiry({ merchant, processingNumber, amount }));

        expect(inquiry.refundable).to.equal(true);
        if (!inquiry.refundable) return;
        expect(inquiry.kind).to.be.oneOf(['refund', 'void']);
      });

      it('tells a sale it does not know is not refundable', async () => {
        const inquiry = await answered(gateway.refundInquiry({ merchant, processingNumber: '99999999999999999999', amount }));
        expect(inquiry.refundable).to.equal(false);
      });

      it('refunds a sale once: a repeat answers the same, a new reference is rejected', async () => {
        const processingNumber = await capturedSale();
        const ref = reference('refund');
        const first = await answered(gateway.refund({ merchant, reference: ref, processingNumber, amount }));
        const repeat = await answered(gateway.refund({ merchant, reference: ref, processingNumber, amount }));
        const second = await answered(gateway.refund({ merchant, reference: reference('refund'), processingNumber, amount }));

        expect(first.outcome).to.equal('refunded');
        if (first.outcome !== 'refunded') return;
        expect(first.kind).to.be.oneOf(['refund', 'void']);
        expect(repeat).to.deep.equal(first);
        expect(second.outcome).to.equal('rejected');
      });

      it('tells a refunded sale is no longer refundable', async () => {
        const processingNumber = await capturedSale();
        await answered(gateway.refund({ merchant, reference: reference('refund'), processingNumber, amount }));
        const inquiry = await answered(gateway.refundInquiry({ merchant, processingNumber, amount }));
        expect(inquiry.refundable).to.equal(false);
      });

      it('lets inquire tell the refund', async () => {
        const processingNumber = await capturedSale();
        const ref = reference('refund');
        const outcome = await answered(gateway.refund({ merchant, reference: ref, processingNumber, amount }));
        expect(await answered(gateway.inquire({ merchant, reference: ref }))).to.deep.equal({
          operation: 'refund',
          outcome,
        });
      });
    });

    describe('inquire', () => {
      it('answers null for a reference the network never applied', async () => {
        expect(await answered(gateway.inquire({ merchant, reference: reference('unknown') }))).to.equal(null);
      });
    });
  });
}
