import type { AccessToken, AccessTokenStore } from '@counterpay/core';

/** Most credentials remembered at once; the cache starts over when full. */
const MAX_ENTRIES = 10_000;

/**
 * An {@link AccessTokenStore} that remembers the credentials it found for `ttlMs` (monotonic time),
 * so a signed-in caller's requests do not each cost a database round trip. Only credentials that
 * exist are remembered (a stranger's guesses cannot fill it); expiry is still checked on every
 * request by the caller. A revocation through this store takes effect at once in this process, and
 * in other server processes after at most `ttlMs`.
 */
export class CachedAccessTokenStore implements AccessTokenStore {
  private readonly found = new Map<string, { readonly token: AccessToken; readonly until: number }>();

  constructor(
    private readonly store: AccessTokenStore,
    private readonly ttlMs: number,
  ) {}

  insert(token: AccessToken): Promise<void> {
    return this.store.insert(token);
  }

  async findByHash(storeId: string, tokenHash: string): Promise<AccessToken | null> {
    const key = `${storeId}\n${tokenHash}`;
    const now = performance.now();
    const hit = this.found.get(key);
    if (hit !== undefined && hit.until > now) return hit.token;
    const token = await this.store.findByHash(storeId, tokenHash);
    if (token === null) {
      this.found.delete(key);
      return null;
    }
    if (this.found.size >= MAX_ENTRIES) this.found.clear();
    this.found.set(key, { token, until: now + this.ttlMs });
    return token;
  }

  async revoke(storeId: string, id: string, at: Date): Promise<void> {
    this.forget(storeId, id);
    await this.store.revoke(storeId, id, at);
    this.forget(storeId, id);
  }

  list(storeId: string, kind: AccessToken['kind']): Promise<AccessToken[]> {
    return this.store.list(storeId, kind);
  }

  async purgeExpired(before: Date): Promise<number> {
    for (const [key, entry] of this.found) {
      if (entry.token.expiresAt !== null && entry.token.expiresAt.getTime() < before.getTime()) this.found.delete(key);
    }
    return this.store.purgeExpired(before);
  }

  private forget(storeId: string, id: string): void {
    for (const [key, entry] of this.found) {
      if (entry.token.storeId === storeId && entry.token.id === id) this.found.delete(key);
    }
  }
}
