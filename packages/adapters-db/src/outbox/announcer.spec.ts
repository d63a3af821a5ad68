import { expect } from 'chai';
import { Announcer } from './announcer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Announcer (how a process tells the others it committed outbox rows)', () => {
  it('lets one write per interval carry the announcement', async () => {
    const announcer = new Announcer(50, () => undefined);
    expect(announcer.claim()).to.equal(true);
    expect(announcer.claim()).to.equal(false);
    await sleep(60);
    expect(announcer.claim()).to.equal(true);
  });

  it('sends no NOTIFY of its own while carried announcements cover the commits', async () => {
    let sent = 0;
    const announcer = new Announcer(200, () => (sent += 1));
    for (let i = 0; i < 12; i++) {
      announcer.committed(announcer.claim());
      await sleep(40);
    }
    await sleep(200);
    announcer.committed(announcer.claim());
    await sleep(500);
    expect(announcer.carried).to.be.within(2, 5);
    expect(sent, 'every uncovered commit was followed by a carried one within twice the interval').to.equal(0);
  });

  it('sends one NOTIFY after a quiet spell for the commits no carried announcement covered', async () => {
    let sent = 0;
    const announcer = new Announcer(200, () => (sent += 1));
    expect(announcer.claim()).to.equal(true);
    announcer.committed(true);
    announcer.committed(false);
    announcer.committed(false);
    await sleep(100);
    expect(sent, 'not before twice the interval of quiet').to.equal(0);
    await sleep(500);
    expect(sent).to.equal(1);
    expect(announcer.sent).to.equal(1);
  });

  it('sends nothing once cancelled', async () => {
    let sent = 0;
    const announcer = new Announcer(10, () => (sent += 1));
    announcer.committed(false);
    announcer.cancel();
    await sleep(50);
    expect(sent).to.equal(0);
  });
});
