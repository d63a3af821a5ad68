import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import type { SalesLedgerEntry } from '@counterpay/core';
import { InMemoryUnitOfWork } from '@counterpay/core/testing';
import { expect } from 'chai';
import { okAsync } from 'neverthrow';
import { readConfig } from './config';
import { CrashHook, CrashingSettlementGateway, CrashingUnitOfWork, parseCrashPoints } from './crash-points';

class Killed extends Error {}

/** A hook whose "SIGKILL" throws, so that a test can see where the process would have died. */
function hook(probabilities: Parameters<typeof parseCrashPoints>[0], seed = 1): { hook: CrashHook; deaths: () => number } {
  let deaths = 0;
  const crash = new CrashHook(
    { probabilities: parseCrashPoints(probabilities), seed },
    {
      kill: () => {
        deaths += 1;
        throw new Killed('SIGKILL');
      },
      announce: () => undefined,
    },
  );
  return { hook: crash, deaths: () => deaths };
}

const card = { number: '4242424242424242', expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' };

describe('Reference server: configuration and crash points (tests only)', () => {
  it('reads the reliability options, all off or at their defaults when absent', () => {
    const defaults = readConfig({});
    const given = readConfig({
      COUNTERPAY_NETWORK_URL: 'http://127.0.0.1:4100/',
      COUNTERPAY_RECOVERY_INTERVAL_MS: '200',
      COUNTERPAY_RECOVERY_GRACE_MS: '0',
      COUNTERPAY_RATE_LIMITS: 'off',
      COUNTERPAY_CRASH_POINTS: 'after-network-answer:0.05, before-commit:0.02',
      COUNTERPAY_CRASH_SEED: '42',
    });

    expect(defaults).to.deep.include({
      networkUrl: null,
      recoveryIntervalMs: 15_000,
      recoveryGraceMs: 30_000,
      rateLimits: true,
      crash: null,
    });
    expect(given).to.deep.include({ networkUrl: 'http://127.0.0.1:4100', recoveryIntervalMs: 200, recoveryGraceMs: 0, rateLimits: false });
    expect(given.crash).to.deep.equal({ probabilities: { 'after-network-answer': 0.05, 'before-commit': 0.02 }, seed: 42 });
    expect(readConfig({ COUNTERPAY_CRASH_POINTS: 'before-commit:1' }).crash?.seed).to.be.a('number');
  });

  it('refuses a crash point, a probability, a network URL or an interval it cannot read, so a test never runs without its faults', () => {
    expect(() => readConfig({ COUNTERPAY_CRASH_POINTS: 'after-answer:0.1' })).to.throw(/COUNTERPAY_CRASH_POINTS/);
    expect(() => readConfig({ COUNTERPAY_CRASH_POINTS: 'before-commit:1.5' })).to.throw(/within 0..1/);
    expect(() => readConfig({ COUNTERPAY_CRASH_POINTS: 'before-commit:0.1', COUNTERPAY_CRASH_SEED: 'x' })).to.throw(
      /COUNTERPAY_CRASH_SEED/,
    );
    expect(() => readConfig({ COUNTERPAY_NETWORK_URL: 'ftp://network' })).to.throw(/COUNTERPAY_NETWORK_URL/);
    expect(() => readConfig({ COUNTERPAY_RECOVERY_INTERVAL_MS: '5' })).to.throw(/COUNTERPAY_RECOVERY_INTERVAL_MS/);
  });

  it('never kills before it is armed, and draws the same deaths from the same seed', () => {
    const disarmed = hook('before-commit:1');
    disarmed.hook.reach('before-commit', 'test');
    expect(disarmed.deaths()).to.equal(0);

    const pattern = (seed: number) => {
      const { hook: crash } = hook('before-commit:0.3', seed);
      crash.arm();
      return Array.from({ length: 40 }, () => {
        try {
          crash.reach('before-commit', 'test');
          return '.';
        } catch {
          return 'x';
        }
      }).join('');
    };
    expect(pattern(7)).to.equal(pattern(7));
    expect(pattern(7)).to.include('x').and.include('.');
  });

  it('dies after the network applied a capture and before the caller hears of it; tokenize never dies', async () => {
    const network = new MockCardNetwork();
    const { hook: crash, deaths } = hook('after-network-answer:1');
    crash.arm();
    const gateway = new CrashingSettlementGateway(new MockSettlementGateway(network), crash);
    const tokenized = (await gateway.tokenize({ merchant: 'm', card }))._unsafeUnwrap();
    if (tokenized.outcome !== 'tokenized') throw new Error('the test card was rejected');
    const inner = new MockSettlementGateway(network);
    const authorized = (
      await inner.authorize({
        merchant: 'm',
        reference: 'r:authorize:1',
        token: tokenized.method.token,
        amount: { value: 500, currency: 'JPY' },
      })
    )._unsafeUnwrap();
    if (authorized.outcome !== 'authorized') throw new Error('the test card was declined');

    let heard = false;
    try {
      await gateway.capture({
        merchant: 'm',
        reference: 'r:capture',
        authorizationCode: authorized.authorizationCode,
        amount: { value: 500, currency: 'JPY' },
      });
      heard = true;
    } catch (error) {
      expect(error).to.be.instanceOf(Killed);
    }

    expect(heard).to.equal(false);
    expect(deaths()).to.equal(1);
    expect(network.totals('m').captured).to.equal(500);
  });

  it('dies inside a unit of work after its writes and before its commit: nothing of it is kept', async () => {
    const inner = new InMemoryUnitOfWork();
    const { hook: crash, deaths } = hook('before-commit:1');
    crash.arm();
    const uow = new CrashingUnitOfWork(inner, crash);
    const entry: SalesLedgerEntry = {
      id: 'e1',
      storeId: 's1',
      transactionId: 't1',
      kind: 'sale',
      amount: { value: 500, currency: 'JPY' },
      counterId: 'c1',
      staffId: null,
      method: 'card',
      processingNumber: '000000000001',
      businessDay: '2026-11-21',
      occurredAt: new Date('2026-11-21T03:00:00Z'),
    };

    let committed = false;
    try {
      await uow.run((repositories) => repositories.ledger.append(entry).andThen(() => okAsync(undefined)));
      committed = true;
    } catch (error) {
      expect(error).to.be.instanceOf(Killed);
    }

    expect(committed).to.equal(false);
    expect(deaths()).to.equal(1);
    expect(await inner.repositories.ledger.entries('s1', {})).to.deep.equal([]);
    expect(uow.repositories).to.equal(inner.repositories);
  });
});
