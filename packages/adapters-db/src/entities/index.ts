import { AccessTokenEntity } from './access-token.entity';
import { CounterEntity } from './counter.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { OutboxCursorEntity } from './outbox-cursor.entity';
import { PriceEntity } from './price.entity';
import { ProductEntity } from './product.entity';
import { RateLimitWindowEntity } from './rate-limit-window.entity';
import { SalesLedgerEntryEntity } from './sales-ledger-entry.entity';
import { ScheduleEntryEntity } from './schedule-entry.entity';
import { ScheduleEntity } from './schedule.entity';
import { StaffEntity } from './staff.entity';
import { StoreEntity } from './store.entity';
import { TransactionEventEntity } from './transaction-event.entity';
import { TransactionEntity } from './transaction.entity';
import { WEBHOOK_ENTITIES } from './webhook.entities';

export {
  AccessTokenEntity,
  CounterEntity,
  IdempotencyKeyEntity,
  OutboxCursorEntity,
  PriceEntity,
  ProductEntity,
  RateLimitWindowEntity,
  SalesLedgerEntryEntity,
  ScheduleEntity,
  ScheduleEntryEntity,
  StaffEntity,
  StoreEntity,
  TransactionEntity,
  TransactionEventEntity,
};

/** Every entity of the schema, for a `DataSource`. */
export const ENTITIES = [
  StoreEntity,
  StaffEntity,
  CounterEntity,
  TransactionEntity,
  TransactionEventEntity,
  ScheduleEntity,
  ScheduleEntryEntity,
  ProductEntity,
  PriceEntity,
  SalesLedgerEntryEntity,
  IdempotencyKeyEntity,
  AccessTokenEntity,
  OutboxCursorEntity,
  RateLimitWindowEntity,
  ...WEBHOOK_ENTITIES,
] as const;
export * from './webhook.entities';
