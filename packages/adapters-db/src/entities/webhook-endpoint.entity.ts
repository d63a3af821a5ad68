import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A store's webhook endpoint. The signing secret is kept as given (`whsec_…`): every delivery is
 * signed with it, so it cannot be hashed like a bearer credential.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('ix_webhook_endpoints_created', ['storeId', 'createdAt'])
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_webhook_endpoints' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id!: string;

  @Column({ type: 'varchar', length: 2048, name: 'url' })
  url!: string;

  @Column({ type: 'varchar', length: 128, name: 'secret' })
  secret!: string;

  /** The event types it receives; null → every type. */
  @Column({ type: 'jsonb', name: 'event_types', nullable: true })
  eventTypes!: string[] | null;

  @Column({ type: 'boolean', name: 'enabled' })
  enabled!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
