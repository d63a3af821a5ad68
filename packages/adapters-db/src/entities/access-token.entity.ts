import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Staff sessions and store API keys: only the hash of each secret. `ix_access_tokens_expiry` (not
 * led by `store_id`) serves the cross-store purge of expired sessions.
 */
@Entity({ name: 'access_tokens' })
@Index('uq_access_tokens_hash', ['storeId', 'tokenHash'], { unique: true })
@Index('ix_access_tokens_kind', ['storeId', 'kind', 'createdAt'])
@Index('ix_access_tokens_expiry', ['expiresAt'], { where: `"expires_at" IS NOT NULL` })
@Check('ck_access_tokens_kind', `"kind" IN ('session', 'api_key')`)
@Check('ck_access_tokens_role', `"role" IN ('clerk', 'manager', 'api')`)
export class AccessTokenEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_access_tokens' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_access_tokens' })
  id!: string;

  @Column({ type: 'varchar', length: 16, name: 'kind' })
  kind!: string;

  @Column({ type: 'varchar', length: 128, name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'uuid', name: 'staff_id', nullable: true })
  staffId!: string | null;

  @Column({ type: 'varchar', length: 16, name: 'role' })
  role!: string;

  @Column({ type: 'varchar', length: 200, name: 'label' })
  label!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
