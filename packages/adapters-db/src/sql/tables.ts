import type { DataSource } from 'typeorm';
import { AccessTokenEntity } from '../entities/access-token.entity';
import { CounterEntity } from '../entities/counter.entity';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';
import { PriceEntity } from '../entities/price.entity';
import { ProductEntity } from '../entities/product.entity';
import { SalesLedgerEntryEntity } from '../entities/sales-ledger-entry.entity';
import { ScheduleEntryEntity } from '../entities/schedule-entry.entity';
import { ScheduleEntity } from '../entities/schedule.entity';
import { StaffEntity } from '../entities/staff.entity';
import { StoreEntity } from '../entities/store.entity';
import { TransactionEntity } from '../entities/transaction.entity';
import { EntityCodec } from './entity.codec';

/** The codec of every table of one `DataSource`, built once and shared by all repositories. */
export class Tables {
  readonly stores: EntityCodec<StoreEntity>;
  readonly staff: EntityCodec<StaffEntity>;
  readonly counters: EntityCodec<CounterEntity>;
  readonly transactions: EntityCodec<TransactionEntity>;
  readonly schedules: EntityCodec<ScheduleEntity>;
  readonly scheduleEntries: EntityCodec<ScheduleEntryEntity>;
  readonly products: EntityCodec<ProductEntity>;
  readonly prices: EntityCodec<PriceEntity>;
  readonly ledger: EntityCodec<SalesLedgerEntryEntity>;
  readonly idempotencyKeys: EntityCodec<IdempotencyKeyEntity>;
  readonly accessTokens: EntityCodec<AccessTokenEntity>;

  constructor(dataSource: DataSource) {
    this.stores = new EntityCodec(dataSource, StoreEntity);
    this.staff = new EntityCodec(dataSource, StaffEntity);
    this.counters = new EntityCodec(dataSource, CounterEntity);
    this.transactions = new EntityCodec(dataSource, TransactionEntity);
    this.schedules = new EntityCodec(dataSource, ScheduleEntity);
    this.scheduleEntries = new EntityCodec(dataSource, ScheduleEntryEntity);
    this.products = new EntityCodec(dataSource, ProductEntity);
    this.prices = new EntityCodec(dataSource, PriceEntity);
    this.ledger = new EntityCodec(dataSource, SalesLedgerEntryEntity);
    this.idempotencyKeys = new EntityCodec(dataSource, IdempotencyKeyEntity);
    this.accessTokens = new EntityCodec(dataSource, AccessTokenEntity);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` can be a `uuid` column value; anything else matches no row (and is never sent). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
