import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { IDEMPOTENCY_IN_FLIGHT_LEASE_MS } from '../../ports/idempotency-store.port';
import { useFixture, type PersistenceFactory } from './persistence-fixture';

/** Contract of `IdempotencyStore`: Stripe semantics, atomic under concurrency, purge after retention. */
export function idempotencyStoreContract(name: string, factory: PersistenceFactory): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    const fx = useFixture(factory);
    const now = new Date('2026-11-21T09:00:00Z');

    it('starts, reports in flight, replays the stored answer, and flags a different request', async () => {
      const store = fx().idempotency;
      const scope = `store-${randomUUID()}`;
      expect(await store.begin(scope, 'k1', 'fp-a', now)).to.deep.equal({ kind: 'started' });
      expect(await store.begin(scope, 'k1', 'fp-a', now)).to.deep.equal({ kind: 'in_flight' });
      expect(await store.begin(scope, 'k1', 'fp-b', now)).to.deep.equal({ kind: 'mismatch' });
      await store.complete(scope, 'k1', { status: 201, body: { id: 'x', nested: { n: 1 } } }, now);
      expect(await store.begin(scope, 'k1', 'fp-a', now)).to.deep.equal({
        kind: 'replay',
        response: { status: 201, body: { id: 'x', nested: { n: 1 } } },
      });
      expect(await store.begin(scope, 'k1', 'fp-b', now)).to.deep.equal({ kind: 'mismatch' });
      expect(await store.begin(`${scope}-other`, 'k1', 'fp-b', now), 'keys are scoped').to.deep.equal({ kind: 'started' });
    });

    it('lets exactly one of many concurrent requests start a key', async () => {
      const scope = `store-${randomUUID()}`;
      const answers = await Promise.all(Array.from({ length: 50 }, () => fx().idempotency.begin(scope, 'k', 'fp', now)));
      expect(answers.filter((a) => a.kind === 'started')).to.have.length(1);
      expect(answers.filter((a) => a.kind === 'in_flight')).to.have.length(49);
    });

    it('lets one retry take over a key whose request never answered within the lease (its process died)', async () => {
      const scope = `store-${randomUUID()}`;
      await fx().idempotency.begin(scope, 'k', 'fp', now);
      const justBefore = new Date(now.getTime() + IDEMPOTENCY_IN_FLIGHT_LEASE_MS - 1);
      expect(await fx().idempotency.begin(scope, 'k', 'fp', justBefore)).to.deep.equal({ kind: 'in_flight' });
      const after = new Date(now.getTime() + IDEMPOTENCY_IN_FLIGHT_LEASE_MS);
      expect(await fx().idempotency.begin(scope, 'k', 'fp-other', after), 'another request is still a mismatch').to.deep.equal({
        kind: 'mismatch',
      });
      const retries = await Promise.all(Array.from({ length: 20 }, () => fx().idempotency.begin(scope, 'k', 'fp', after)));
      expect(
        retries.filter((r) => r.kind === 'started'),
        'exactly one retry takes it over',
      ).to.have.length(1);
      expect(retries.filter((r) => r.kind === 'in_flight')).to.have.length(19);
      await fx().idempotency.complete(scope, 'k', { status: 200, body: { ok: true } }, after);
      expect(await fx().idempotency.begin(scope, 'k', 'fp', new Date(after.getTime() + 10 * IDEMPOTENCY_IN_FLIGHT_LEASE_MS))).to.deep.equal(
        {
          kind: 'replay',
          response: { status: 200, body: { ok: true } },
        },
      );
    });

    it('releases a started key so the request can run again', async () => {
      const scope = `store-${randomUUID()}`;
      await fx().idempotency.begin(scope, 'k', 'fp', now);
      await fx().idempotency.release(scope, 'k');
      expect(await fx().idempotency.begin(scope, 'k', 'fp', now)).to.deep.equal({ kind: 'started' });
    });

    it('purges keys older than the cut-off and keeps newer ones', async () => {
      const scope = `store-${randomUUID()}`;
      const old = new Date(now.getTime() - 25 * 3600_000);
      await fx().idempotency.begin(scope, 'old', 'fp', old);
      await fx().idempotency.begin(scope, 'new', 'fp', now);
      const purged = await fx().idempotency.purge(new Date(now.getTime() - 24 * 3600_000));
      expect(purged).to.be.greaterThanOrEqual(1);
      expect(await fx().idempotency.begin(scope, 'old', 'fp', now)).to.deep.equal({ kind: 'started' });
      expect(await fx().idempotency.begin(scope, 'new', 'fp', now)).to.deep.equal({ kind: 'in_flight' });
    });
  });
}
