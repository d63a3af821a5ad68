import { expect } from 'chai';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loopLateness, watchLoopLateness } from './measure';

/** Holds this process's event loop for `ms`. */
function holdLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('bench: the event loop delay it reports', () => {
  it('reads an idle loop as late by about nothing, and a blocked loop by the block', async () => {
    const resolution = 10;
    const idle = monitorEventLoopDelay({ resolution });
    idle.enable();
    await sleep(300);
    idle.disable();
    // the histogram itself holds the timer's interval: an idle loop reads about `resolution` ms
    expect(idle.percentile(50) / 1e6).to.be.at.least(resolution);
    expect(loopLateness(idle.percentile(50), resolution)).to.be.below(resolution / 2);

    const blocked = monitorEventLoopDelay({ resolution });
    blocked.enable();
    await sleep(50);
    holdLoop(60);
    await sleep(50);
    blocked.disable();
    expect(loopLateness(blocked.max, resolution)).to.be.at.least(50);
  });

  it('watches a loop: late by about nothing when idle, by the block after one, and from zero again after a reset', async () => {
    const loop = watchLoopLateness();
    await sleep(200);
    expect(loop.read().p50).to.be.below(5);
    holdLoop(60);
    await sleep(50);
    expect(loop.read().max).to.be.at.least(50);
    loop.reset();
    await sleep(100);
    expect(loop.read().max).to.be.below(50);
    loop.stop();
  });
});
