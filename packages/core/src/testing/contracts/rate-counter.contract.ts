import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

/** Contract of `RateCounter`: fixed windows, keys apart, every concurrent hit counted once, purge of ended windows. */
export function rateCounterContract(name: string, factory: PersistenceFactory): void {
  describe(`RateCounter contract: ${name}`, () => {
    const fx = useFixture(factory);
    const now = new Date('2026-12-05T09:00:00.000Z');
    const at = (ms: number) => new Date(now.getTime() + ms);

    it('counts the hits of a window and starts the next one with the first hit after it ends', async () => {
      const key = `login|${randomUUID()}`;
      const counter = fx().rates;
      expect(await counter.hit(key, 60_000, now)).to.deep.equal({ hits: 1, endsAt: at(60_000) });
      expect(await counter.hit(key, 60_000, at(1))).to.deep.equal({ hits: 2, endsAt: at(60_000) });
      expect(await counter.hit(key, 60_000, at(59_999))).to.deep.equal({ hits: 3, endsAt: at(60_000) });
      expect(await counter.hit(key, 60_000, at(60_000)), 'the window has ended').to.deep.equal({ hits: 1, endsAt: at(120_000) });
      expect(await counter.hit(key, 1_000, at(60_500)), 'a window keeps the length it started with').to.deep.equal({
        hits: 2,
        endsAt: at(120_000),
      });
    });

    it('keeps keys apart', async () => {
      const [a, b] = [`portal|${randomUUID()}`, `portal|${randomUUID()}`];
      await fx().rates.hit(a, 60_000, now);
      await fx().rates.hit(a, 60_000, now);
      expect((await fx().rates.hit(b, 60_000, now)).hits).to.equal(1);
      expect((await fx().rates.hit(a, 60_000, now)).hits).to.equal(3);
    });

    it('counts each of many concurrent hits exactly once', async () => {
      const key = `login|${randomUUID()}`;
      const windows = await Promise.all(Array.from({ length: 60 }, (_, i) => fx().rates.hit(key, 60_000, at(i))));
      expect(windows.map((w) => w.hits).sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(new Set(windows.map((w) => w.endsAt.getTime())).size, 'all in one window').to.equal(1);
    });

    it('purges the windows that ended before the given time, and only those', async () => {
      const [ended, live] = [`qr|${randomUUID()}`, `qr|${randomUUID()}`];
      const later = at(10 * 60_000);
      await fx().rates.hit(ended, 60_000, later);
      await fx().rates.hit(live, 600_000, later);
      expect(await fx().rates.purge(new Date(later.getTime() + 60_001))).to.be.at.least(1);
      expect((await fx().rates.hit(ended, 60_000, new Date(later.getTime() + 30_000))).hits, 'purged: a new window').to.equal(1);
      expect((await fx().rates.hit(live, 600_000, new Date(later.getTime() + 30_000))).hits, 'kept').to.equal(2);
    });
  });
}
