import type { AccessToken, AccessTokenStore } from '../../ports/access-token-store.port';

/** Staff sessions and API keys in memory (one process only). */
export class InMemoryAccessTokenStore implements AccessTokenStore {
  private readonly rows = new Map<string, AccessToken>();

  insert(token: AccessToken): Promise<void> {
    this.rows.set(token.id, token);
    return Promise.resolve();
  }
  findByHash(storeId: string, tokenHash: string): Promise<AccessToken | null> {
    for (const row of this.rows.values()) {
      if (row.storeId === storeId && row.tokenHash === tokenHash) return Promise.resolve(row);
    }
    return Promise.resolve(null);
  }
  revoke(storeId: string, id: string, at: Date): Promise<void> {
    const row = this.rows.get(id);
    if (row !== undefined && row.storeId === storeId) this.rows.set(id, { ...row, revokedAt: at });
    return Promise.resolve();
  }
  list(storeId: string, kind: AccessToken['kind']): Promise<AccessToken[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((r) => r.storeId === storeId && r.kind === kind)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
    );
  }
  purgeExpired(before: Date): Promise<number> {
    let n = 0;
    for (const [id, row] of this.rows) {
      if (row.expiresAt !== null && row.expiresAt.getTime() < before.getTime()) {
        this.rows.delete(id);
        n += 1;
      }
    }
    return Promise.resolve(n);
  }
}
