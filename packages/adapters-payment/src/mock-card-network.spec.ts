import { expect } from 'chai';
import type { CardInput, Money } from '@counterpay/core';
import { MockCardNetwork } from './mock-card-network';
import { TEST_CARDS } from './test-cards';

const merchant = 'store-1';
const amount: Money = { value: 1200, currency: 'JPY' };
const expYear = new Date().getUTCFullYear() + 3;

function card(number: string, overrides: Partial<CardInput> = {}): CardInput {
  return { number, expMonth: 12, expYear, cvc: number.startsWith('37') ? '1234' : '123', ...overrides };
}

async function tokenOf(network: MockCardNetwork, number: string, owner = merchant): Promise<string> {
  const outcome = await network.tokenize({ merchant: owner, card: card(number) });
  if (outcome.outcome !== 'tokenized') throw new Error(`${number.slice(-4)} was rejected: ${outcome.reason}`);
  return outcome.method.token;
}

async function authorizationOf(network: MockCardNetwork, reference: string, held: Money = amount): Promise<string> {
  const token = await tokenOf(network, TEST_CARDS.visa.number);
  const outcome = await network.authorize({ merchant, reference, token, amount: held });
  if (outcome.outcome !== 'authorized') throw new Error(`declined: ${outcome.reason}`);
  return outcome.authorizationCode;
}

async function saleOf(network: MockCardNetwork, reference: string): Promise<string> {
  const authorizationCode = await authorizationOf(network, `${reference}-auth`);
  const outcome = await network.capture({ merchant, reference, authorizationCode, amount });
  if (outcome.outcome !== 'captured') throw new Error(`capture rejected: ${outcome.reason}`);
  return outcome.processingNumber;
}

function manualClock(start: string): { now: () => Date; advance: (ms: number) => void; set: (iso: string) => void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = new Date(iso).getTime();
    },
  };
}

