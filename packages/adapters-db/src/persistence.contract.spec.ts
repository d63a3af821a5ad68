import { accessTokenStoreContract, persistenceContracts } from '@counterpay/core/testing';
import { createPglitePersistence, createPostgresPersistence, type Persistence } from './persistence';
import { createTestDatabase, TEST_DATABASE_URL } from './testing/test-database';

function fixture(persistence: Persistence, close: () => Promise<void>) {
  return {
    uow: persistence.uow,
    posLookup: persistence.posLookup,
    events: persistence.events,
    idempotency: persistence.idempotency,
    rates: persistence.rates,
    close,
  };
}

persistenceContracts('pglite', async () => {
  const persistence = await createPglitePersistence();
  return fixture(persistence, () => persistence.close());
});

accessTokenStoreContract('pglite', async () => {
  const persistence = await createPglitePersistence();
  return { store: persistence.accessTokens, close: () => persistence.close() };
});

async function onFreshPostgres(serverUrl: string): Promise<{ persistence: Persistence; close: () => Promise<void> }> {
  const database = await createTestDatabase(serverUrl);
  try {
    const persistence = await createPostgresPersistence({ url: database.url, poolSize: 5 });
    return {
      persistence,
      close: async () => {
        await persistence.close();
        await database.drop();
      },
    };
  } catch (e) {
    await database.drop();
    throw e;
  }
}

describe('Postgres persistence contracts', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  persistenceContracts('postgres', async () => {
    const { persistence, close } = await onFreshPostgres(serverUrl);
    return fixture(persistence, close);
  });
  accessTokenStoreContract('postgres', async () => {
    const { persistence, close } = await onFreshPostgres(serverUrl);
    return { store: persistence.accessTokens, close };
  });
});
