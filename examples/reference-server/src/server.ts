import { HttpSettlementGateway, MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import {
  counterpayHttp,
  counterpayFrameworkErrors,
  counterpayLoggerOptions,
  type LogDestination,
  type ScryptCost,
} from '@counterpay/adapters-http';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock, type SettlementGateway } from '@counterpay/core';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config';
import { CrashHook, CrashingSettlementGateway, CrashingUnitOfWork } from './crash-points';
import { seedDemo } from './demo-seed';
import { openPersistence, type PersistenceChoice, type ServerPersistence } from './persistence';
import { DEFAULT_WORKER_INTERVALS, startWorkers, type WorkerIntervals, type Workers } from './workers';
// webhooks
import { WebhookDispatcher } from '@counterpay/adapters-http';

/** A composed server, ready to listen. */
export interface ReferenceServer {
  readonly app: FastifyInstance;
  readonly counterpay: Counterpay;
  /** The mock card network in this process; null when `networkUrl` points to a network process. */
  readonly network: MockCardNetwork | null;
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

function cardNetworkOf(config: ServerConfig, clock: SystemClock): { network: MockCardNetwork | null; gateway: SettlementGateway } {
  if (config.networkUrl !== null) return { network: null, gateway: new HttpSettlementGateway({ baseUrl: config.networkUrl }) };
  const network = new MockCardNetwork({ clock: () => clock.now() });
  return { network, gateway: new MockSettlementGateway(network) };
}

/**
 * The composition root: persistence, the card network (the mock in process, or a network process
 * over HTTP), the library, the HTTP plugin, the demo seed and the workers. With `config.crash`
 * (tests only) the gateway and the unit of work are wrapped in crash points, armed once listening.
 */
export async function createReferenceServer(config: ServerConfig, overrides: ReferenceServerOverrides = {}): Promise<ReferenceServer> {
  const persistence = await openPersistence(overrides.persistence ?? persistenceOf(config));
  const clock = new SystemClock();
  const { network, gateway } = cardNetworkOf(config, clock);
  const crashHook = config.crash === null ? null : new CrashHook(config.crash);
  const counterpay = new Counterpay({
    uow: crashHook === null ? persistence.uow : new CrashingUnitOfWork(persistence.uow, crashHook),
    posLookup: persistence.posLookup,
    gateway: crashHook === null ? gateway : new CrashingSettlementGateway(gateway, crashHook),
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
      frameworkErrors: counterpayFrameworkErrors,
      logger: counterpayLoggerOptions({
        level: config.logLevel,
        ...(overrides.logStream === undefined ? {} : { stream: overrides.logStream }),
      }),
    });
    app = server;
    // webhooks: queued from the outbox relay, sent by a worker started in listen(); http and private URLs only in development
    const allowInsecureUrls = config.publicUrl.startsWith('http:');
    const webhooks = new WebhookDispatcher({
      store: persistence.webhooks,
      repositories: persistence.uow.repositories,
      clock,
      ids: counterpay.deps.ids,
      allowInsecureUrls,
      onError: (error) => server.log.warn({ err: error }, 'webhook worker failed'),
    });
    persistence.addPublisher(webhooks, { durableName: 'webhooks' });
    await server.register(counterpayHttp, {
      counterpay,
      events: persistence.events,
      idempotency: persistence.idempotency,
      accessTokens: persistence.accessTokens,
      adminToken: config.adminToken,
      publicUrl: config.publicUrl,
      readiness: () => persistence.ready(),
      webhooks: { store: persistence.webhooks, dispatcher: webhooks, allowInsecureUrls }, // webhooks
      ...(config.rateLimits ? {} : { rateLimits: false as const }),
      ...(persistence.rates === null ? {} : { rateCounter: persistence.rates }),
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
          {
            counterpay,
            idempotency: persistence.idempotency,
            accessTokens: persistence.accessTokens,
            webhooks: persistence.webhooks,
            ...(persistence.rates === null ? {} : { rates: persistence.rates }),
            log: server.log,
          },
          overrides.workerIntervals ?? {
            ...DEFAULT_WORKER_INTERVALS,
            recoveryMs: config.recoveryIntervalMs,
            recoveryGraceMs: config.recoveryGraceMs,
          },
        );
        crashHook?.arm();
        webhooks.start(); // webhooks
        return address;
      },
      close() {
        closing ??= (async () => {
          await workers?.stop();
          await webhooks.stop(); // webhooks
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
