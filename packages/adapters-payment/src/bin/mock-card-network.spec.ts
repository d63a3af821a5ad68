import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expect } from 'chai';
import { HttpSettlementGateway } from '../http-settlement-gateway';
import { MockCardNetworkControl } from '../mock-card-network.control';
import { TEST_CARDS } from '../test-cards';

const BIN = join(__dirname, 'mock-card-network.js');

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

function run(env: Readonly<Record<string, string>>, args: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function started(env: Readonly<Record<string, string>>, args: readonly string[] = []): Promise<Running> {
  const child = run(env, args);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url !== undefined) return { child, url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`the bin did not print its URL: ${output}`);
}

async function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

describe('counterpay-mock-network (bin)', function () {
  this.timeout(20_000);
  const merchant = 'store-1';
  const running: ChildProcess[] = [];

  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints its URL, applies MOCK_NETWORK_FAULTS, and closes on SIGTERM with exit code 0', async () => {
    const bin = await started({ PORT: '0', MOCK_NETWORK_FAULTS: JSON.stringify({ seed: 1, rate: 1, kinds: ['error'] }) });
    running.push(bin.child);
    const gateway = new HttpSettlementGateway({ baseUrl: bin.url, retry: { attempts: 1 } });
    const control = new MockCardNetworkControl(bin.url);

    const card = { number: TEST_CARDS.visa.number, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };
    const tokenized = (await gateway.tokenize({ merchant, card }))._unsafeUnwrap();
    if (tokenized.outcome !== 'tokenized') throw new Error('visa was rejected');
    const authorized = await gateway.authorize({
      merchant,
      reference: 'a-1',
      token: tokenized.method.token,
      amount: { value: 1, currency: 'JPY' },
    });

    expect(bin.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await control.healthy()).to.equal(true);
    expect(authorized._unsafeUnwrapErr().code).to.equal('settlement.unavailable');
    expect((await control.faults()).network.error).to.equal(1);

    bin.child.kill('SIGTERM');
    expect(await exitOf(bin.child)).to.equal(0);
    expect(await control.healthy()).to.equal(false);
  });

  it('lets an argument win over the environment and turns wire faults on from MOCK_NETWORK_WIRE_FAULTS', async () => {
    const bin = await started({ PORT: '1', MOCK_NETWORK_WIRE_FAULTS: JSON.stringify({ seed: 1, rate: 1, kinds: ['http_500'] }) }, [
      '--port',
      '0',
    ]);
    running.push(bin.child);
    const gateway = new HttpSettlementGateway({ baseUrl: bin.url, retry: { attempts: 1 } });

    const voided = await gateway.void({ merchant, reference: 'v-1', authorizationCode: 'NONE00' });

    expect(voided._unsafeUnwrapErr().details).to.deep.include({ status: 500 });
  });

  it('refuses a configuration it cannot read with exit code 2, naming the variable', async () => {
    const child = run({ PORT: '0', MOCK_NETWORK_FAULTS: '{"seed":1,"rate":7,"kinds":["error"]}' });
    running.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    expect(await exitOf(child)).to.equal(2);
    expect(stderr).to.contain('MOCK_NETWORK_FAULTS.rate must be within 0..1');
  });
});
