import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A store (tenant). The one table without `store_id`: its `id` is the store id. */
@Entity({ name: 'stores' })
@Index('uq_stores_code', ['code'], { unique: true })
@Check('ck_stores_status', `"status" IN ('active', 'suspended', 'closed')`)
@Check('ck_stores_capture_policy', `"capture_policy" IN ('manual', 'auto')`)
export class StoreEntity {
  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_stores' })
  id!: string;

  @Column({ type: 'varchar', length: 40, name: 'code' })
  code!: string;

  @Column({ type: 'varchar', length: 200, name: 'name' })
  name!: string;

  @Column({ type: 'char', length: 3, name: 'currency' })
  currency!: string;

  @Column({ type: 'varchar', length: 64, name: 'timezone' })
  timezone!: string;

  @Column({ type: 'varchar', length: 16, name: 'status' })
  status!: string;

  @Column({ type: 'jsonb', name: 'enabled_methods' })
  enabledMethods!: string[];

  @Column({ type: 'varchar', length: 8, name: 'capture_policy' })
  capturePolicy!: string;

  @Column({ type: 'integer', name: 'customer_timeout_seconds' })
  customerTimeoutSeconds!: number;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'integer', name: 'version' })
  version!: number;
}
