import { inspect } from 'node:util';
import { expect } from 'chai';
import type { CardInput, DomainError, Money } from '@counterpay/core';
import { settlementGatewayContract } from '@counterpay/core/testing';
import { HttpSettlementGateway, type HttpSettlementGatewayOptions } from './http-settlement-gateway';
import { MockCardNetwork } from './mock-card-network';
import { startMockCardNetworkServer, type MockCardNetworkServer } from './mock-card-network.server';
import { TEST_CARDS } from './test-cards';

const expYear = new Date().getUTCFullYear() + 3;
const card = (number: string): CardInput => ({ number, expMonth: 12, expYear, cvc: '123' });
const instantRetries = { random: () => 0 };

settlementGatewayContract('mock network over HTTP', async () => {
  const server = await startMockCardNetworkServer();
  return {
    gateway: new HttpSettlementGateway({ baseUrl: server.url }),
    cards: {
      approved: card(TEST_CARDS.visa.number),
      declined: card(TEST_CARDS.genericDecline.number),
      insufficientFunds: card(TEST_CARDS.insufficientFunds.number),
      incorrectCvc: card(TEST_CARDS.incorrectCvc.number),
    },
    close: () => server.close(),
  };
});

describe('HttpSettlementGateway', () => {
  const merchant = 'store-1';
  const amount: Money = { value: 500, currency: 'JPY' };
  let server: MockCardNetworkServer;

  const gatewayWith = (options: Partial<HttpSettlementGatewayOptions> = {}): HttpSettlementGateway =>
    new HttpSettlementGateway({ baseUrl: server.url, ...instantRetries, ...options });

  const tokenOf = async (gateway: HttpSettlementGateway): Promise<string> => {
    const outcome = (await gateway.tokenize({ merchant, card: card(TEST_CARDS.visa.number) }))._unsafeUnwrap();
    if (outcome.outcome !== 'tokenized') throw new Error('visa was rejected');
    return outcome.method.token;
  };

  beforeEach(async () => {
    server = await startMockCardNetworkServer();
  });

  afterEach(async () => {
    await server.close();
  });

  describe('retries', () => {
    it('sends the same request again after a 500 and answers the outcome, applied once', async () => {
      let backoffs = 0;
      const gateway = gatewayWith({ retry: { attempts: 3 }, random: () => (backoffs++, 0) });
      const token = await tokenOf(gateway);
      server.wireFaults.failNext('http_500', 2);

      const outcome = await gateway.authorize({ merchant, reference: 'a-1', token, amount });

      expect(outcome._unsafeUnwrap().outcome).to.equal('authorized');
      expect(backoffs, 'retries').to.equal(2);
      expect(server.network.countApplied('authorize', 'a-1')).to.equal(1);
    });

    it('answers the first outcome when the retry follows a lost answer: the reference makes it safe', async () => {
      const gateway = gatewayWith({ retry: { attempts: 2 } });
      const token = await tokenOf(gateway);
      server.wireFaults.failNext('lost_response');

      const outcome = (await gateway.authorize({ merchant, reference: 'a-1', token, amount }))._unsafeUnwrap();
      const record = (await gateway.inquire({ merchant, reference: 'a-1' }))._unsafeUnwrap();

      expect(record).to.deep.equal({ operation: 'authorize', outcome });
      expect(server.network.countApplied('authorize', 'a-1')).to.equal(1);
    });

    it('gives up with settlement.unavailable after its tries, telling why', async () => {
      const gateway = gatewayWith({ retry: { attempts: 3 } });
      const token = await tokenOf(gateway);
      server.wireFaults.failNext('http_500', 3);

      const error = (await gateway.authorize({ merchant, reference: 'a-1', token, amount }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.unavailable');
      expect(error.details).to.deep.equal({ operation: 'authorize', attempts: 3, cause: 'http_status', status: 500 });
      expect((await gateway.inquire({ merchant, reference: 'a-1' }))._unsafeUnwrap()).to.equal(null);
    });

    it('with retries off, lets a reset surface as settlement.unavailable', async () => {
      const gateway = gatewayWith({ retry: { attempts: 1 } });
      const token = await tokenOf(gateway);
      server.wireFaults.failNext('connection_reset');

      const error = (await gateway.authorize({ merchant, reference: 'a-1', token, amount }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.unavailable');
      expect(error.details).to.deep.include({ attempts: 1, cause: 'connection' });
    });

    it('treats an answer slower than its timeout as unavailable', async () => {
      const gateway = gatewayWith({ retry: { attempts: 1 }, timeoutMs: 100 });
      const token = await tokenOf(gateway);
      server.wireFaults.configure({ seed: 1, rate: 1, kinds: ['slow_answer'], slowAnswerMs: 1000 });

      const error = (await gateway.authorize({ merchant, reference: 'a-1', token, amount }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.unavailable');
      expect(error.details).to.deep.include({ cause: 'timeout' });
      expect(server.network.countApplied('authorize', 'a-1')).to.equal(1);
    });

    it('answers settlement.unavailable when nothing listens', async () => {
      const gateway = gatewayWith({ retry: { attempts: 2 } });
      await server.close();

      const error = (await gateway.inquire({ merchant, reference: 'a-1' }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.unavailable');
      expect(error.details).to.deep.include({ cause: 'connection', transportCode: 'ECONNREFUSED' });
    });
  });

  describe('answers', () => {
    it('answers a decline sent as 402 as an outcome, not an error', async () => {
      const gateway = gatewayWith();
      const tokenized = (await gateway.tokenize({ merchant, card: card(TEST_CARDS.insufficientFunds.number) }))._unsafeUnwrap();
      if (tokenized.outcome !== 'tokenized') throw new Error('card was rejected');

      const outcome = await gateway.authorize({ merchant, reference: 'a-1', token: tokenized.method.token, amount });

      expect(outcome._unsafeUnwrap()).to.deep.equal({ outcome: 'declined', reason: 'insufficient_funds' });
    });

    it('answers settlement.rejected, without retrying, when the network refuses the request itself', async () => {
      let backoffs = 0;
      const gateway = gatewayWith({ retry: { attempts: 3 }, random: () => (backoffs++, 0) });
      const token = await tokenOf(gateway);
      const unknownCurrency = { value: 500, currency: 'XXX' } as unknown as Money;

      const error = (await gateway.authorize({ merchant, reference: 'a-1', token, amount: unknownCurrency }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.rejected');
      expect(error.details).to.deep.equal({ operation: 'authorize', status: 400, networkCode: 'validation.failed' });
      expect(backoffs, 'retries').to.equal(0);
    });
  });

  describe('card numbers', () => {
    const number = TEST_CARDS.mastercard.number;
    const shown = (error: DomainError): string => `${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}\n${String(error.message)}`;

    it('keeps the card number out of the error when tokenization fails on the wire', async () => {
      const gateway = gatewayWith({ retry: { attempts: 2 } });
      server.wireFaults.configure({ seed: 1, rate: 1, kinds: ['http_500'], operations: ['tokenize'] });

      const error = (await gateway.tokenize({ merchant, card: card(number) }))._unsafeUnwrapErr();

      expect(error.code).to.equal('settlement.unavailable');
      expect(shown(error)).not.to.contain(number);
      expect(shown(error)).not.to.contain(number.slice(0, 12));
    });

    it('keeps the card number out of the error when the network cannot be reached', async () => {
      const gateway = gatewayWith({ retry: { attempts: 1 } });
      await server.close();

      const error = (await gateway.tokenize({ merchant, card: card(number) }))._unsafeUnwrapErr();

      expect(shown(error)).not.to.contain(number);
    });
  });

  describe('construction', () => {
    it('refuses a base URL that is not http and a retry policy without a single try', () => {
      expect(() => new HttpSettlementGateway({ baseUrl: 'ftp://127.0.0.1' })).to.throw(TypeError);
      expect(() => new HttpSettlementGateway({ baseUrl: 'http://127.0.0.1', retry: { attempts: 0 } })).to.throw(RangeError);
    });

    it('accepts a base URL with a trailing slash', async () => {
      const gateway = new HttpSettlementGateway({ baseUrl: `${server.url}/` });
      expect((await gateway.inquire({ merchant, reference: 'none' }))._unsafeUnwrap()).to.equal(null);
    });
  });

  it('serves a network passed in, with its own faults', async () => {
    await server.close();
    const network = new MockCardNetwork();
    server = await startMockCardNetworkServer({ network });
    const gateway = gatewayWith({ retry: { attempts: 1 } });
    const token = await tokenOf(gateway);
    network.failNext('error');

    const error = (await gateway.authorize({ merchant, reference: 'a-1', token, amount }))._unsafeUnwrapErr();

    expect(error.details).to.deep.include({ cause: 'http_status', status: 503 });
  });
});
