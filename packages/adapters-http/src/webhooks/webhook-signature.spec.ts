import { expect } from 'chai';
import {
  generateWebhookSecret,
  InMemoryWebhookSeenIds,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
  type WebhookVerificationFailure,
  type WebhookVerificationInput,
} from './webhook-signature';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const body = '{"id":"000000000042","type":"transaction.captured","data":{"transaction":{"amount":{"value":1200,"currency":"JPY"}}}}';
const now = new Date('2026-11-21T03:00:00Z');
const signedAt = Math.floor(now.getTime() / 1000);

function delivery(overrides: Partial<WebhookVerificationInput> = {}): WebhookVerificationInput {
  return { secret, headers: webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body }), rawBody: body, now, ...overrides };
}

async function refusal(input: WebhookVerificationInput): Promise<WebhookVerificationFailure> {
  const result = await verifyWebhook(input);
  if (result.isOk()) throw new Error('expected the delivery to be refused');
  return result.error.reason;
}

describe('Webhook signatures (Standard Webhooks)', () => {
  it('signs like the Standard Webhooks reference: HMAC-SHA256 of "id.timestamp.body" under the base64 secret', () => {
    expect(signWebhook({ secret, id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' })).to.equal(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('makes secrets whsec_ + 32 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    expect(a).to.match(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).to.have.length(32);
    expect(generateWebhookSecret()).to.not.equal(a);
  });

  it('accepts a genuine delivery and hands back the id, the signing time and the parsed body', async () => {
    const result = await verifyWebhook(delivery());
    expect(result.isOk()).to.equal(true);
    expect(result._unsafeUnwrap()).to.deep.equal({ id: 'msg_1', timestamp: new Date(signedAt * 1000), payload: JSON.parse(body) });
  });

  it('accepts the raw body as bytes, and fetch-style Headers', async () => {
    const headers = new Headers(webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body }));
    expect((await verifyWebhook(delivery({ headers, rawBody: Buffer.from(body, 'utf8') }))).isOk()).to.equal(true);
  });

  it('refuses a tampered body, a tampered id or timestamp, and another secret', async () => {
    expect(await refusal(delivery({ rawBody: body.replace('1200', '12000') }))).to.equal('signature_mismatch');
    expect(await refusal(delivery({ rawBody: `${body} ` })), 'even whitespace').to.equal('signature_mismatch');
    const headers = webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body });
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-id': 'msg_2' } }))).to.equal('signature_mismatch');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-timestamp': String(signedAt - 1) } }))).to.equal('signature_mismatch');
    expect(await refusal(delivery({ secret: generateWebhookSecret() }))).to.equal('signature_mismatch');
  });

  it('refuses a delivery signed more than 5 minutes ago, or more than 5 minutes ahead, and accepts the edges', async () => {
    const signed = (seconds: number) => delivery({ headers: webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt + seconds, body }) });
    expect(await refusal(signed(-301))).to.equal('timestamp_stale');
    expect(await refusal(signed(301))).to.equal('timestamp_stale');
    expect((await verifyWebhook(signed(-300))).isOk()).to.equal(true);
    expect((await verifyWebhook(signed(300))).isOk()).to.equal(true);
    expect(await refusal({ ...signed(-31), toleranceSeconds: 30 })).to.equal('timestamp_stale');
  });

  it('refuses a replayed id once it was accepted, with a Set or a shared store, and remembers only verified ids', async () => {
    const seen = new Set<string>();
    expect((await verifyWebhook(delivery({ seen }))).isOk()).to.equal(true);
    expect(await refusal(delivery({ seen }))).to.equal('replayed');

    const shared = new InMemoryWebhookSeenIds();
    expect(await refusal(delivery({ seen: shared, rawBody: `${body}x` })), 'a forgery').to.equal('signature_mismatch');
    expect((await verifyWebhook(delivery({ seen: shared }))).isOk(), 'the forgery was not remembered').to.equal(true);
    expect(await refusal(delivery({ seen: shared }))).to.equal('replayed');
    shared.forget('msg_1');
    expect((await verifyWebhook(delivery({ seen: shared }))).isOk(), 'forgotten after a failed processing').to.equal(true);
  });

  it('accepts a header with several signatures when one of them is valid (secret rotation)', async () => {
    const valid = signWebhook({ secret, id: 'msg_1', timestamp: signedAt, body });
    const other = signWebhook({ secret: generateWebhookSecret(), id: 'msg_1', timestamp: signedAt, body });
    const headers = { ...webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body }) };
    expect((await verifyWebhook(delivery({ headers: { ...headers, 'webhook-signature': `${other} v1a,abcd ${valid}` } }))).isOk()).to.equal(
      true,
    );
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-signature': `${other} v2,${valid.slice(3)}` } }))).to.equal(
      'signature_mismatch',
    );
  });

  it('refuses malformed or missing headers', async () => {
    const headers = webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body });
    const without = (name: string) => Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
    expect(await refusal(delivery({ headers: without('webhook-id') }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: without('webhook-timestamp') }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: without('webhook-signature') }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-timestamp': '2026-11-21T03:00:00Z' } }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-timestamp': '-5' } }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-id': 'has space' } }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-signature': '   ' } }))).to.equal('malformed');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-signature': 'v1,not base64!' } }))).to.equal('signature_mismatch');
    expect(await refusal(delivery({ headers: { ...headers, 'webhook-id': ['msg_1', 'msg_2'] } })), 'repeated header').to.equal('malformed');
    const notJson = 'not json';
    expect(
      await refusal(delivery({ rawBody: notJson, headers: webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body: notJson }) })),
    ).to.equal('malformed');
  });

  it('reads headers in any case, as Node may hand them over', async () => {
    const headers = Object.fromEntries(
      Object.entries(webhookHeaders({ secret, id: 'msg_1', timestamp: signedAt, body })).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect((await verifyWebhook(delivery({ headers }))).isOk()).to.equal(true);
  });

  it('throws on a secret that is not whsec_ + base64 (a configuration bug, not a bad delivery)', () => {
    expect(() => verifyWebhook(delivery({ secret: 'whsec_short' }))).to.throw(TypeError);
    expect(() => signWebhook({ secret: 'not base64 at all!', id: 'x', timestamp: 1, body })).to.throw(TypeError);
  });
});
