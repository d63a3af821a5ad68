import { EXPIRABLE_STATUSES, IN_FLIGHT_STATUSES, LIVE_STATUSES, TRANSACTION_STATUSES } from '@counterpay/core';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './column.transformers';
import { CounterEntity } from './counter.entity';
import { sqlList } from './sql-literals';

/** The predicate of `uq_transactions_live_counter`: the statuses that occupy a counter. */
export const LIVE_STATUS_PREDICATE = `"status" IN (${sqlList(LIVE_STATUSES)})`;

/**
 * A transaction, column for column. Money is `bigint` minor units in the transaction's `currency`;
 * the payment method is the masked method only (token, brand, last4, BIN, expiry) and a CHECK
 * refuses a JSON document carrying a card number or CVC.
 */
@Entity({ name: 'transactions' })
@Index('uq_transactions_reference', ['storeId', 'reference'], { unique: true })
@Index('uq_transactions_live_counter', ['storeId', 'counterId'], { unique: true, where: LIVE_STATUS_PREDICATE })
@Index('uq_transactions_processing_number', ['storeId', 'processingNumber'], {
  unique: true,
  where: `"processing_number" IS NOT NULL`,
})
@Index('ix_transactions_created', ['storeId', 'createdAt', 'id'])
@Index('ix_transactions_counter_created', ['storeId', 'counterId', 'createdAt'])
@Index('ix_transactions_in_flight', ['storeId', 'updatedAt'], { where: `"status" IN (${sqlList(IN_FLIGHT_STATUSES)})` })
@Index('ix_transactions_expiry', ['storeId', 'expiresAt'], { where: `"status" IN (${sqlList(EXPIRABLE_STATUSES)})` })
@Check('ck_transactions_status', `"status" IN (${sqlList(TRANSACTION_STATUSES)})`)
@Check('ck_transactions_source', `"source" IN ('clerk', 'customer', 'schedule', 'scan')`)
@Check('ck_transactions_amount', `"amount_minor" IS NULL OR "amount_minor" > 0`)
@Check(
  'ck_transactions_authorization',
  `("authorization_code" IS NULL) = ("authorized_at" IS NULL) AND ("authorized_at" IS NULL) = ("authorized_amount_minor" IS NULL)`,
)
@Check(
  'ck_transactions_capture',
  `("processing_number" IS NULL) = ("captured_at" IS NULL) AND ("captured_at" IS NULL) = ("captured_amount_minor" IS NULL) AND ("captured_at" IS NULL) = ("capture_counter_id" IS NULL)`,
)
@Check(
  'ck_transactions_refund',
  `("refunded_at" IS NULL) = ("refund_kind" IS NULL) AND ("refunded_at" IS NULL) = ("refunded_amount_minor" IS NULL)`,
)
@Check('ck_transactions_claim', `("claim_token_hash" IS NULL) = ("claimed_at" IS NULL)`)
@Check('ck_transactions_no_card_number', `"payment_method" IS NULL OR NOT ("payment_method" ?| ARRAY['number', 'cvc', 'pan'])`)
@Check('ck_transactions_version', `"version" >= 1`)
export class TransactionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_transactions' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_transactions' })
  id!: string;

  @Column({ type: 'uuid', name: 'counter_id' })
  counterId!: string;

  @Column({ type: 'varchar', length: 40, name: 'reference' })
  reference!: string;

  @Column({ type: 'varchar', length: 16, name: 'source' })
  source!: string;

  @Column({ type: 'varchar', length: 24, name: 'status' })
  status!: string;

  @Column({ type: 'char', length: 3, name: 'currency' })
  currency!: string;

  @Column({ type: 'bigint', name: 'amount_minor', nullable: true, transformer: bigintNumber })
  amountMinor!: number | null;

  @Column({ type: 'jsonb', name: 'items' })
  items!: unknown[];

  @Column({ type: 'uuid', name: 'schedule_entry_id', nullable: true })
  scheduleEntryId!: string | null;

  @Column({ type: 'uuid', name: 'opened_by', nullable: true })
  openedBy!: string | null;

  @Column({ type: 'jsonb', name: 'payment_method', nullable: true })
  paymentMethod!: Record<string, unknown> | null;

  @Column({ type: 'integer', name: 'authorization_attempt' })
  authorizationAttempt!: number;

  @Column({ type: 'varchar', length: 64, name: 'authorization_code', nullable: true })
  authorizationCode!: string | null;

  @Column({ type: 'bigint', name: 'authorized_amount_minor', nullable: true, transformer: bigintNumber })
  authorizedAmountMinor!: number | null;

  @Column({ type: 'timestamptz', name: 'authorized_at', nullable: true })
  authorizedAt!: Date | null;

  @Column({ type: 'varchar', length: 64, name: 'decline_reason', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'varchar', length: 20, name: 'processing_number', nullable: true })
  processingNumber!: string | null;

  @Column({ type: 'bigint', name: 'captured_amount_minor', nullable: true, transformer: bigintNumber })
  capturedAmountMinor!: number | null;

  @Column({ type: 'timestamptz', name: 'captured_at', nullable: true })
  capturedAt!: Date | null;

  @Column({ type: 'uuid', name: 'captured_by', nullable: true })
  capturedBy!: string | null;

  @Column({ type: 'uuid', name: 'capture_counter_id', nullable: true })
  captureCounterId!: string | null;

  @Column({ type: 'timestamptz', name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'cancellation_requested_at', nullable: true })
  cancellationRequestedAt!: Date | null;

  @Column({ type: 'uuid', name: 'cancellation_requested_by', nullable: true })
  cancellationRequestedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'cancellation_confirmed_at', nullable: true })
  cancellationConfirmedAt!: Date | null;

  @Column({ type: 'bigint', name: 'refunded_amount_minor', nullable: true, transformer: bigintNumber })
  refundedAmountMinor!: number | null;

  @Column({ type: 'varchar', length: 8, name: 'refund_kind', nullable: true })
  refundKind!: string | null;

  @Column({ type: 'timestamptz', name: 'refunded_at', nullable: true })
  refundedAt!: Date | null;

  @Column({ type: 'varchar', length: 128, name: 'claim_token_hash', nullable: true })
  claimTokenHash!: string | null;

  @Column({ type: 'timestamptz', name: 'claimed_at', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'integer', name: 'failed_card_attempts' })
  failedCardAttempts!: number;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'integer', name: 'version' })
  version!: number;

  @ManyToOne(() => CounterEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_transactions_counter' },
    { name: 'counter_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_transactions_counter' },
  ])
  counter?: CounterEntity;
}
