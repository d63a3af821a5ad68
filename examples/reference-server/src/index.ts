export { readConfig, type ServerConfig } from './config';
export {
  CRASH_POINTS,
  CrashHook,
  CrashingSettlementGateway,
  CrashingUnitOfWork,
  parseCrashPoints,
  type CrashPoint,
  type CrashSettings,
} from './crash-points';
export { seedDemo, DEMO_STORE, DEMO_PRODUCTS, type SeedReport } from './demo-seed';
export { openPersistence, type PersistenceChoice, type ServerPersistence } from './persistence';
export { createReferenceServer, persistenceOf, type ReferenceServer, type ReferenceServerOverrides } from './server';
export {
  startWorkers,
  DEFAULT_WORKER_INTERVALS,
  IDEMPOTENCY_RETENTION_MS,
  WEBHOOK_DELIVERY_RETENTION_MS,
  type WorkerIntervals,
  type Workers,
} from './workers';
