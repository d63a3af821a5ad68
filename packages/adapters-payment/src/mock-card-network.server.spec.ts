import { expect } from 'chai';
import type { Money } from '@counterpay/core';
import { MockCardNetwork } from './mock-card-network';
import { MockCardNetworkControl } from './mock-card-network.control';
import { startMockCardNetworkServer, type MockCardNetworkServer } from './mock-card-network.server';
import { TEST_CARDS } from './test-cards';

const merchant = 'store-1';
const amount: Money = { value: 1200, currency: 'JPY' };
const card = { number: TEST_CARDS.visa.number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };

type Reply = { readonly status: number; readonly body: unknown; readonly text: string } | 'no answer';

async function call(server: MockCardNetworkServer, method: string, path: string, body?: unknown, timeoutMs = 5000): Promise<Reply> {
  try {
    const response = await fetch(`${server.url}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text };
  } catch {
    return 'no answer';
  }
}

function statusOf(reply: Reply): number | 'no answer' {
  return reply === 'no answer' ? reply : reply.status;
}

describe('mock card network HTTP server', () => {
  let server: MockCardNetworkServer;
  let control: MockCardNetworkControl;
  let internalErrors: unknown[];

  const tokenOf = async (): Promise<string> => {
    const reply = await call(server, 'POST', '/v1/tokenize', { merchant, card });
    if (reply === 'no answer' || reply.status !== 200) throw new Error('tokenize failed');
    return (reply.body as { method: { token: string } }).method.token;
  };

  const authorize = async (reference: string, token: string): Promise<Reply> =>
    call(server, 'POST', '/v1/authorize', { merchant, reference, token, amount });

  beforeEach(async () => {
    internalErrors = [];
    server = await startMockCardNetworkServer({ onInternalError: (error) => internalErrors.push(error) });
    control = new MockCardNetworkControl(server.url);
  });

  afterEach(async () => {
    await server.close();
    expect(internalErrors).to.deep.equal([]);
  });

  describe('calls', () => {
    it('answers outcomes with 200, a decline with 402, a refused capture with 409, inquire as a record', async () => {
      const token = await tokenOf();
      const authorized = await authorize('a-1', token);
      if (authorized === 'no answer') throw new Error('no answer');
      const { authorizationCode } = authorized.body as { authorizationCode: string };
      const captured = await call(server, 'POST', '/v1/capture', { merchant, reference: 'c-1', authorizationCode, amount });
      const again = await call(server, 'POST', '/v1/capture', { merchant, reference: 'c-2', authorizationCode, amount });
      const declinedToken = (await call(server, 'POST', '/v1/tokenize', {
        merchant,
        card: { ...card, number: TEST_CARDS.genericDecline.number },
      })) as {
        body: { method: { token: string } };
      };
      const declined = await authorize('a-2', declinedToken.body.method.token);
      const record = await call(server, 'POST', '/v1/inquire', { merchant, reference: 'c-1' });
      const unknown = await call(server, 'POST', '/v1/inquire', { merchant, reference: 'never' });

      expect(authorized.status).to.equal(200);
      expect(captured).to.deep.include({ status: 200 });
      expect(again).to.deep.include({ status: 409, body: { outcome: 'rejected', reason: 'already_captured' } });
      expect(declined).to.deep.include({ status: 402, body: { outcome: 'declined', reason: 'generic_decline' } });
      expect(record).to.deep.include({
        status: 200,
        body: { record: { operation: 'capture', outcome: (captured as { body: unknown }).body } },
      });
      expect(unknown).to.deep.include({ status: 200, body: { record: null } });
    });

    it('refuses a card with 402 at tokenization', async () => {
      const reply = await call(server, 'POST', '/v1/tokenize', { merchant, card: { ...card, number: TEST_CARDS.incorrectCvc.number } });
      expect(reply).to.deep.include({ status: 402, body: { outcome: 'rejected', reason: 'incorrect_cvc' } });
    });

    it('refuses unknown fields, missing fields and an unknown currency with 400, without applying', async () => {
      const token = await tokenOf();
      const extra = await call(server, 'POST', '/v1/authorize', { merchant, reference: 'a-1', token, amount, tip: 1 });
      const missing = await call(server, 'POST', '/v1/authorize', { merchant, reference: 'a-2', token });
      const currency = await call(server, 'POST', '/v1/authorize', {
        merchant,
        reference: 'a-3',
        token,
        amount: { value: 1, currency: 'XXX' },
      });

      expect(extra).to.deep.include({ status: 400, body: { error: { code: 'validation.failed', message: 'tip is not a known field' } } });
      expect(missing).to.deep.include({ status: 400, body: { error: { code: 'validation.failed', message: 'amount is required' } } });
      expect(statusOf(currency)).to.equal(400);
      expect(await control.ledger()).to.deep.equal([]);
    });

    it('never repeats a card number it could not read', async () => {
      const broken = `{"merchant":"${merchant}","card":{"number":"${card.number}","cvc":"123"`;
      const invalidJson = await call(server, 'POST', '/v1/tokenize', broken);
      const wrongType = await call(server, 'POST', '/v1/tokenize', { merchant, card: { ...card, expMonth: card.number } });

      expect(statusOf(invalidJson)).to.equal(400);
      expect(statusOf(wrongType)).to.equal(400);
      for (const reply of [invalidJson, wrongType]) expect(JSON.stringify(reply)).not.to.contain(card.number);
    });

    it('refuses a body above the limit with 413', async () => {
      await server.close();
      server = await startMockCardNetworkServer({ bodyLimitBytes: 100 });
      const reply = await call(server, 'POST', '/v1/inquire', { merchant, reference: 'x'.repeat(200) });
      expect(statusOf(reply)).to.equal(413);
    });

    it('answers 404 for an unknown path and 405 for a wrong method', async () => {
      expect(statusOf(await call(server, 'GET', '/v1/nothing'))).to.equal(404);
      expect(statusOf(await call(server, 'GET', '/v1/authorize'))).to.equal(405);
      expect(statusOf(await call(server, 'PUT', '/v1/faults', {}))).to.equal(405);
    });
  });

  describe('tools', () => {
    it('answers its health, and its ledger and totals per merchant without card numbers', async () => {
      const token = await tokenOf();
      await authorize('a-1', token);
      await call(server, 'POST', '/v1/authorize', { merchant: 'store-2', reference: 'a-1', token: 'tok_unknown', amount });

      const ledger = await control.ledger(merchant);
      expect(await control.healthy()).to.equal(true);
      expect(ledger.map((entry) => [entry.merchant, entry.reference, entry.operation, entry.outcome.outcome])).to.deep.equal([
        [merchant, 'a-1', 'authorize', 'authorized'],
      ]);
      expect(new Date(ledger[0]?.at ?? '').getTime()).to.be.closeTo(Date.now(), 60_000);
      expect((await control.ledger()).length).to.equal(2);
      expect(await control.totals(merchant)).to.deep.equal({ authorized: 1200, captured: 0, refunded: 0, voided: 0 });
      expect(JSON.stringify(await control.ledger())).not.to.contain(card.number);
      expect(statusOf(await call(server, 'GET', '/v1/totals'))).to.equal(400);
    });

    it('sets faults at run time and counts them, refusing settings it does not know', async () => {
      const token = await tokenOf();
      const counts = await control.setFaults({
        wire: { seed: 1, rate: 1, kinds: ['http_500'] },
        failNext: [{ layer: 'network', kind: 'error' }],
      });
      const first = await authorize('a-1', token);
      const second = await authorize('a-2', token);
      const bad = await call(server, 'POST', '/v1/faults', { wire: { seed: 1, rate: 2, kinds: ['http_500'] } });
      const unknownKind = await call(server, 'POST', '/v1/faults', { failNext: [{ layer: 'wire', kind: 'meteor' }] });

      expect(counts.wire.http_500).to.equal(0);
      expect([statusOf(first), statusOf(second)]).to.deep.equal([500, 500]);
      expect((await control.faults()).wire.http_500).to.equal(2);
      expect(statusOf(bad)).to.equal(400);
      expect(statusOf(unknownKind)).to.equal(400);

      await control.setFaults({ wire: null });
      expect(statusOf(await authorize('a-3', token))).to.equal(503);
      expect((await control.faults()).network.error).to.equal(1);
      expect(statusOf(await authorize('a-4', token))).to.equal(200);
    });
  });

  describe('wire faults', () => {
    const refs = (count: number, prefix: string): string[] => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

    it('http_500: answers 500 and does not apply the call', async () => {
      const token = await tokenOf();
      server.wireFaults.failNext('http_500');

      expect(statusOf(await authorize('a-1', token))).to.equal(500);
      expect(await control.ledger()).to.deep.equal([]);
    });

    it('connection_reset: resets without an answer, sometimes before and sometimes after applying', async () => {
      const token = await tokenOf();
      server.wireFaults.configure({ seed: 3, rate: 1, kinds: ['connection_reset'] });
      const replies = [];
      for (const reference of refs(12, 'a')) replies.push(await authorize(reference, token));
      const applied = (await control.ledger()).length;

      expect(replies).to.deep.equal(Array(12).fill('no answer'));
      expect(applied).to.be.within(1, 11);
    });

    it('lost_response: applies the call, then answers 502 or resets', async () => {
      const token = await tokenOf();
      server.wireFaults.configure({ seed: 3, rate: 1, kinds: ['lost_response'] });
      const replies = [];
      for (const reference of refs(12, 'a')) replies.push(statusOf(await authorize(reference, token)));

      expect(new Set(replies)).to.deep.equal(new Set([502, 'no answer']));
      expect((await control.ledger()).length).to.equal(12);
    });

    it('duplicate_answer: applies the request twice under its reference, which dedupe makes harmless', async () => {
      const token = await tokenOf();
      server.wireFaults.failNext('duplicate_answer');
      const reply = await authorize('a-1', token);
      const record = await call(server, 'POST', '/v1/inquire', { merchant, reference: 'a-1' });

      expect(statusOf(reply)).to.equal(200);
      expect(record).to.deep.include({ body: { record: { operation: 'authorize', outcome: (reply as { body: unknown }).body } } });
      expect(server.network.countApplied('authorize', 'a-1')).to.equal(1);
      expect(server.wireFaults.injected().duplicate_answer).to.equal(1);
    });

    it('slow_answer: applies the call and answers too late for an impatient client', async () => {
      const token = await tokenOf();
      server.wireFaults.configure({ seed: 1, rate: 1, kinds: ['slow_answer'], slowAnswerMs: 1500 });
      const reply = await call(server, 'POST', '/v1/authorize', { merchant, reference: 'a-1', token, amount }, 100);

      expect(reply).to.equal('no answer');
      expect(server.network.countApplied('authorize', 'a-1')).to.equal(1);
    });

    it("shows the network's own faults as 504, 503 and a reset", async () => {
      const token = await tokenOf();
      server.network.failNext('timeout');
      server.network.failNext('error');
      server.network.failNext('lost_response');
      const replies = [];
      for (const reference of refs(3, 'a')) replies.push(statusOf(await authorize(reference, token)));

      expect(replies).to.deep.equal([504, 503, 'no answer']);
      expect((await control.ledger()).map((entry) => entry.reference)).to.deep.equal(['a-2']);
    });
  });

  describe('close', () => {
    it('drops a request still waiting for its answer instead of waiting for it', async function () {
      this.timeout(5000);
      const network = new MockCardNetwork();
      await server.close();
      server = await startMockCardNetworkServer({
        network,
        wireFaults: { seed: 1, rate: 1, kinds: ['slow_answer'], slowAnswerMs: 30_000 },
      });
      const token = await tokenOf();
      const pending = authorize('a-1', token);
      while (network.ledger().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

      await server.close();
      expect(await pending).to.equal('no answer');
    });
  });
});
