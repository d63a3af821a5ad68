import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';
import { persistenceContracts } from '../contracts/persistence.contract';

persistenceContracts('in-memory', () => {
  const uow = new InMemoryUnitOfWork();
  return Promise.resolve({
    uow,
    posLookup: uow.posLookup(),
    events: uow.db.bus,
    idempotency: new InMemoryIdempotencyStore(),
    close: () => Promise.resolve(),
  });
});
