import { catalogRepositoryContract, salesLedgerContract, scheduleRepositoryContract } from './catalog-schedule-ledger.contract';
import { counterRepositoryContract, staffRepositoryContract, storeRepositoryContract } from './directory-repositories.contract';
import { idempotencyStoreContract } from './idempotency-store.contract';
import type { PersistenceFactory } from './persistence-fixture';
import { rateCounterContract } from './rate-counter.contract';
import { transactionRepositoryContract } from './transaction-repository.contract';
import { unitOfWorkContract } from './unit-of-work.contract';

/** Every persistence port's contract suite, for an adapter that implements them all. */
export function persistenceContracts(name: string, factory: PersistenceFactory): void {
  storeRepositoryContract(name, factory);
  staffRepositoryContract(name, factory);
  counterRepositoryContract(name, factory);
  transactionRepositoryContract(name, factory);
  unitOfWorkContract(name, factory);
  scheduleRepositoryContract(name, factory);
  catalogRepositoryContract(name, factory);
  salesLedgerContract(name, factory);
  idempotencyStoreContract(name, factory);
  rateCounterContract(name, factory);
}
