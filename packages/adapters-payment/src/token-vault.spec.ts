import { expect } from 'chai';
import { inspect } from 'node:util';
import { luhnValid, type CardInput, type Money } from '@counterpay/core';
import { MockCardNetwork } from './mock-card-network';
import { TEST_CARDS } from './test-cards';
import { TokenVault } from './token-vault';

const merchant = 'store-1';
const amount: Money = { value: 1200, currency: 'JPY' };
const expYear = new Date().getUTCFullYear() + 3;

/** Every 13-19 digit Luhn-valid string inside `text`, including inside longer digit runs. */
function cardNumbersIn(text: string): string[] {
  const found: string[] = [];
  for (const run of text.match(/\d{13,}/g) ?? []) {
    for (let length = 13; length <= 19; length++) {
      for (let start = 0; start + length <= run.length; start++) {
        const candidate = run.slice(start, start + length);
        if (luhnValid(candidate)) found.push(candidate);
      }
    }
  }
  return found;
}

describe('TokenVault', () => {
  it('finds card numbers the way the leak checks below rely on', () => {
    expect(cardNumbersIn('{"n":"x4242424242424242y"}')).to.include('4242424242424242');
    expect(cardNumbersIn('{"processingNumber":"000000000001","at":"2030-01-01T00:00:00.000Z"}')).to.deep.equal([]);
  });

  it('keeps the number out of every answer, the ledger and the logs of a whole run over every test card', async () => {
    const vault = new TokenVault();
    const network = new MockCardNetwork({ vault, settlementDelayMs: 0 });
    const answers: unknown[] = [];
    const numbers = Object.values(TEST_CARDS).map((row) => row.number);

    for (const [index, number] of numbers.entries()) {
      const card: CardInput = { number, expMonth: 12, expYear, cvc: number.startsWith('37') ? '1234' : '123' };
      answers.push(await network.tokenize({ merchant, card: { ...card, cvc: '1' } }));
      answers.push(await network.tokenize({ merchant, card: { ...card, expYear: 2001 } }));
      const tokenized = await network.tokenize({ merchant, card });
      answers.push(tokenized);
      if (tokenized.outcome !== 'tokenized') continue;
      const token = tokenized.method.token;

      const authorized = await network.authorize({ merchant, reference: `a${index}`, token, amount });
      const held = await network.authorize({ merchant, reference: `h${index}`, token, amount });
      answers.push(authorized, held);
      if (held.outcome === 'authorized') {
        answers.push(await network.void({ merchant, reference: `v${index}`, authorizationCode: held.authorizationCode }));
      }
      if (authorized.outcome !== 'authorized') continue;
      const captured = await network.capture({
        merchant,
        reference: `c${index}`,
        authorizationCode: authorized.authorizationCode,
        amount,
      });
      answers.push(captured);
      if (captured.outcome !== 'captured') continue;
      const { processingNumber } = captured;
      answers.push(await network.refundInquiry({ merchant, processingNumber, amount }));
      answers.push(await network.refund({ merchant, reference: `r${index}`, processingNumber, amount }));
      for (const reference of [`a${index}`, `c${index}`, `v${index}`, `r${index}`]) {
        answers.push(await network.inquire({ merchant, reference }));
      }
    }
    const transcript = [
      ...answers.map((answer) => JSON.stringify(answer)),
      JSON.stringify(network.ledger()),
      JSON.stringify(network),
      JSON.stringify(vault),
      inspect(network, { depth: Infinity, showHidden: true }),
      inspect(vault, { depth: Infinity, showHidden: true }),
    ].join('\n');

    expect(network.ledger().length).to.be.greaterThan(20);
    expect(cardNumbersIn(transcript)).to.deep.equal([]);
    for (const number of numbers) expect(transcript).not.to.contain(number);
  });

  it('answers a masked view under a random token', () => {
    const vault = new TokenVault();
    const stored = vault.store(merchant, { number: '4242424242424242', expMonth: 4, expYear: 2031 });
    const again = vault.store(merchant, { number: '4242424242424242', expMonth: 4, expYear: 2031 });

    expect(stored).to.deep.include({
      type: 'card',
      brand: 'visa',
      last4: '4242',
      bin: '424242',
      expMonth: 4,
      expYear: 2031,
    });
    expect(stored.token).to.match(/^tok_[A-Za-z0-9_-]{24}$/);
    expect(again.token).not.to.equal(stored.token);
  });

  it('does not hand a card to another merchant', () => {
    const vault = new TokenVault();
    const { token } = vault.store(merchant, { number: '4242424242424242', expMonth: 4, expYear: 2031 });

    expect(vault.find('store-2', token)).to.equal(undefined);
    expect(vault.withCardNumber('store-2', token, (number) => number)).to.equal(undefined);
    expect(vault.find(merchant, token)?.last4).to.equal('4242');
  });

  it('serializes and logs as a count of cards', () => {
    const vault = new TokenVault();
    vault.store(merchant, { number: '4242424242424242', expMonth: 4, expYear: 2031 });

    expect(JSON.stringify(vault)).to.equal('{"tokens":1}');
    expect(inspect(vault)).to.equal('TokenVault { tokens: 1 }');
  });
});
