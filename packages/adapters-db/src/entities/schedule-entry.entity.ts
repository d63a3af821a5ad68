import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './column.transformers';
import { ScheduleEntity } from './schedule.entity';

/** One collection of a schedule; at most one entry per transaction. */
@Entity({ name: 'schedule_entries' })
@Index('ix_schedule_entries_schedule', ['storeId', 'scheduleId', 'dueAt'])
@Index('ix_schedule_entries_due', ['storeId', 'dueAt'])
@Index('uq_schedule_entries_transaction', ['storeId', 'transactionId'], { unique: true, where: `"transaction_id" IS NOT NULL` })
@Check('ck_schedule_entries_status', `"status" IN ('pending', 'presented', 'collected', 'cancelled')`)
@Check('ck_schedule_entries_amount', `"amount_minor" > 0`)
export class ScheduleEntryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_schedule_entries' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_schedule_entries' })
  id!: string;

  @Column({ type: 'uuid', name: 'schedule_id' })
  scheduleId!: string;

  @Column({ type: 'uuid', name: 'counter_id' })
  counterId!: string;

  @Column({ type: 'varchar', length: 200, name: 'customer_name' })
  customerName!: string;

  @Column({ type: 'varchar', length: 100, name: 'customer_ref' })
  customerRef!: string;

  @Column({ type: 'varchar', length: 500, name: 'description' })
  description!: string;

  @Column({ type: 'jsonb', name: 'items' })
  items!: unknown[];

  @Column({ type: 'bigint', name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column({ type: 'char', length: 3, name: 'currency' })
  currency!: string;

  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16, name: 'status' })
  status!: string;

  @Column({ type: 'uuid', name: 'transaction_id', nullable: true })
  transactionId!: string | null;

  @Column({ type: 'integer', name: 'version' })
  version!: number;

  @ManyToOne(() => ScheduleEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_schedule_entries_schedule' },
    { name: 'schedule_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_schedule_entries_schedule' },
  ])
  schedule?: ScheduleEntity;
}
