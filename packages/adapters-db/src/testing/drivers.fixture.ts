import { createPglitePersistence, createPostgresPersistence, type Persistence, type PersistenceOptions } from '../persistence';
import { createTestDatabase, TEST_DATABASE_URL } from './test-database';

/** Opens a persistence on a fresh database of one driver; `close` also drops that database. */
export type OpenPersistence = (options?: PersistenceOptions) => Promise<Persistence>;

/**
 * Registers `suite` once per driver: PGlite always, Postgres when `TEST_DATABASE_URL` is set (a
 * pending test says so otherwise). Each call of `open` gets its own fresh database.
 */
export function onEveryDriver(title: string, suite: (open: OpenPersistence, driver: 'pglite' | 'postgres') => void): void {
  describe(`${title} (pglite)`, () => suite((options) => createPglitePersistence(options), 'pglite'));
  describe(`${title} (postgres)`, () => {
    if (TEST_DATABASE_URL === undefined) {
      it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
      return;
    }
    const serverUrl = TEST_DATABASE_URL;
    suite(async (options) => {
      const database = await createTestDatabase(serverUrl);
      try {
        const persistence = await createPostgresPersistence({ ...options, url: database.url, poolSize: 4 });
        return {
          ...persistence,
          close: async () => {
            await persistence.close();
            await database.drop();
          },
        };
      } catch (e) {
        await database.drop();
        throw e;
      }
    }, 'postgres');
  });
}

/** Polls `check` every 10 ms until it holds, failing after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
