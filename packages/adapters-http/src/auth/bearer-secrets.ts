import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Most characters a bearer credential may have; longer headers are refused before any lookup. */
export const MAX_BEARER_LENGTH = 512;

/** A fresh store credential `<storeId>.<secret>` with 256 bits of secret. */
export function newStoreCredential(storeId: string): string {
  return `${storeId}.${randomBytes(32).toString('base64url')}`;
}

/** The store part of a `<storeId>.<secret>` credential, or null when it has no such shape. */
export function storeIdOfCredential(credential: string): string | null {
  const dot = credential.indexOf('.');
  if (dot <= 0 || dot === credential.length - 1 || credential.length > MAX_BEARER_LENGTH) return null;
  return credential.slice(0, dot);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  if (header === undefined || header.length > MAX_BEARER_LENGTH + 7) return null;
  const match = /^Bearer[ ]+([\x21-\x7e]+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * A constant-time check against one fixed secret: compares SHA-256 digests (so lengths may differ),
 * the secret's taken once (the admin token, which every bearer credential is compared with).
 */
export function secretMatcher(secret: string): (candidate: string) => boolean {
  const expected = digest(secret);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}
