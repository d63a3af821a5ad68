export {
  createPglitePersistence,
  createPostgresPersistence,
  type Persistence,
  type PersistenceOptions,
  type PglitePersistenceOptions,
  type PostgresPersistenceOptions,
} from './persistence';
export { TypeOrmUnitOfWork, typeOrmRepositories } from './repositories/typeorm-unit-of-work';
export { TypeOrmStoreRepository } from './repositories/typeorm-store.repository';
export { TypeOrmStaffRepository } from './repositories/typeorm-staff.repository';
export { TypeOrmCounterRepository } from './repositories/typeorm-counter.repository';
export { TypeOrmTransactionRepository } from './repositories/typeorm-transaction.repository';
export { TypeOrmScheduleRepository } from './repositories/typeorm-schedule.repository';
export { TypeOrmCatalogRepository } from './repositories/typeorm-catalog.repository';
export { TypeOrmSalesLedger } from './repositories/typeorm-sales-ledger.repository';
export { TypeOrmIdempotencyStore } from './repositories/typeorm-idempotency.store';
export { TypeOrmRateCounter } from './repositories/typeorm-rate-counter';
export { TypeOrmAccessTokenStore } from './repositories/typeorm-access-token.store';
export { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox.relay';
export { OUTBOX_CHANNEL } from './outbox/outbox.queries';
export { RoundTripCounter, type RoundTripCount } from './instrumentation/round-trip.counter';
export { applyMigrations, migrationsApplied } from './drivers/migration.runner';
export { pgliteDataSource, postgresDataSource, MIGRATIONS_TABLE } from './drivers/data-sources';
export { ENTITIES } from './entities';
export * from './entities';
export { MIGRATIONS } from './migrations';
export { TypeOrmWebhookStore } from './repositories/typeorm-webhook.store';
