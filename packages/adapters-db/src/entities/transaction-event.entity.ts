import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber } from './column.transformers';
import { TransactionEntity } from './transaction.entity';

/** What the outbox insert stores in `writer_xid`: the id of the database transaction writing the row. */
export const WRITER_XID = 'pg_current_xact_id()::text::bigint';

/**
 * The outbox and the event history in one append-only table. A row is written in the same
 * statement (or database transaction) as the state change it records. `writer_xid` lets the relay
 * hand out only rows whose writing transaction has ended, so no row is skipped when transactions
 * commit out of id order. A trigger (see the migration) NOTIFYs `counterpay_events` on insert.
 *
 * `ix_transaction_events_relay` is the one index not led by `store_id`: the relay reads every
 * store's events in commit order.
 */
@Entity({ name: 'transaction_events' })
@Index('ix_transaction_events_relay', ['writerXid', 'id'])
@Index('ix_transaction_events_history', ['storeId', 'transactionId', 'id'])
export class TransactionEventEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_transaction_events' })
  storeId!: string;

  /** A `bigserial`: a string from `pg`, a number from PGlite (the mapper makes it a string). */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', name: 'id', primaryKeyConstraintName: 'pk_transaction_events' })
  id!: string | number;

  @Column({ type: 'uuid', name: 'transaction_id' })
  transactionId!: string;

  @Column({ type: 'uuid', name: 'counter_id' })
  counterId!: string;

  @Column({ type: 'varchar', length: 64, name: 'type' })
  type!: string;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  /** `{ data, transaction }`: the event's data and the public view of the transaction right after it. */
  @Column({ type: 'jsonb', name: 'payload' })
  payload!: Record<string, unknown>;

  @Column({ type: 'bigint', name: 'writer_xid', transformer: bigintNumber })
  writerXid!: number;

  @ManyToOne(() => TransactionEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_transaction_events_transaction' },
    { name: 'transaction_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_transaction_events_transaction' },
  ])
  transaction?: TransactionEntity;
}
