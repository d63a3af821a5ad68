import { expect } from 'chai';
import type { Client } from 'pg';
import { createPostgresPersistence } from '../persistence';
import { createTestDatabase, TEST_DATABASE_URL } from '../testing/test-database';
import { OUTBOX_START } from './outbox.queries';
import { PostgresOutboxSource } from './postgres-outbox.source';

describe('PostgresOutboxSource', function () {
  this.timeout(60_000);
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;

  it('reads with the generic plan, not a custom plan made again at every read', async () => {
    const database = await createTestDatabase(serverUrl);
    const persistence = await createPostgresPersistence({ url: database.url, poolSize: 1 });
    const source = new PostgresOutboxSource(database.url, 'outbox-source-spec');
    const close = await source.listen(() => undefined);
    try {
      for (let i = 0; i < 12; i++) await source.read(OUTBOX_START, 10);
      const onItsConnection = source as unknown as { send<T>(statement: (client: Client) => Promise<T>): Promise<T> };
      const { rows } = await onItsConnection.send((c) =>
        c.query<{ generic: number; custom: number }>(
          `SELECT "generic_plans"::int AS "generic", "custom_plans"::int AS "custom" FROM pg_prepared_statements WHERE "statement" LIKE 'WITH horizon%'`,
        ),
      );
      expect(rows).to.deep.equal([{ generic: 12, custom: 0 }]);
    } finally {
      await close();
      await persistence.close();
      await database.drop();
    }
  });
});
