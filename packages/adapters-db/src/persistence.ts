import { PGlite } from '@electric-sql/pglite';
import type { AccessTokenStore, EventPublisher, IdempotencyStore, PosLookup, RateCounter } from '@counterpay/core';
import type { DataSource } from 'typeorm';
import { pgliteDataSource, postgresDataSource } from './drivers/data-sources';
import { applyMigrations, migrationsApplied } from './drivers/migration.runner';
import { countPgRoundTrips } from './drivers/pg-client.instrumentation';
import { pgliteSessionHolder, type PgliteHandle } from './drivers/pglite-pool';
import { SessionLock } from './drivers/session.lock';
import { pgliteMaintained, postgresMaintained, TableMaintenance } from './drivers/table-maintenance';
import { RoundTripCounter } from './instrumentation/round-trip.counter';
import { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox.relay';
import type { OutboxSource } from './outbox/outbox.queries';
import { PgliteOutboxSource } from './outbox/pglite-outbox.source';
import { PostgresOutboxSource } from './outbox/postgres-outbox.source';
import { TypeOrmAccessTokenStore } from './repositories/typeorm-access-token.store';
import { TypeOrmCatalogRepository } from './repositories/typeorm-catalog.repository';
import { TypeOrmIdempotencyStore } from './repositories/typeorm-idempotency.store';
import { TypeOrmRateCounter } from './repositories/typeorm-rate-counter';
import { TypeOrmUnitOfWork, type WorkScope } from './repositories/typeorm-unit-of-work';
import { PoolExecutor } from './sql/sql.executor';

/** Options shared by both drivers. */
export interface PersistenceOptions extends OutboxRelayOptions {
  /** Publishers (webhooks, audit…) the outbox relay hands every committed event to, in order. */
  readonly publishers?: readonly EventPublisher[];
  /** Apply pending migrations at start (default true). */
  readonly migrate?: boolean;
}

/** A ready persistence: what `Counterpay` and the HTTP adapter need, over one database. */
export interface Persistence {
  /** The TypeORM `DataSource` (initialized, migrations applied). */
  readonly dataSource: DataSource;
  readonly uow: TypeOrmUnitOfWork;
  readonly posLookup: PosLookup;
  /** The outbox relay of this process: subscribe for live updates, add publishers. */
  readonly events: OutboxRelay;
  readonly idempotency: IdempotencyStore;
  /** Rate-limit windows in the database, shared by every server process on it. */
  readonly rates: RateCounter;
  readonly accessTokens: AccessTokenStore;
  /** Round trips and commits sent on this persistence's connections (not the relay's). */
  readonly roundTrips: RoundTripCounter;
  /**
   * The `VACUUM (ANALYZE)` runs this persistence makes as the database grows (see the `autovacuum`
   * options), or null when it leaves that to the server's autovacuum.
   */
  readonly maintenance: TableMaintenance | null;
  /** Database reachable and every migration applied (for `/readyz`). */
  ready(): Promise<boolean>;
  /** Stops the relay and closes every connection (and the embedded database). */
  close(): Promise<void>;
}

/** Postgres through `pg`. */
export interface PostgresPersistenceOptions extends PersistenceOptions {
  /** `postgres://user@host:port/database`. */
  readonly url: string;
  /** Connections in the pool (default 10); the relay uses one more of its own. */
  readonly poolSize?: number;
  /** `application_name` of the pool's connections (default `counterpay`). */
  readonly applicationName?: string;
  /**
   * Run `VACUUM (ANALYZE)` on the schema's tables as the database grows, as autovacuum would
   * (see `TableMaintenance`): `'when-server-off'` (the default) does it when the server's
   * `autovacuum` setting is off, and only then; `true` always; `false` never.
   */
  readonly autovacuum?: boolean | 'when-server-off';
}

/** Embedded PGlite. */
export interface PglitePersistenceOptions extends PersistenceOptions {
  /** Directory of the database files; undefined → in memory (gone on close). */
  readonly dataDir?: string;
  /**
   * Run `VACUUM (ANALYZE)` as the database grows, as autovacuum would on a server (default true;
   * PGlite runs no autovacuum). See `TableMaintenance`.
   */
  readonly autovacuum?: boolean;
}

async function assemble(
  dataSource: DataSource,
  roundTrips: RoundTripCounter,
  source: OutboxSource,
  options: PersistenceOptions,
  scope: WorkScope | undefined,
  shutdown: () => Promise<void>,
  maintenance: TableMaintenance | null = null,
): Promise<Persistence> {
  let relay: OutboxRelay | null = null;
  try {
    if (options.migrate ?? true) await applyMigrations(dataSource);
    relay = new OutboxRelay(source, options);
    await relay.start();
  } catch (e) {
    await relay?.close().catch(() => undefined);
    await shutdown().catch(() => undefined);
    throw e;
  }
  for (const publisher of options.publishers ?? []) relay.addPublisher(publisher);
  const events = relay;
  const outbox = {
    claimAnnouncement: () => events.claimAnnouncement(),
    committed: (announced: boolean) => {
      events.committed(announced);
      maintenance?.committed();
    },
  };
  const uow = new TypeOrmUnitOfWork(dataSource, scope, outbox);
  const pool = new PoolExecutor(dataSource, outbox);
  let closing: Promise<void> | null = null;
  return {
    dataSource,
    uow,
    posLookup: new TypeOrmCatalogRepository(pool, uow.tables),
    events,
    idempotency: new TypeOrmIdempotencyStore(pool),
    rates: new TypeOrmRateCounter(pool),
    accessTokens: new TypeOrmAccessTokenStore(pool, uow.tables),
    roundTrips,
    maintenance,
    async ready() {
      try {
        await dataSource.query('SELECT 1');
        return await migrationsApplied(dataSource);
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        await events.close();
        await maintenance?.close();
        await shutdown();
      })();
      return closing;
    },
  };
}

