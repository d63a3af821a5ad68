import { expect } from 'chai';
import { claimCounter, openAt } from './support/customer-steps';
import { createHttpHarness, yen, type Answer, type HttpHarness } from './support/http-harness';

const CARDS = ['4242424242424242', '4000000000000127', '4000000000000002', '5555555555554444'];
const CVC = '739';

describe('HTTP API: card data never leaves in a response or a log line', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness({ logLevel: 'trace' });
  });
  afterEach(() => h.close());

  it('keeps full card numbers and the CVC out of every answer and of the trace logs of a whole payment', async () => {
    const answers: Answer[] = [];
    const keep = (answer: Answer) => (answers.push(answer), answer);
    const opened = await openAt(h, 'C11', { amount: yen(2500) });
    const { token } = await claimCounter(h, 'C11');
    const submit = (number: string, overrides: Record<string, unknown> = {}) =>
      h.call('POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, {
        customer: token,
        body: { type: 'card', card: { number, expMonth: 12, expYear: 2031, cvc: CVC, holderName: 'HANAKO YAMADA', ...overrides } },
      });

    expect(keep(await submit(CARDS[0]!, { expMonth: 13 })).status).to.equal(400);
    expect(keep(await submit(CARDS[0]!, { pin: '0000' })).status).to.equal(400);
    expect(keep(await submit(CARDS[1]!)).body.error.code).to.equal('card.rejected');
    expect(keep(await submit(CARDS[2]!)).status).to.equal(200);
    expect(keep(await h.staff('POST', `/transactions/${opened.id}/authorize`)).body.status).to.equal('declined');
    expect(keep(await submit(CARDS[3]!.replace(/(\d{4})(?=\d)/g, '$1 '))).status).to.equal(200);
    keep(await h.staff('POST', `/transactions/${opened.id}/authorize`));
    keep(await h.staff('POST', `/transactions/${opened.id}/capture`));
    keep(await h.staff('GET', `/transactions/${opened.id}`));
    keep(await h.call('GET', `/api/v1/customer/transactions/${opened.id}`, { customer: token }));
    expect(answers.at(-1)!.body.paymentMethod).to.deep.include({ brand: 'mastercard', last4: '4444' });

    const logs = h.logs.join('\n');
    expect(logs).to.include('/payment-method');
    expect(logs).to.include('"statusCode":400');
    for (const text of [...answers.map((a) => a.text), logs]) {
      for (const number of CARDS) {
        expect(text).to.not.include(number);
        expect(text).to.not.include(number.replace(/(\d{4})(?=\d)/g, '$1 '));
      }
      expect(text).to.not.match(/"cvc"/i);
      expect(text).to.not.include(`"${CVC}"`);
      expect(text).to.not.include('HANAKO');
    }
    expect(logs).to.not.include(token.split('.')[1]!);
    expect(logs).to.not.include(h.store.clerk.split('.')[1]!);
  });
});
