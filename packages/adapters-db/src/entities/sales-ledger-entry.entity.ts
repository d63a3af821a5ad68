import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './column.transformers';
import { StoreEntity } from './store.entity';

/**
 * The sales ledger: one sale per capture, one reversal per refund (`uq_sales_ledger_once`).
 * Counter and staff are report dimensions copied from the sale, kept as text.
 */
@Entity({ name: 'sales_ledger' })
@Index('uq_sales_ledger_once', ['storeId', 'transactionId', 'kind'], { unique: true })
@Index('ix_sales_ledger_day', ['storeId', 'businessDay', 'occurredAt'])
@Check('ck_sales_ledger_kind', `"kind" IN ('sale', 'reversal')`)
@Check('ck_sales_ledger_amount', `"amount_minor" >= 0`)
export class SalesLedgerEntryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_sales_ledger' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_sales_ledger' })
  id!: string;

  @Column({ type: 'uuid', name: 'transaction_id' })
  transactionId!: string;

  @Column({ type: 'varchar', length: 8, name: 'kind' })
  kind!: string;

  @Column({ type: 'bigint', name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column({ type: 'char', length: 3, name: 'currency' })
  currency!: string;

  @Column({ type: 'varchar', length: 64, name: 'counter_id' })
  counterId!: string;

  @Column({ type: 'varchar', length: 64, name: 'staff_id', nullable: true })
  staffId!: string | null;

  @Column({ type: 'varchar', length: 16, name: 'method' })
  method!: string;

  @Column({ type: 'varchar', length: 20, name: 'processing_number' })
  processingNumber!: string;

  @Column({ type: 'date', name: 'business_day' })
  businessDay!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'store_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_sales_ledger_store' })
  store?: StoreEntity;
}
