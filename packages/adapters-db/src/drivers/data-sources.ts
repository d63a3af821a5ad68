import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';
import type { RoundTripCounter } from '../instrumentation/round-trip.counter';
import { pgliteDriverModule, type PgliteHandle } from './pglite-pool';

/** The table where TypeORM records applied migrations. */
export const MIGRATIONS_TABLE = 'counterpay_migrations';

const common = {
  type: 'postgres' as const,
  entities: [...ENTITIES],
  migrations: [...MIGRATIONS],
  migrationsTableName: MIGRATIONS_TABLE,
  migrationsRun: false,
  synchronize: false,
  logging: false,
};

/** A TypeORM `DataSource` on a Postgres server through `pg` (not initialized). */
export function postgresDataSource(options: { url: string; poolSize?: number; applicationName?: string }): DataSource {
  return new DataSource({
    ...common,
    url: options.url,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'counterpay',
  } satisfies DataSourceOptions);
}

/** A TypeORM `DataSource` on an embedded PGlite database (not initialized). */
export function pgliteDataSource(handle: PgliteHandle, counter?: RoundTripCounter): DataSource {
  return new DataSource({ ...common, driver: pgliteDriverModule(handle, counter) } satisfies DataSourceOptions);
}
