import { expect } from 'chai';
import { Throttle } from './throttle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Throttle (coalesced reads and announcements of the outbox relay)', () => {
  it('runs at once after a quiet spell, then once at the end of the interval for all triggers within it', async () => {
    const runs: number[] = [];
    const started = Date.now();
    const throttle = new Throttle(100, () => runs.push(Date.now() - started));
    throttle.trigger();
    expect(runs, 'the first trigger runs at once').to.have.length(1);
    for (let i = 0; i < 20; i++) throttle.trigger();
    expect(runs).to.have.length(1);
    await sleep(150);
    expect(runs, 'twenty triggers within the interval share one run').to.have.length(2);
    expect(runs[1]).to.be.at.least(95);
    await sleep(150);
    throttle.trigger();
    expect(runs, 'after a quiet interval: at once again').to.have.length(3);
  });

  it('drops a pending run when cancelled', async () => {
    let runs = 0;
    const throttle = new Throttle(50, () => (runs += 1));
    throttle.trigger();
    throttle.trigger();
    throttle.cancel();
    await sleep(100);
    expect(runs).to.equal(1);
  });
});
