import { expect } from 'chai';
import type { Money } from '@counterpay/core';
import { FaultInjector, mulberry32, NetworkFault, type FaultKind, type FaultOptions } from './faults';
import { MockCardNetwork } from './mock-card-network';
import { TEST_CARDS } from './test-cards';

const merchant = 'store-1';
const amount: Money = { value: 1200, currency: 'JPY' };
const everyKind: FaultKind[] = ['timeout', 'error', 'lost_response', 'latency'];
const card = { number: TEST_CARDS.visa.number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };

async function tokenOf(network: MockCardNetwork): Promise<string> {
  const outcome = await network.tokenize({ merchant, card });
  if (outcome.outcome !== 'tokenized') throw new Error(`rejected: ${outcome.reason}`);
  return outcome.method.token;
}

async function outcomeOf<T>(call: Promise<T>): Promise<T | FaultKind> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NetworkFault) return error.kind;
    throw error;
  }
}

describe('fault injection', () => {
  describe('mulberry32', () => {
    it('repeats its sequence for a seed and changes it with the seed', () => {
      const draw = (seed: number): number[] => {
        const random = mulberry32(seed);
        return Array.from({ length: 20 }, () => random());
      };

      expect(draw(1)).to.deep.equal(draw(1));
      expect(draw(1)).not.to.deep.equal(draw(2));
      for (const value of draw(3)) expect(value).to.be.within(0, 0.9999999999);
    });
  });

  describe('FaultInjector', () => {
    const options: FaultOptions = { seed: 1234, rate: 0.5, kinds: everyKind };
    const sequence = (injector: FaultInjector): Array<FaultKind | null> =>
      Array.from({ length: 200 }, (_, i) => injector.next(i % 2 === 0 ? 'authorize' : 'capture'));

    it('draws the same faults from the same seed, so a failing run can be replayed', () => {
      const first = sequence(new FaultInjector(options));
      const replay = sequence(new FaultInjector(options));
      const other = sequence(new FaultInjector({ ...options, seed: 4321 }));

      expect(replay).to.deep.equal(first);
      expect(other).not.to.deep.equal(first);
      expect(new Set(first)).to.deep.equal(new Set([null, ...everyKind]));
    });

    it('restarts the sequence when configured again with the same seed', () => {
      const injector = new FaultInjector(options);
      const first = sequence(injector);
      injector.configure(options);
      expect(sequence(injector)).to.deep.equal(first);
    });

    it('never fails at rate 0 and always fails at rate 1', () => {
      const never = new FaultInjector({ seed: 1, rate: 0, kinds: everyKind });
      const always = new FaultInjector({ seed: 1, rate: 1, kinds: ['error'] });
      for (let i = 0; i < 100; i++) {
        expect(never.next('authorize')).to.equal(null);
        expect(always.next('authorize')).to.equal('error');
      }
    });

    it('refuses a rate outside 0..1, or faults without kinds', () => {
      expect(() => new FaultInjector({ seed: 1, rate: 1.5, kinds: ['error'] })).to.throw(RangeError);
      expect(() => new FaultInjector({ seed: 1, rate: 0.5, kinds: [] })).to.throw(RangeError);
    });
  });

  describe('on the network', () => {
    it('replays the same answers from the same seed', async () => {
      const run = async (): Promise<Array<string>> => {
        const network = new MockCardNetwork();
        const token = await tokenOf(network);
        network.setFaults({ seed: 99, rate: 0.5, kinds: everyKind, latencyMs: 1 });
        const answers: string[] = [];
        for (let i = 0; i < 40; i++) {
          const answer = await outcomeOf(network.authorize({ merchant, reference: `r${i}`, token, amount }));
          answers.push(typeof answer === 'string' ? answer : answer.outcome);
        }
        return answers;
      };

      const first = await run();
      expect(await run()).to.deep.equal(first);
      expect(first).to.include('authorized').and.to.include('timeout');
    });

    it('lost_response applies the call but leaves it unanswered; a retry answers the same', async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network);
      network.failNext('lost_response');

      const lost = await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount }));
      const record = await network.inquire({ merchant, reference: 'r1' });
      const retry = await network.authorize({ merchant, reference: 'r1', token, amount });

      expect(lost).to.equal('lost_response');
      expect(record?.operation).to.equal('authorize');
      expect(record?.outcome).to.deep.equal(retry);
      expect(network.countApplied('authorize', 'r1')).to.equal(1);
    });

    it('lost_response on a capture keeps the processing number for the retry', async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network);
      const authorized = await network.authorize({ merchant, reference: 'a1', token, amount });
      if (authorized.outcome !== 'authorized') throw new Error('declined');
      const request = { merchant, reference: 'c1', authorizationCode: authorized.authorizationCode, amount };
      network.failNext('lost_response');

      expect(await outcomeOf(network.capture(request))).to.equal('lost_response');
      const record = await network.inquire({ merchant, reference: 'c1' });
      const retry = await network.capture(request);

      expect(retry.outcome).to.equal('captured');
      expect(record).to.deep.equal({ operation: 'capture', outcome: retry });
      expect(network.totals(merchant).captured).to.equal(amount.value);
    });

    for (const kind of ['timeout', 'error'] as const) {
      it(`${kind} leaves the call unapplied`, async () => {
        const network = new MockCardNetwork();
        const token = await tokenOf(network);
        network.failNext(kind);

        const answer = await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount }));

        expect(answer).to.equal(kind);
        expect(await network.inquire({ merchant, reference: 'r1' })).to.equal(null);
        expect(network.countApplied('authorize', 'r1')).to.equal(0);
        expect(network.ledger()).to.deep.equal([]);
      });
    }

    it('latency applies the call and answers it', async () => {
      const network = new MockCardNetwork({ faults: { seed: 1, rate: 1, kinds: ['latency'], latencyMs: 1 } });
      const token = await tokenOf(network);
      const answer = await network.authorize({ merchant, reference: 'r1', token, amount });
      expect(answer.outcome).to.equal('authorized');
      expect(network.faultsInjected().latency).to.equal(1);
    });

    it('spares inquire, refundInquiry and tokenize unless asked', async () => {
      const network = new MockCardNetwork({ faults: { seed: 1, rate: 1, kinds: ['error'] } });

      expect((await network.tokenize({ merchant, card })).outcome).to.equal('tokenized');
      expect(await network.inquire({ merchant, reference: 'r1' })).to.equal(null);
      expect((await network.refundInquiry({ merchant, processingNumber: '000000000001', amount })).refundable).to.equal(false);

      network.setFaults({ seed: 1, rate: 1, kinds: ['error'], operations: ['inquire', 'tokenize'] });
      expect(await outcomeOf(network.inquire({ merchant, reference: 'r1' }))).to.equal('error');
      expect(await outcomeOf(network.tokenize({ merchant, card }))).to.equal('error');
    });

    it('failNext fails exactly the next calls of the faulty operations, and counts them', async () => {
      const network = new MockCardNetwork();
      const token = await tokenOf(network);
      network.failNext('error', 2);

      const answers = [
        await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount })),
        await outcomeOf(network.inquire({ merchant, reference: 'r1' })),
        await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount })),
        await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount })),
      ];

      expect(answers.slice(0, 3)).to.deep.equal(['error', null, 'error']);
      expect(answers[3]).to.have.property('outcome', 'authorized');
      expect(network.faultsInjected()).to.deep.equal({ timeout: 0, error: 2, lost_response: 0, latency: 0 });
    });

    it('setFaults(null) stops random faults', async () => {
      const network = new MockCardNetwork({ faults: { seed: 1, rate: 1, kinds: ['timeout'] } });
      const token = await tokenOf(network);
      expect(await outcomeOf(network.authorize({ merchant, reference: 'r1', token, amount }))).to.equal('timeout');

      network.setFaults(null);
      const answer = await network.authorize({ merchant, reference: 'r1', token, amount });
      expect(answer.outcome).to.equal('authorized');
      expect(network.faultsInjected().timeout).to.equal(1);
    });
  });
});
