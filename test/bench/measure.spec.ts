import { expect } from 'chai';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loopLateness } from './measure';

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
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // hold the loop for 60 ms
    }
    await sleep(50);
    blocked.disable();
    expect(loopLateness(blocked.max, resolution)).to.be.at.least(50);
  });
});
