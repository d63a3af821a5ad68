import { expect } from 'chai';
import { runSimulation } from './simulation';

const LIFECYCLES = Number(process.env['SIM_LIFECYCLES'] ?? 10_000);
const SEED = Number(process.env['SIM_SEED'] ?? 20261121);

describe(`Seeded simulation: ${LIFECYCLES} lifecycles, 20 % network faults, recovery (seed ${SEED})`, function () {
  this.timeout(600_000);

  it('ends with every transaction agreeing with the network ledger', async () => {
    const { report } = await runSimulation({ seed: SEED, lifecycles: LIFECYCLES, faultRate: 0.2, concurrency: 16, recoveryEvery: 250 });
    console.log(`      ${JSON.stringify(report)}`);
    expect(report.lifecycles).to.equal(LIFECYCLES);
    const faults = Object.values(report.faultsInjected).reduce((a, b) => a + b, 0);
    expect(faults, 'faults were really injected').to.be.greaterThan(LIFECYCLES * 0.2);
    expect(report.faultsInjected['lost_response'], 'lost responses (applied, unanswered) happened').to.be.greaterThan(0);
    expect(report.inFlight, 'left in an …ing state').to.equal(0);
    expect(report.capturedTwice, 'captured twice').to.equal(0);
    expect(report.chargedButUnrecorded, 'charged but unrecorded').to.equal(0);
    expect(report.recordedButNotCharged, 'recorded but not charged').to.equal(0);
    expect(report.refundMismatches, 'refunds on one side only').to.equal(0);
    expect(report.ledgerNet, 'sales ledger net = network captured − refunded').to.equal(report.networkNet);
    expect(report.byStatus['captured'] ?? 0).to.be.greaterThan(LIFECYCLES / 3);
    expect(report.byStatus['refunded'] ?? 0).to.be.greaterThan(0);
  });

  it('replays the same run from the same seed', async () => {
    const a = await runSimulation({ seed: 7, lifecycles: 300, faultRate: 0.2, concurrency: 1, recoveryEvery: 50 });
    const b = await runSimulation({ seed: 7, lifecycles: 300, faultRate: 0.2, concurrency: 1, recoveryEvery: 50 });
    expect(b.report).to.deep.equal(a.report);
  });
});
