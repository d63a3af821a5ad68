import type { StaffRole } from '../domain/store/store.aggregate';

/** A bearer credential of a store: a staff session (expires) or a server-to-server API key. */
export interface AccessToken {
  readonly id: string;
  readonly storeId: string;
  readonly kind: 'session' | 'api_key';
  /** Hash of the secret (see `SecretHasher`); the secret itself is shown once and never stored. */
  readonly tokenHash: string;
  /** The staff member of a session; null for an API key. */
  readonly staffId: string | null;
  /** What the bearer may do: a staff role, or `api` for an API key (clerk and manager rights). */
  readonly role: StaffRole | 'api';
  readonly label: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

/** Staff sessions and API keys, shared by every server process. */
export interface AccessTokenStore {
  /** Stores a new credential. */
  insert(token: AccessToken): Promise<void>;
  /** The credential with this hash in the store, whatever its expiry (the caller checks it). */
  findByHash(storeId: string, tokenHash: string): Promise<AccessToken | null>;
  /** Revokes a credential from `at` on. */
  revoke(storeId: string, id: string, at: Date): Promise<void>;
  /** A store's credentials of a kind, newest first. */
  list(storeId: string, kind: AccessToken['kind']): Promise<AccessToken[]>;
  /** Deletes credentials expired before `before`; returns how many. */
  purgeExpired(before: Date): Promise<number>;
}
