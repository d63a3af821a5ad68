import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `Idempotency-Key`s. Keyed by scope (which starts with the store) and key, so it has no
 * `store_id` column of its own; `ix_idempotency_keys_created` serves the purge.
 */
@Entity({ name: 'idempotency_keys' })
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'text', name: 'scope', primaryKeyConstraintName: 'pk_idempotency_keys' })
  scope!: string;

  @PrimaryColumn({ type: 'text', name: 'idempotency_key', primaryKeyConstraintName: 'pk_idempotency_keys' })
  key!: string;

  @Column({ type: 'text', name: 'fingerprint' })
  fingerprint!: string;

  @Column({ type: 'integer', name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column({ type: 'jsonb', name: 'response_body', nullable: true })
  responseBody!: unknown;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt!: Date | null;
}
