import { MigrationExecutor, type DataSource } from 'typeorm';

/** Advisory lock key held while migrating, so that processes starting together migrate one at a time. */
const MIGRATION_LOCK = 7_270_301_001;

/**
 * Applies the pending migrations, each in its own transaction, under a session advisory lock on one
 * connection (a second process waits, then finds nothing pending). Returns the names applied.
 */
export async function applyMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      return (await executor.executePendingMigrations()).map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** True when every migration this package ships has been applied (for a readiness probe). */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
