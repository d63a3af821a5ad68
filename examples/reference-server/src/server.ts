import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { counterpayHttp, counterpayLoggerOptions, type LogDestination, type ScryptCost } from '@counterpay/adapters-http';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock } from '@counterpay/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import { seedDemo } from './demo-seed';
import { openPersistence, type PersistenceChoice, type ServerPersistence } from './persistence';
import { DEFAULT_WORKER_INTERVALS, startWorkers, type WorkerIntervals, type Workers } from './workers';

/** A composed server, ready to listen. */
export interface ReferenceServer {
  readonly app: FastifyInstance;
  readonly counterpay: Counterpay;
  readonly network: MockCardNetwork;
  readonly persistence: ServerPersistence;
  /** True when this start seeded the demo store. */
  readonly seeded: boolean;
  /** Starts listening on the configured host and port; resolves to the address. */
  listen(): Promise<string>;
  /** Stops the workers, drains HTTP (open event streams are ended), closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Test and embedding overrides of the composition. */
export interface ReferenceServerOverrides {
  readonly persistence?: PersistenceChoice;
  readonly logStream?: LogDestination;
  readonly workerIntervals?: WorkerIntervals;
  readonly passwordCost?: ScryptCost;
}

/** The persistence the configuration asks for: Postgres with `DATABASE_URL`, else PGlite in the data directory. */
export function persistenceOf(config: ServerConfig): PersistenceChoice {
  return config.databaseUrl === null ? { kind: 'pglite', dataDir: config.dataDir } : { kind: 'postgres', url: config.databaseUrl };
}

/**
 * The composition root: persistence, the in-process mock card network, the library, the HTTP
 * plugin, the demo seed and the workers.
 */
export async function createReferenceServer(config: ServerConfig, overrides: ReferenceServerOverrides = {}): Promise<ReferenceServer> {
  const persistence = await openPersistence(overrides.persistence ?? persistenceOf(config));
  const clock = new SystemClock();
  const network = new MockCardNetwork({ clock: () => clock.now() });
  const counterpay = new Counterpay({
    uow: persistence.uow,
    posLookup: persistence.posLookup,
    gateway: new MockSettlementGateway(network),
    clock,
    ids: new CryptoIdGenerator(),
    hasher: new Sha256SecretHasher(),
  });
  let app: FastifyInstance | null = null;
  try {
    const seeded = config.seedDemo
      ? (await seedDemo(counterpay, overrides.passwordCost === undefined ? {} : { passwordCost: overrides.passwordCost })).seeded
      : false;
    const server = Fastify({
      logger: counterpayLoggerOptions({
        level: config.logLevel,
        ...(overrides.logStream === undefined ? {} : { stream: overrides.logStream }),
      }),
    });
    app = server;
    await server.register(counterpayHttp, {
      counterpay,
      events: persistence.events,
      idempotency: persistence.idempotency,
      accessTokens: persistence.accessTokens,
      adminToken: config.adminToken,
      publicUrl: config.publicUrl,
      readiness: () => persistence.ready(),
      ...(overrides.passwordCost === undefined ? {} : { passwordCost: overrides.passwordCost }),
    });
    await server.ready();
    let workers: Workers | null = null;
    let closing: Promise<void> | null = null;
    return {
      app: server,
      counterpay,
      network,
      persistence,
      seeded,
      async listen() {
        const address = await server.listen({ port: config.port, host: config.host });
        workers ??= startWorkers(
          { counterpay, idempotency: persistence.idempotency, accessTokens: persistence.accessTokens, log: server.log },
          overrides.workerIntervals ?? DEFAULT_WORKER_INTERVALS,
        );
        return address;
      },
      close() {
        closing ??= (async () => {
          await workers?.stop();
          await server.close();
          await persistence.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await persistence.close().catch(() => undefined);
    throw error;
  }
}
