import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * One event for one webhook endpoint: the queue row the workers claim, and the delivery log.
 * `payload` is `text`, not `jsonb`: it is the exact body that is signed. A worker's claim is
 * `claim_id` until `claimed_until`; `ix_webhook_deliveries_due` (not led by `store_id`) serves the
 * workers' cross-store claim of due deliveries.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('uq_webhook_deliveries_event', ['storeId', 'endpointId', 'eventId'], { unique: true })
@Index('ix_webhook_deliveries_created', ['storeId', 'createdAt'])
@Index('ix_webhook_deliveries_endpoint', ['storeId', 'endpointId', 'createdAt'])
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" IN ('pending', 'failed')` })
@Check('ck_webhook_deliveries_status', `"status" IN ('pending', 'failed', 'succeeded', 'dead')`)
@Check('ck_webhook_deliveries_attempts', `"attempts" >= 0`)
@Check('ck_webhook_deliveries_schedule', `("next_attempt_at" IS NOT NULL) = ("status" IN ('pending', 'failed'))`)
@Check('ck_webhook_deliveries_claim', `("claim_id" IS NULL) = ("claimed_until" IS NULL)`)
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_webhook_deliveries' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id!: string;

  @Column({ type: 'uuid', name: 'endpoint_id' })
  endpointId!: string;

  @Column({ type: 'varchar', length: 32, name: 'event_id' })
  eventId!: string;

  @Column({ type: 'varchar', length: 64, name: 'event_type' })
  eventType!: string;

  @Column({ type: 'text', name: 'payload' })
  payload!: string;

  @Column({ type: 'varchar', length: 16, name: 'status' })
  status!: string;

  @Column({ type: 'integer', name: 'attempts' })
  attempts!: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'uuid', name: 'claim_id', nullable: true })
  claimId!: string | null;

  @Column({ type: 'timestamptz', name: 'claimed_until', nullable: true })
  claimedUntil!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'integer', name: 'last_response_status', nullable: true })
  lastResponseStatus!: number | null;

  @Column({ type: 'varchar', length: 500, name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' },
    { name: 'endpoint_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' },
  ])
  endpoint?: WebhookEndpointEntity;
}
