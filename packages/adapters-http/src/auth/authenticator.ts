import type { AccessTokenStore, Clock, SecretHasher } from '@counterpay/core';
import { bearerOf, secretMatcher, storeIdOfCredential } from './bearer-secrets';
import type { Principal } from './principal';

/** What {@link Authenticator} checks credentials against. */
export interface AuthenticatorDeps {
  readonly accessTokens: AccessTokenStore;
  readonly hasher: SecretHasher;
  readonly clock: Clock;
  readonly adminToken: string;
}

/**
 * Resolves a bearer credential: the admin token (constant-time compare), or a store credential
 * `<storeId>.<secret>` looked up by its hash in that store only (a session that has not expired or
 * been revoked, or an API key).
 */
export class Authenticator {
  private readonly isAdminToken: (token: string) => boolean;

  constructor(private readonly deps: AuthenticatorDeps) {
    this.isAdminToken = secretMatcher(deps.adminToken);
  }

  /** The principal of an `Authorization` header, or null when it proves nothing. */
  async fromAuthorization(header: string | undefined): Promise<Principal | null> {
    const token = bearerOf(header);
    if (token === null) return null;
    if (this.isAdminToken(token)) return { kind: 'admin' };
    const storeId = storeIdOfCredential(token);
    if (storeId === null) return null;
    const record = await this.deps.accessTokens.findByHash(storeId, this.deps.hasher.hash(token));
    if (record === null || record.storeId !== storeId || record.revokedAt !== null) return null;
    if (record.expiresAt !== null && record.expiresAt.getTime() <= this.deps.clock.now().getTime()) return null;
    if (record.kind === 'api_key') return { kind: 'api_key', storeId, credentialId: record.id };
    if (record.staffId === null || record.role === 'api') return null;
    return { kind: 'staff', storeId, staffId: record.staffId, role: record.role, credentialId: record.id, expiresAt: record.expiresAt };
  }
}
