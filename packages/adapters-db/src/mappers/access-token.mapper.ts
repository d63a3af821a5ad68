import type { AccessToken } from '@counterpay/core';
import type { AccessTokenEntity } from '../entities/access-token.entity';

/** Access token ↔ row. */
export const accessTokenMapper = {
  toEntity(t: AccessToken): AccessTokenEntity {
    return {
      storeId: t.storeId,
      id: t.id,
      kind: t.kind,
      tokenHash: t.tokenHash,
      staffId: t.staffId,
      role: t.role,
      label: t.label,
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      revokedAt: t.revokedAt,
    };
  },
  toDomain(r: AccessTokenEntity): AccessToken {
    return {
      id: r.id,
      storeId: r.storeId,
      kind: r.kind as AccessToken['kind'],
      tokenHash: r.tokenHash,
      staffId: r.staffId,
      role: r.role as AccessToken['role'],
      label: r.label,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
    };
  },
};
