import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { createPglitePersistence, createPostgresPersistence, type Persistence } from '@counterpay/adapters-db';
import { counterpayHttp, counterpayLoggerOptions } from '@counterpay/adapters-http';
import { MockCardNetwork, MockSettlementGateway } from '@counterpay/adapters-payment';
import { Counterpay, CryptoIdGenerator, Sha256SecretHasher, SystemClock } from '@counterpay/core';
import { startWorkers } from '@counterpay/reference-server';
import Fastify from 'fastify';
import { BENCH_READY, type BenchServerStats, type BenchServerTimes } from './http-process';
import { watchLoopLateness } from './measure';

/**
 * The server the HTTP benchmarks load, run as a child process of the bench runner so it has its
 * own event loop and its own RSS. It is the reference server's composition (persistence, in-process
 * mock card network with no added latency, the HTTP plugin, the workers) with the differences a
 * benchmark needs: rate limits are off (every client comes from 127.0.0.1, and the limits exist
 * to slow down guessing, not payments), `GET /__bench/stats` reports the commits and round trips
 * of the persistence's connections and the process's memory, and `GET /__bench/server-times` each
 * answer's time in the server by route and how late its event loop ran since `POST
 * /__bench/server-times/reset`, which starts the recording (the read stops it).
 *
 * Environment: `BENCH_DRIVER` (`postgres` | `pglite`), `DATABASE_URL` (Postgres), `BENCH_DATA_DIR`
 * (PGlite files), `BENCH_POOL_SIZE` (Postgres pool, default 10 as the reference server),
 * `COUNTERPAY_ADMIN_TOKEN`, `LOG_LEVEL` (default `warn`: no line per request), `BENCH_CREDENTIAL_CACHE_MS`
 * (the plugin's `credentialCacheMs`, for comparisons; default: the plugin's default).
 */
async function main(): Promise<void> {
  const env = process.env;
  const driver = env['BENCH_DRIVER'] === 'pglite' ? 'pglite' : 'postgres';
  let persistence: Persistence;
  if (driver === 'postgres') {
    const url = env['DATABASE_URL'];
    if (url === undefined) throw new Error('DATABASE_URL is needed with BENCH_DRIVER=postgres');
    persistence = await createPostgresPersistence({
      url,
      poolSize: Number(env['BENCH_POOL_SIZE'] ?? 10),
      applicationName: 'counterpay-bench',
    });
  } else {
    const dataDir = env['BENCH_DATA_DIR'];
    if (dataDir === undefined) throw new Error('BENCH_DATA_DIR is needed with BENCH_DRIVER=pglite');
    mkdirSync(dataDir, { recursive: true });
    persistence = await createPglitePersistence({ dataDir });
  }
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
  const app = Fastify({ logger: counterpayLoggerOptions({ level: env['LOG_LEVEL'] ?? 'warn' }) });
  // Each answer's time in the server (Fastify's `elapsedTime`: from the request's arrival to the end of
  // the response), by route, so that the latency bench can tell the server's own time from what the
  // load generator on the same machine adds. Only between a reset and the next read (the latency
  // section), so that the other sections' servers do no more than the reference server.
  const serverTimes = new Map<string, number[]>();
  let recording = false;
  app.addHook('onResponse', (request, reply, done) => {
    if (!recording) return done();
    const route = `${request.method} ${(request.routeOptions.url ?? '').replace(/:(\w+)/g, '{$1}')}`;
    let times = serverTimes.get(route);
    if (times === undefined) serverTimes.set(route, (times = []));
    if (times.length < 500_000) times.push(reply.elapsedTime);
    done();
  });
  await app.register(counterpayHttp, {
    counterpay,
    events: persistence.events,
    idempotency: persistence.idempotency,
    accessTokens: persistence.accessTokens,
    adminToken: env['COUNTERPAY_ADMIN_TOKEN'] ?? 'bench-admin-token-0123456789',
    publicUrl: 'http://127.0.0.1',
    readiness: () => persistence.ready(),
    rateLimits: false,
    ...(env['BENCH_CREDENTIAL_CACHE_MS'] === undefined ? {} : { credentialCacheMs: Number(env['BENCH_CREDENTIAL_CACHE_MS']) }),
  });
  app.get('/__bench/stats', async (): Promise<BenchServerStats> => {
    const memory = process.memoryUsage();
    return { ...persistence.roundTrips.snapshot(), rss: memory.rss, heapUsed: memory.heapUsed };
  });
  // A request's time in the server starts when its event loop reads it: a stall of the loop (PGlite's
  // statements run on it) is seen by the loop's delay, not by the answers' times.
  const loop = watchLoopLateness();
  app.get('/__bench/server-times', async (): Promise<BenchServerTimes> => {
    recording = false;
    return {
      routes: Object.fromEntries(serverTimes),
      eventLoopDelayMs: loop.read(),
    };
  });
  app.post('/__bench/server-times/reset', async () => {
    serverTimes.clear();
    loop.reset();
    recording = true;
    return {};
  });
  app.post('/__bench/gc', async () => {
    (globalThis as { gc?: () => void }).gc?.();
    return { heapUsed: process.memoryUsage().heapUsed };
  });
  await app.ready();
  const address = await app.listen({ port: Number(env['PORT'] ?? 0), host: '127.0.0.1' });
  const workers = startWorkers({ counterpay, idempotency: persistence.idempotency, accessTokens: persistence.accessTokens, log: app.log });
  process.stdout.write(`${BENCH_READY} ${JSON.stringify({ url: address, driver })}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await workers.stop();
      await app.close();
      await persistence.close();
    })().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`bench server: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
