import { expect } from 'chai';
import { httpWebhookSender, isPrivateAddress, webhookUrlProblem } from './webhook-transport';

describe('Webhook transport: which URLs may receive deliveries', () => {
  it('knows private, loopback, link-local (cloud metadata) and reserved addresses from public ones', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
    ]) {
      expect(isPrivateAddress(address), address).to.equal(true);
    }
    for (const address of ['8.8.8.8', '203.0.114.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPrivateAddress(address), address).to.equal(false);
    expect(isPrivateAddress('example.com'), 'a name is resolved at connect time').to.equal(false);
  });

  it('takes only https to a public host, without credentials, unless insecure URLs are allowed', () => {
    expect(webhookUrlProblem('https://merchant.example/hooks', false)).to.equal(null);
    expect(webhookUrlProblem('http://merchant.example/hooks', false)).to.equal('the URL must be https');
    expect(webhookUrlProblem('ftp://merchant.example/hooks', true)).to.equal('the URL must be http or https');
    expect(webhookUrlProblem('merchant.example/hooks', false)).to.equal('not an absolute URL');
    expect(webhookUrlProblem('https://user:pw@merchant.example/hooks', false)).to.equal('the URL must not carry credentials');
    for (const internal of [
      'https://127.0.0.1/x',
      'https://[::1]/x',
      'https://169.254.169.254/latest/meta-data',
      'https://localhost/x',
      'https://db.internal/x',
    ]) {
      expect(webhookUrlProblem(internal, false), internal).to.equal('the URL must point to a public host');
    }
    expect(webhookUrlProblem('http://127.0.0.1:8080/x', true)).to.equal(null);
    expect(webhookUrlProblem(`https://merchant.example/${'a'.repeat(2048)}`, true)).to.match(/longer than 2048/);
  });

  it('refuses a private address before connecting', async () => {
    const send = httpWebhookSender();
    let failure: unknown = null;
    await send({ url: 'https://10.0.0.1/hooks', headers: {}, body: '{}', timeoutMs: 1000 }).catch((e: unknown) => (failure = e));
    expect(String(failure)).to.include('public host');
  });
});