describe('MockCardNetwork', () => {
  describe('test cards', () => {
    for (const [name, row] of Object.entries(TEST_CARDS)) {
      it(`${name} ${row.number}: ${row.behavior.kind === 'decline' ? row.behavior.reason : row.behavior.kind}`, async () => {
        const network = new MockCardNetwork();
        const tokenized = await network.tokenize({ merchant, card: card(row.number) });

        if (row.behavior.kind === 'reject_cvc') {
          expect(tokenized).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
          return;
        }
        if (tokenized.outcome !== 'tokenized') throw new Error(`rejected: ${tokenized.reason}`);
        expect(tokenized.method.brand).to.equal(row.brand);
        expect(tokenized.method.last4).to.equal(row.number.slice(-4));

        const authorized = await network.authorize({
          merchant,
          reference: 'r1',
          token: tokenized.method.token,
          amount,
        });
        if (row.behavior.kind === 'decline') {
          expect(authorized).to.deep.equal({ outcome: 'declined', reason: row.behavior.reason });
        } else {
          expect(authorized.outcome).to.equal('authorized');
        }
      });
    }

    for (const [brand, number] of [
      ['visa', '4111111111111111'],
      ['mastercard', '2223003122003222'],
      ['discover', '6011111111111117'],
      ['unknown', '0000000000000000'],
    ] as const) {
      it(`approves any other Luhn-valid number (${brand} ${number})`, async () => {
        const network = new MockCardNetwork();
        const tokenized = await network.tokenize({ merchant, card: card(number) });
        if (tokenized.outcome !== 'tokenized') throw new Error(`rejected: ${tokenized.reason}`);
        const authorized = await network.authorize({
          merchant,
          reference: 'r1',
          token: tokenized.method.token,
          amount,
        });

        expect(tokenized.method.brand).to.equal(brand);
        expect(authorized.outcome).to.equal('authorized');
      });
    }
  });

  describe('tokenize', () => {
    it('accepts a number typed with spaces', async () => {
      const network = new MockCardNetwork();
      const outcome = await network.tokenize({ merchant, card: card('4242 4242 4242 4242') });
      expect(outcome.outcome === 'tokenized' && outcome.method.last4).to.equal('4242');
    });

    it('wants four CVC digits for Amex and three for the others', async () => {
      const network = new MockCardNetwork();
      const amexShort = await network.tokenize({ merchant, card: card(TEST_CARDS.amex.number, { cvc: '123' }) });
      const visaLong = await network.tokenize({ merchant, card: card(TEST_CARDS.visa.number, { cvc: '1234' }) });
      const visaLetters = await network.tokenize({ merchant, card: card(TEST_CARDS.visa.number, { cvc: '12a' }) });

      expect(amexShort).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
      expect(visaLong).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
      expect(visaLetters).to.deep.equal({ outcome: 'rejected', reason: 'incorrect_cvc' });
    });

    it('rejects a number of the wrong length or with letters as invalid_number', async () => {
      const network = new MockCardNetwork();
      for (const number of ['42424242', '4242424242424242424242', '4242-4242-4242-424x']) {
        expect(await network.tokenize({ merchant, card: card(number) })).to.deep.equal({
          outcome: 'rejected',
          reason: 'invalid_number',
        });
      }
    });

    it('takes a card through the last day of its expiry month, by the injected clock', async () => {
      const clock = manualClock('2030-06-30T23:59:59Z');
      const network = new MockCardNetwork({ clock: clock.now });
      const lastMonth = await network.tokenize({
        merchant,
        card: card(TEST_CARDS.visa.number, { expMonth: 5, expYear: 2030 }),
      });
      const thisMonth = await network.tokenize({
        merchant,
        card: card(TEST_CARDS.visa.number, { expMonth: 6, expYear: 2030 }),
      });

      expect(lastMonth).to.deep.equal({ outcome: 'rejected', reason: 'expired_card' });
      expect(thisMonth.outcome).to.equal('tokenized');
    });

    it('rejects an impossible expiry as invalid_expiry', async () => {
      const network = new MockCardNetwork();
      for (const expiry of [{ expMonth: 0 }, { expMonth: 13 }, { expMonth: 1.5 }, { expYear: 30 }]) {
        expect(await network.tokenize({ merchant, card: card(TEST_CARDS.visa.number, expiry) })).to.deep.equal({
          outcome: 'rejected',
          reason: 'invalid_expiry',
        });
      }
    });
  });

  describe('authorize', () => {
    it('declines a card that expired after it was tokenized', async () => {
      const clock = manualClock('2030-06-15T00:00:00Z');
      const network = new MockCardNetwork({ clock: clock.now });
      const tokenized = await network.tokenize({
        merchant,
        card: card(TEST_CARDS.visa.number, { expMonth: 6, expYear: 2030 }),
      });
      if (tokenized.outcome !== 'tokenized') throw new Error('rejected');
      clock.set('2030-07-01T00:00:00Z');

      const outcome = await network.authorize({ merchant, reference: 'r1', token: tokenized.method.token, amount });
      expect(outcome).to.deep.equal({ outcome: 'declined', reason: 'expired_card' });
    });

    it("declines another merchant's token", async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network, TEST_CARDS.visa.number, 'store-2');
      const outcome = await network.authorize({ merchant, reference: 'r1', token, amount });
      expect(outcome).to.deep.equal({ outcome: 'declined', reason: 'do_not_honor' });
    });

    it('answers a repeat with other details with the first outcome', async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network, TEST_CARDS.visa.number);
      const first = await network.authorize({ merchant, reference: 'r1', token, amount });
      const repeat = await network.authorize({ merchant, reference: 'r1', token, amount: { ...amount, value: 9999 } });

      expect(repeat).to.deep.equal(first);
      expect(network.totals(merchant).authorized).to.equal(amount.value);
    });

    it('applies one of 50 concurrent identical authorizations and answers all alike', async () => {
      const network = new MockCardNetwork({ faults: { seed: 7, rate: 1, kinds: ['latency'], latencyMs: 2 } });
      const token = await tokenOf(network, TEST_CARDS.visa.number);
      const request = { merchant, reference: 'concurrent', token, amount };

      const outcomes = await Promise.all(Array.from({ length: 50 }, () => network.authorize(request)));

      expect(outcomes.every((outcome) => JSON.stringify(outcome) === JSON.stringify(outcomes[0]))).to.equal(true);
      expect(network.countApplied('authorize', 'concurrent')).to.equal(1);
      expect(network.ledger(merchant)).to.have.length(1);
    });

    it('applies one of 50 concurrent identical authorizations under random faults', async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network, TEST_CARDS.visa.number);
      const request = { merchant, reference: 'flaky', token, amount };
      network.setFaults({ seed: 42, rate: 0.6, kinds: ['timeout', 'error', 'lost_response', 'latency'], latencyMs: 2 });

      const settled = await Promise.allSettled(Array.from({ length: 50 }, () => network.authorize(request)));
      network.setFaults(null);
      const final = await network.authorize(request);

      const answered = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(answered.length).to.be.greaterThan(0);
      expect(answered.length).to.be.lessThan(50);
      for (const outcome of answered) expect(outcome).to.deep.equal(final);
      expect(network.countApplied('authorize', 'flaky')).to.equal(1);
    });
  });

  describe('capture', () => {
    it('captures part of an authorization', async () => {
      const network = new MockCardNetwork();
      const authorizationCode = await authorizationOf(network, 'a1');
      const outcome = await network.capture({
        merchant,
        reference: 'c1',
        authorizationCode,
        amount: { ...amount, value: 1000 },
      });
      expect(outcome.outcome).to.equal('captured');
      expect(network.totals(merchant).captured).to.equal(1000);
    });

    it('rejects a capture in another currency', async () => {
      const network = new MockCardNetwork();
      const authorizationCode = await authorizationOf(network, 'a1');
      const outcome = await network.capture({
        merchant,
        reference: 'c1',
        authorizationCode,
        amount: { value: 1200, currency: 'USD' },
      });
      expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'currency_mismatch' });
    });

    it("rejects capturing another merchant's authorization", async () => {
      const network = new MockCardNetwork();
      const authorizationCode = await authorizationOf(network, 'a1');
      const outcome = await network.capture({ merchant: 'store-2', reference: 'c1', authorizationCode, amount });
      expect(outcome).to.deep.equal({ outcome: 'rejected', reason: 'unknown_authorization' });
    });

    it('numbers sales with 12 digits, unique across merchants', async () => {
      const network = new MockCardNetwork();
      const numbers: string[] = [];
      for (const owner of ['store-1', 'store-2', 'store-1']) {
        const token = await tokenOf(network, TEST_CARDS.visa.number, owner);
        const reference = `${owner}-${numbers.length}`;
        const authorized = await network.authorize({ merchant: owner, reference, token, amount });
        if (authorized.outcome !== 'authorized') throw new Error('declined');
        const captured = await network.capture({
          merchant: owner,
          reference: `${reference}-capture`,
          authorizationCode: authorized.authorizationCode,
          amount,
        });
        if (captured.outcome !== 'captured') throw new Error('rejected');
        numbers.push(captured.processingNumber);
      }

      for (const number of numbers) expect(number).to.match(/^\d{12}$/);
      expect(new Set(numbers).size).to.equal(3);
    });

    it('refuses a reference already used for another operation, without recording it', async () => {
      const network = new MockCardNetwork();
      const authorizationCode = await authorizationOf(network, 'shared');
      const capture = await network.capture({ merchant, reference: 'shared', authorizationCode, amount });
      const voided = await network.void({ merchant, reference: 'shared', authorizationCode });

      expect(capture).to.deep.equal({ outcome: 'rejected', reason: 'reference_conflict' });
      expect(voided).to.deep.equal({ outcome: 'rejected', reason: 'reference_conflict' });
      expect(network.countApplied('capture', 'shared')).to.equal(0);
      expect((await network.inquire({ merchant, reference: 'shared' }))?.operation).to.equal('authorize');
    });
  });

  describe('void', () => {
    it('rejects voiding an authorization twice under different references', async () => {
      const network = new MockCardNetwork();
      const authorizationCode = await authorizationOf(network, 'a1');
      await network.void({ merchant, reference: 'v1', authorizationCode });
      const again = await network.void({ merchant, reference: 'v2', authorizationCode });
      expect(again).to.deep.equal({ outcome: 'rejected', reason: 'already_voided' });
    });
  });

  describe('refund', () => {
    it('voids a capture that has not settled yet and refunds one that has', async () => {
      const clock = manualClock('2020-01-10T10:00:00Z');
      const network = new MockCardNetwork({ clock: clock.now, settlementDelayMs: 60_000 });
      const fresh = await saleOf(network, 'c1');
      const settled = await saleOf(network, 'c2');
      clock.advance(30_000);

      expect(await network.refundInquiry({ merchant, processingNumber: fresh, amount })).to.deep.equal({
        refundable: true,
        kind: 'void',
      });
      expect(await network.refund({ merchant, reference: 'r1', processingNumber: fresh, amount })).to.deep.equal({
        outcome: 'refunded',
        kind: 'void',
      });
      clock.advance(30_000);
      expect(await network.refund({ merchant, reference: 'r2', processingNumber: settled, amount })).to.deep.equal({
        outcome: 'refunded',
        kind: 'refund',
      });
    });

    it('refunds only the captured amount, in full', async () => {
      const network = new MockCardNetwork();
      const processingNumber = await saleOf(network, 'c1');
      const partial = { ...amount, value: 100 };

      expect(await network.refundInquiry({ merchant, processingNumber, amount: partial })).to.deep.equal({
        refundable: false,
        reason: 'amount_mismatch',
      });
      expect(await network.refund({ merchant, reference: 'r1', processingNumber, amount: partial })).to.deep.equal({
        outcome: 'rejected',
        reason: 'amount_mismatch',
      });
    });

    it("does not let a merchant refund or inquire about another merchant's sale", async () => {
      const network = new MockCardNetwork();
      const processingNumber = await saleOf(network, 'c1');

      expect(await network.refundInquiry({ merchant: 'store-2', processingNumber, amount })).to.deep.equal({
        refundable: false,
        reason: 'unknown_sale',
      });
      expect(await network.inquire({ merchant: 'store-2', reference: 'c1' })).to.equal(null);
    });
  });

  describe('ledger', () => {
    it('records each applied reference once with what moved, and totals the successes', async () => {
      const clock = manualClock('2020-03-01T09:00:00Z');
      const network = new MockCardNetwork({ clock: clock.now });
      const token = await tokenOf(network, TEST_CARDS.visa.number);
      const declinedToken = await tokenOf(network, TEST_CARDS.genericDecline.number);
      const first = await network.authorize({ merchant, reference: 'a1', token, amount: { ...amount, value: 1000 } });
      const second = await network.authorize({ merchant, reference: 'a2', token, amount: { ...amount, value: 2000 } });
      await network.authorize({ merchant, reference: 'a3', token: declinedToken, amount });
      if (first.outcome !== 'authorized' || second.outcome !== 'authorized') throw new Error('declined');
      const captured = await network.capture({
        merchant,
        reference: 'c1',
        authorizationCode: first.authorizationCode,
        amount: { ...amount, value: 1000 },
      });
      if (captured.outcome !== 'captured') throw new Error('rejected');
      await network.void({ merchant, reference: 'v2', authorizationCode: second.authorizationCode });
      await network.refund({
        merchant,
        reference: 'r1',
        processingNumber: captured.processingNumber,
        amount: { ...amount, value: 1000 },
      });
      await network.refund({
        merchant,
        reference: 'r1',
        processingNumber: captured.processingNumber,
        amount: { ...amount, value: 1000 },
      });

      expect(network.totals(merchant)).to.deep.equal({
        authorized: 3000,
        captured: 1000,
        refunded: 1000,
        voided: 2000,
      });
      expect(network.totals('store-2')).to.deep.equal({ authorized: 0, captured: 0, refunded: 0, voided: 0 });
      expect(network.ledger().map((entry) => [entry.operation, entry.reference, entry.amount?.value])).to.deep.equal([
        ['authorize', 'a1', 1000],
        ['authorize', 'a2', 2000],
        ['authorize', 'a3', 1200],
        ['capture', 'c1', 1000],
        ['void', 'v2', 2000],
        ['refund', 'r1', 1000],
      ]);
      expect(network.ledger()[0]).to.deep.include({ merchant, at: new Date('2020-03-01T09:00:00Z'), outcome: first });
      expect(network.countApplied('refund', 'r1')).to.equal(1);
    });
  });
});
