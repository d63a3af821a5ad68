import { expect } from 'chai';
import type { CardInput } from '@counterpay/core';
import { settlementGatewayContract } from '@counterpay/core/testing';
import { MockCardNetwork } from './mock-card-network';
import { MockSettlementGateway } from './mock-settlement-gateway';
import { TEST_CARDS } from './test-cards';

const expYear = new Date().getUTCFullYear() + 3;
const card = (number: string): CardInput => ({ number, expMonth: 12, expYear, cvc: '123' });

settlementGatewayContract('mock network (in-process)', async () => ({
  gateway: new MockSettlementGateway(new MockCardNetwork()),
  cards: {
    approved: card(TEST_CARDS.visa.number),
    declined: card(TEST_CARDS.genericDecline.number),
    insufficientFunds: card(TEST_CARDS.insufficientFunds.number),
    incorrectCvc: card(TEST_CARDS.incorrectCvc.number),
  },
}));

describe('MockSettlementGateway', () => {
  const merchant = 'store-1';
  const amount = { value: 500, currency: 'JPY' } as const;

  it('answers settlement.unavailable when the network fails, and the outcome once it recovers', async () => {
    const network = new MockCardNetwork();
    const gateway = new MockSettlementGateway(network);
    const tokenized = (await gateway.tokenize({ merchant, card: card(TEST_CARDS.visa.number) }))._unsafeUnwrap();
    if (tokenized.outcome !== 'tokenized') throw new Error('visa was rejected');
    const request = { merchant, reference: 'auth-1', token: tokenized.method.token, amount };

    network.failNext('error');
    const failed = await gateway.authorize(request);
    const retried = await gateway.authorize(request);

    expect(failed._unsafeUnwrapErr().code).to.equal('settlement.unavailable');
    expect(retried._unsafeUnwrap().outcome).to.equal('authorized');
  });

  it('answers settlement.unavailable for an applied call whose answer was lost, and inquire finds it', async () => {
    const network = new MockCardNetwork();
    const gateway = new MockSettlementGateway(network);
    const tokenized = (await gateway.tokenize({ merchant, card: card(TEST_CARDS.visa.number) }))._unsafeUnwrap();
    if (tokenized.outcome !== 'tokenized') throw new Error('visa was rejected');

    network.failNext('lost_response');
    const lost = await gateway.authorize({ merchant, reference: 'auth-2', token: tokenized.method.token, amount });
    const record = (await gateway.inquire({ merchant, reference: 'auth-2' }))._unsafeUnwrap();

    expect(lost._unsafeUnwrapErr().code).to.equal('settlement.unavailable');
    expect(record?.operation).to.equal('authorize');
    expect(record?.outcome.outcome).to.equal('authorized');
  });

  it('lets a bug inside the network reject the promise instead of posing as an outage', async () => {
    const network = new MockCardNetwork({
      clock: () => {
        throw new TypeError('broken clock');
      },
    });
    const gateway = new MockSettlementGateway(network);

    let thrown: unknown;
    try {
      await gateway.tokenize({ merchant, card: card(TEST_CARDS.visa.number) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(TypeError);
  });
});
