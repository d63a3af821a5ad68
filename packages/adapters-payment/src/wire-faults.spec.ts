import { expect } from 'chai';
import { WIRE_FAULT_KINDS, WireFaultInjector, type WireFault, type WireFaultOptions } from './wire-faults';

const everyKind: WireFaultOptions = { seed: 11, rate: 0.5, kinds: WIRE_FAULT_KINDS };

function draws(injector: WireFaultInjector, count: number): (WireFault | null)[] {
  return Array.from({ length: count }, () => injector.next('capture'));
}

describe('wire fault injection', () => {
  it('replays the same faults from the same seed', () => {
    expect(draws(new WireFaultInjector(everyKind), 200)).to.deep.equal(draws(new WireFaultInjector(everyKind), 200));
    expect(draws(new WireFaultInjector({ ...everyKind, seed: 12 }), 200)).not.to.deep.equal(draws(new WireFaultInjector(everyKind), 200));
  });

  it('injects about `rate` of the calls, of every kind and both variants, and counts them', () => {
    const injector = new WireFaultInjector({ ...everyKind, rate: 0.2, slowAnswerMs: 7 });
    const faults = draws(injector, 5000).filter((fault): fault is WireFault => fault !== null);

    expect(faults.length).to.be.within(900, 1100);
    expect(Object.values(injector.injected()).reduce((a, b) => a + b, 0)).to.equal(faults.length);
    for (const kind of WIRE_FAULT_KINDS) expect(injector.injected()[kind], kind).to.be.greaterThan(100);
    const variants = new Set(faults.map((fault) => JSON.stringify(fault)));
    expect([...variants].sort()).to.deep.equal(
      [
        { kind: 'connection_reset', afterApplying: false },
        { kind: 'connection_reset', afterApplying: true },
        { kind: 'duplicate_answer' },
        { kind: 'http_500' },
        { kind: 'lost_response', answer: 'http_502' },
        { kind: 'lost_response', answer: 'reset' },
        { kind: 'slow_answer', delayMs: 7 },
      ]
        .map((fault) => JSON.stringify(fault))
        .sort(),
    );
  });

  it('leaves inquire and tokenize alone by default, and only faults the configured operations', () => {
    const byDefault = new WireFaultInjector({ ...everyKind, rate: 1 });
    const onlyInquire = new WireFaultInjector({ ...everyKind, rate: 1, operations: ['inquire'] });

    expect(byDefault.next('inquire')).to.equal(null);
    expect(byDefault.next('tokenize')).to.equal(null);
    expect(byDefault.next('authorize')).not.to.equal(null);
    expect(onlyInquire.next('authorize')).to.equal(null);
    expect(onlyInquire.next('inquire')).not.to.equal(null);
  });

  it('serves queued faults before random ones, without a random configuration', () => {
    const injector = new WireFaultInjector();
    injector.failNext('http_500', 2);

    expect(injector.next('refund')).to.deep.equal({ kind: 'http_500' });
    expect(injector.next('inquire')).to.equal(null);
    expect(injector.next('refund')).to.deep.equal({ kind: 'http_500' });
    expect(injector.next('refund')).to.equal(null);
    expect(injector.injected().http_500).to.equal(2);
  });

  it('refuses a rate outside 0..1 and a rate without kinds', () => {
    expect(() => new WireFaultInjector({ seed: 1, rate: 1.5, kinds: ['http_500'] })).to.throw(RangeError);
    expect(() => new WireFaultInjector({ seed: 1, rate: 0.1, kinds: [] })).to.throw(RangeError);
    expect(() => new WireFaultInjector({ seed: 1, rate: 0.1, kinds: ['http_500'], slowAnswerMs: -1 })).to.throw(RangeError);
  });
});
