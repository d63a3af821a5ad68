import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The Postgres server tests use (`TEST_DATABASE_URL`), or undefined when none is configured. */
export const TEST_DATABASE_URL: string | undefined = process.env['TEST_DATABASE_URL'] || undefined;

/** A database created for one test suite. */
export interface TestDatabase {
  /** Its connection URL. */
  readonly url: string;
  /** Drops it, closing any connection still open on it. */
  drop(): Promise<void>;
}

/**
 * Creates an empty database `cp_test_<random>` on the server of `serverUrl`, so that every suite
 * runs on its own schema and runs are independent.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `cp_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
