import type { AccessToken } from '@counterpay/core';
import { accessTokenStoreContract, InMemoryAccessTokenStore } from '@counterpay/core/testing';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CachedAccessTokenStore } from './credential-cache';

accessTokenStoreContract('cached (in-memory underneath)', () =>
  Promise.resolve({ store: new CachedAccessTokenStore(new InMemoryAccessTokenStore(), 60_000), close: () => Promise.resolve() }),
);

function aSession(): AccessToken {
  return {
    id: randomUUID(),
    storeId: randomUUID(),
    kind: 'session',
    tokenHash: randomUUID(),
    staffId: randomUUID(),
    role: 'clerk',
    label: 'session',
    createdAt: new Date('2026-11-21T09:00:00Z'),
    expiresAt: new Date('2026-11-21T21:00:00Z'),
    revokedAt: null,
  };
}

/** Counts the lookups that reach the shared store (the database, in production). */
class CountingStore extends InMemoryAccessTokenStore {
  lookups = 0;
  override findByHash(storeId: string, tokenHash: string): Promise<AccessToken | null> {
    this.lookups += 1;
    return super.findByHash(storeId, tokenHash);
  }
}

describe('CachedAccessTokenStore (credentialCacheMs)', () => {
  it('looks a signed-in caller up once, not on every request', async () => {
    const shared = new CountingStore();
    const cached = new CachedAccessTokenStore(shared, 60_000);
    const session = aSession();
    await shared.insert(session);
    for (let i = 0; i < 5; i++) expect(await cached.findByHash(session.storeId, session.tokenHash)).to.deep.equal(session);
    expect(shared.lookups).to.equal(1);
  });

  it('refuses a credential revoked through it at once', async () => {
    const shared = new InMemoryAccessTokenStore();
    const cached = new CachedAccessTokenStore(shared, 60_000);
    const session = aSession();
    await shared.insert(session);
    await cached.findByHash(session.storeId, session.tokenHash);
    await cached.revoke(session.storeId, session.id, new Date('2026-11-21T10:00:00Z'));
    expect((await cached.findByHash(session.storeId, session.tokenHash))?.revokedAt).to.not.equal(null);
  });

  it('sees a revocation made by another process once its time is up', async () => {
    const shared = new InMemoryAccessTokenStore();
    const cached = new CachedAccessTokenStore(shared, 20);
    const elsewhere = new CachedAccessTokenStore(shared, 20);
    const session = aSession();
    await shared.insert(session);
    await cached.findByHash(session.storeId, session.tokenHash);
    await elsewhere.revoke(session.storeId, session.id, new Date('2026-11-21T10:00:00Z'));
    await sleep(40);
    expect((await cached.findByHash(session.storeId, session.tokenHash))?.revokedAt).to.not.equal(null);
  });

  it('does not remember unknown credentials: one created after a miss is found at once', async () => {
    const shared = new InMemoryAccessTokenStore();
    const cached = new CachedAccessTokenStore(shared, 60_000);
    const session = aSession();
    expect(await cached.findByHash(session.storeId, session.tokenHash)).to.equal(null);
    await cached.insert(session);
    expect(await cached.findByHash(session.storeId, session.tokenHash)).to.deep.equal(session);
  });
});
