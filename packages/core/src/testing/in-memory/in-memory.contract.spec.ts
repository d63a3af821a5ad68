import { InMemoryAccessTokenStore } from './in-memory-access-token-store';
import { accessTokenStoreContract } from '../contracts/access-token-store.contract';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';
import { InMemoryRateCounter } from './in-memory-rate-counter';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work';
import { persistenceContracts } from '../contracts/persistence.contract';

persistenceContracts('in-memory', () => {
  const uow = new InMemoryUnitOfWork();
  return Promise.resolve({
    uow,
    posLookup: uow.posLookup(),
    events: uow.db.bus,
    idempotency: new InMemoryIdempotencyStore(),
    rates: new InMemoryRateCounter(),
    close: () => Promise.resolve(),
  });
});

accessTokenStoreContract('in-memory', () => Promise.resolve({ store: new InMemoryAccessTokenStore(), close: () => Promise.resolve() }));