/**
 * Persistence on a Postgres server: a `pg` pool for commands, one more connection for the outbox
 * relay (LISTEN `counterpay_events`, so every process sees every process's events). Migrations are
 * applied before it resolves.
 */
export async function createPostgresPersistence(options: PostgresPersistenceOptions): Promise<Persistence> {
  const roundTrips = new RoundTripCounter();
  const dataSource = postgresDataSource({
    url: options.url,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
  });
  await dataSource.initialize();
  countPgRoundTrips(dataSource, roundTrips);
  let maintenance: TableMaintenance | null = null;
  try {
    if (await postgresNeedsMaintenance(dataSource, options.autovacuum ?? 'when-server-off')) {
      maintenance = new TableMaintenance(
        postgresMaintained(options.url, `${options.applicationName ?? 'counterpay'}-maintenance`),
        tablesOf(dataSource),
        options.onError ?? ((e) => process.emitWarning(`counterpay Postgres maintenance: ${String(e)}`)),
      );
    }
  } catch (e) {
    await dataSource.destroy().catch(() => undefined);
    throw e;
  }
  const source = new PostgresOutboxSource(options.url, `${options.applicationName ?? 'counterpay'}-relay`);
  return assemble(dataSource, roundTrips, source, options, undefined, () => dataSource.destroy(), maintenance);
}

/** Whether the Postgres persistence runs its own `VACUUM (ANALYZE)` (see `PostgresPersistenceOptions.autovacuum`). */
async function postgresNeedsMaintenance(dataSource: DataSource, option: boolean | 'when-server-off'): Promise<boolean> {
  if (typeof option === 'boolean') return option;
  const rows = (await dataSource.query(`SELECT current_setting('autovacuum') AS "autovacuum"`)) as { autovacuum: string }[];
  return rows[0]?.autovacuum !== 'on';
}

/** The schema's tables (unquoted names). */
function tablesOf(dataSource: DataSource): string[] {
  return dataSource.entityMetadatas.map((m) => m.tableName);
}

/**
 * Persistence on an embedded PGlite database (in memory, or in `dataDir`): zero setup, one process.
 * PGlite has a single session, so statements and transactions take turns on it.
 */
export async function createPglitePersistence(options: PglitePersistenceOptions = {}): Promise<Persistence> {
  const db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  const handle: PgliteHandle = { db, lock: new SessionLock() };
  const roundTrips = new RoundTripCounter();
  const dataSource = pgliteDataSource(handle, roundTrips);
  try {
    await dataSource.initialize();
  } catch (e) {
    await db.close();
    throw e;
  }
  const scope: WorkScope = (work) => pgliteSessionHolder.run(db, work);
  const maintenance =
    options.autovacuum === false
      ? null
      : new TableMaintenance(
          pgliteMaintained(handle),
          tablesOf(dataSource),
          options.onError ?? ((e) => process.emitWarning(`counterpay PGlite maintenance: ${String(e)}`)),
        );
  return assemble(
    dataSource,
    roundTrips,
    new PgliteOutboxSource(handle),
    options,
    scope,
    async () => {
      await dataSource.destroy();
      await db.close();
    },
    maintenance,
  );
}
