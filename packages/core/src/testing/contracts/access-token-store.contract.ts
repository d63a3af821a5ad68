import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { AccessToken, AccessTokenStore } from '../../ports/access-token-store.port';

function aToken(overrides: Partial<AccessToken> = {}): AccessToken {
  return {
    id: randomUUID(),
    storeId: randomUUID(),
    kind: 'session',
    tokenHash: randomUUID().replace(/-/g, ''),
    staffId: randomUUID(),
    role: 'clerk',
    label: 'login',
    createdAt: new Date('2026-11-21T09:00:00Z'),
    expiresAt: new Date('2026-11-21T21:00:00Z'),
    revokedAt: null,
    ...overrides,
  };
}

/** Contract of `AccessTokenStore`: scoped lookup by hash, revocation, purge of expired sessions. */
export function accessTokenStoreContract(name: string, factory: () => Promise<{ store: AccessTokenStore; close(): Promise<void> }>): void {
  describe(`AccessTokenStore contract: ${name}`, () => {
    let fixture: { store: AccessTokenStore; close(): Promise<void> };
    before(async () => {
      fixture = await factory();
    });
    after(() => fixture.close());

    it('finds a credential by hash only within its store', async () => {
      const token = aToken();
      await fixture.store.insert(token);
      expect(await fixture.store.findByHash(token.storeId, token.tokenHash)).to.deep.equal(token);
      expect(await fixture.store.findByHash(randomUUID(), token.tokenHash)).to.equal(null);
      expect(await fixture.store.findByHash(token.storeId, 'other')).to.equal(null);
    });

    it('keeps API keys apart from sessions, revokes, and purges only expired sessions', async () => {
      const storeId = randomUUID();
      const key = aToken({ storeId, kind: 'api_key', staffId: null, role: 'api', expiresAt: null });
      const old = aToken({ storeId, expiresAt: new Date('2026-11-20T00:00:00Z') });
      const live = aToken({ storeId });
      for (const t of [key, old, live]) await fixture.store.insert(t);
      expect((await fixture.store.list(storeId, 'api_key')).map((t) => t.id)).to.deep.equal([key.id]);
      await fixture.store.revoke(storeId, key.id, new Date('2026-11-21T10:00:00Z'));
      expect((await fixture.store.findByHash(storeId, key.tokenHash))?.revokedAt?.toISOString()).to.equal('2026-11-21T10:00:00.000Z');
      expect(await fixture.store.purgeExpired(new Date('2026-11-21T00:00:00Z'))).to.be.greaterThanOrEqual(1);
      expect(await fixture.store.findByHash(storeId, old.tokenHash)).to.equal(null);
      expect(await fixture.store.findByHash(storeId, live.tokenHash)).to.not.equal(null);
      expect(await fixture.store.findByHash(storeId, key.tokenHash)).to.not.equal(null);
    });
  });
}
