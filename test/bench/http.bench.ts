import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@counterpay/adapters-db/testing';
import { F1_ROUTES, F1_STEPS, runF1, type F1Client, type F1Run, type F1Step } from './http-f1';
import { pacedF1, summarize, type Percentiles } from './http-latency';
import { getRate } from './http-overhead';
import { startServer, type BenchProcess, type BenchServerTimes, type ServerLaunch } from './http-process';
import { openRawPglite, rawPostgresCommits, type RawPglite } from './http-raw-commits';
import { BENCH_AMOUNT, BENCH_CARD, call, ok, openStoreRig, serverStats, type StoreRig } from './http-rig';
import { median, round, watchLoopLateness, type LoopLateness } from './measure';
import { pgCounters, pgWindow, type PgWindow } from './pg-activity';
import { benchSse, openFileLimit, type SseFigures } from './sse.bench';

/** Targets of the performance issue. */
export const TARGETS = {
  /** F1 over HTTP ÷ (raw commit rate ÷ commits per lifecycle). */
  ratioToLimit: 0.6,
  /** counterpay GET transaction ÷ bare Fastify + one query, requests per second. */
  overheadRatio: 0.7,
  /** p99 of every F1 endpoint at half the maximum rate, mock network latency subtracted. */
  p99Ms: 25,
} as const;

/** Sizes of one mode. */
export interface HttpBenchSizes {
  readonly clients: number;
  /** Measured F1 runs at `clients` (median); the raw commit rate is measured between them. */
  readonly runs: number;
  /** Seconds each measured F1 run should last (it is bounded by a lifecycle count derived from it). */
  readonly runSeconds: number;
  /** Seconds of each raw commit loop. */
  readonly rawSeconds: number;
  /** Concurrency sweep for the chart; empty → none. */
  readonly sweep: readonly number[];
  readonly sweepSeconds: number;
  /** Runs per sweep point (median). */
  readonly sweepRuns: number;
  readonly latencySeconds: number;
  /**
   * Paced lifecycles at the same rate before the measured ones, unmeasured: the latency asked for is
   * at half the maximum rate, and the sweep just before saturates the server and Postgres; their
   * aftermath lasts tens of seconds (see `settleWorstP99Ms`).
   */
  readonly latencySettleSeconds: number;
  readonly overheadRuns: number;
  readonly overheadSeconds: number;
  /**
   * Seconds of F1 load before the measured runs, unmeasured (0: one lifecycle per client, enough to
   * check that F1 works). The server's code is compiled by V8 as it runs: the first seconds of load
   * run slower: on 2026-12-04, after 64 warm-up lifecycles, the first measured run was the slowest of
   * its series in all five series (the server's CPU per lifecycle 4.6–7.7 ms in it, 4.0–5.4 ms in the
   * runs after it).
   */
  readonly warmUpSeconds: number;
  readonly sse: { subscribers: number; counters: number; rounds: number; commitsPerSecond: number };
  readonly poolSize: number;
  /** Clerk sessions (one per client in full mode; shared round-robin in quick mode, as signing in costs ~100 ms of scrypt). */
  readonly sessions: number | 'one per client';
}

/** Quick (CI) and full (docs) sizes. */
export const HTTP_SIZES: Record<'quick' | 'full', HttpBenchSizes> = {
  quick: {
    clients: 32,
    runs: 1,
    runSeconds: 3,
    rawSeconds: 2,
    sweep: [],
    sweepSeconds: 0,
    sweepRuns: 0,
    latencySeconds: 4,
    latencySettleSeconds: 2,
    overheadRuns: 1,
    overheadSeconds: 2,
    warmUpSeconds: 0,
    sse: { subscribers: 1000, counters: 20, rounds: 1, commitsPerSecond: 40 },
    poolSize: 10,
    sessions: 8,
  },
  full: {
    clients: 32,
    runs: 3,
    runSeconds: 12,
    rawSeconds: 3,
    sweep: [1, 4, 8, 16, 32, 64],
    sweepSeconds: 5,
    sweepRuns: 3,
    latencySeconds: 20,
    latencySettleSeconds: 30,
    overheadRuns: 3,
    overheadSeconds: 6,
    warmUpSeconds: 12,
    sse: { subscribers: 10_000, counters: 100, rounds: 3, commitsPerSecond: 20 },
    poolSize: 10,
    sessions: 'one per client',
  },
};

/** Every HTTP figure of one database driver. */
export interface HttpFigures {
  readonly driver: 'postgres' | 'pglite';
  readonly f1: {
    readonly clients: number;
    readonly runs: readonly { lifecycles: number; perSecond: number; errors: number }[];
    /** Median of the runs: completed F1 lifecycles per second through the API. */
    readonly f1PerSecond: number;
    readonly rawCommitClients: number;
    readonly rawCommitRuns: readonly number[];
    readonly rawCommitsPerSecond: number;
    /** Commits on the server's connections per completed lifecycle (counted by the server). */
    readonly commitsPerLifecycle: number;
    readonly roundTripsPerLifecycle: number;
    /** CPU time of the server process per completed lifecycle (user + system). */
    readonly serverCpuMsPerLifecycle: number;
    readonly limitF1PerSecond: number;
    readonly ratioToLimit: number;
    readonly target: number;
    readonly met: boolean;
    /** Response times at full load (autocannon, `clients` connections). */
    readonly latencyAtMaxMs: Record<F1Step, Percentiles>;
    /** Postgres during each measured run (null on PGlite): checkpoints and WAL show background work the runs paid for. */
    readonly postgresActivity: readonly PgWindow[] | null;
  };
  readonly sweep: readonly { clients: number; f1PerSecond: number; errors: number }[];
  readonly latency: {
    readonly atLifecyclesPerSecond: number;
    readonly startedPerSecond: number;
    readonly completed: number;
    readonly errors: number;
    readonly lateStarts: number;
    /** The in-process mock card network answers at once (no latency fault configured): 0 ms to subtract. */
    readonly mockNetworkLatencyMs: number;
    readonly endpoints: Record<F1Step, Percentiles & { route: string }>;
    readonly worstP99Ms: number;
    /**
     * The same answers timed in the server (Fastify's `elapsedTime`, from the request's arrival to the
     * end of the response), during the measured run: without what the load generator, on the same
     * two CPUs, adds on its side. For the record; the target is checked on the client's figures.
     */
    readonly serverSideMs: Record<F1Step, Percentiles>;
    readonly worstServerSideP99Ms: number;
    /**
     * How late the server's event loop ran during the measured run (`monitorEventLoopDelay`, 10 ms
     * resolution, less those 10 ms: an idle loop reads 0): a request's time in the server starts when
     * the loop reads it, so a stall of the loop shows here, not in `serverSideMs`.
     */
    readonly serverEventLoopDelayMs: LoopLateness;
    /** `GET /healthz` paced next to the lifecycles: the floor of the machine and the event loops. */
    readonly healthzBaseline: Percentiles;
    /**
     * How late the load generator's own event loop ran during the window (10 ms resolution less those
     * 10 ms): it times every request, so its lateness is in the client's figures and not in the server's.
     */
    readonly clientEventLoopLateMs: LoopLateness;
    /**
     * Postgres during the measured window (null on PGlite). A checkpoint makes the first change of
     * every page after it write the whole page to the WAL, and the commits wait for that WAL.
     */
    readonly postgresActivity: PgWindow | null;
    /** Unmeasured paced lifecycles before the measured ones (s). */
    readonly settleSeconds: number;
    /** For the record: the worst endpoint p99 during those, just after the saturating runs (ms). */
    readonly settleWorstP99Ms: number;
    readonly target: number;
    readonly met: boolean;
    /** Staff sign-in (not part of the lifecycle: once per client; scrypt N=2^15 by design). */
    readonly loginMs: Percentiles;
  };
  readonly overhead: {
    readonly connections: number;
    readonly seconds: number;
    readonly counterpayRuns: readonly number[];
    readonly bareRuns: readonly number[];
    readonly counterpayPerSecond: number;
    readonly barePerSecond: number;
    readonly counterpayP99Ms: number;
    readonly bareP99Ms: number;
    readonly roundTripsPerRequest: number;
    /** CPU time of each server process per request answered (user + system). */
    readonly counterpayCpuUsPerRequest: number;
    readonly bareCpuUsPerRequest: number;
    readonly ratio: number;
    readonly target: number;
    readonly met: boolean;
  };
  readonly memory: {
    /** Peak RSS of the server during the measured F1 runs at `clients` (VmHWM, reset before them). */
    readonly peakRssMiB: number;
    readonly peakResetWorked: boolean;
    readonly rssAfterMiB: number;
  };
  readonly sse: SseFigures | { readonly skipped: string };
}

const MiB = 2 ** 20;
const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;

const roundLateness = (l: LoopLateness): LoopLateness => ({ p50: round(l.p50, 2), p99: round(l.p99, 2), max: round(l.max, 2) });

function percentilesOf(run: F1Run): Record<F1Step, Percentiles> {
  return Object.fromEntries(F1_STEPS.map((s) => [s, summarize(run.latencies[s])])) as Record<F1Step, Percentiles>;
}

/** Logs a line to stderr as the bench goes (stdout carries the figures). */
const benchStarted = performance.now();
function progress(line: string): void {
  process.stderr.write(`  … ${((performance.now() - benchStarted) / 1000).toFixed(1)} s ${line}\n`);
}

/** A database for one driver: a fresh Postgres database, or a fresh PGlite directory. */
async function prepare(driver: 'postgres' | 'pglite', postgresUrl: string | undefined) {
  if (driver === 'postgres') {
    if (postgresUrl === undefined) throw new Error('no Postgres URL');
    const db = await createTestDatabase(postgresUrl);
    return { launch: { driver, databaseUrl: db.url } as const, rawDir: null, dispose: () => db.drop() };
  }
  const dir = await mkdtemp(join(tmpdir(), 'counterpay-bench-'));
  return {
    launch: { driver, dataDir: join(dir, 'server') } as const,
    rawDir: join(dir, 'raw'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The HTTP figures of one driver: F1 over the API next to the raw commit rate, the concurrency
 * sweep, latency at half the maximum rate, stack overhead against bare Fastify, live updates and
 * memory. The server is a child process (its own event loop and RSS); the load comes from this one.
 */
export async function benchHttp(
  driver: 'postgres' | 'pglite',
  sizes: HttpBenchSizes,
  options: { readonly postgresUrl?: string; readonly cpuProfileDir?: string; readonly skipSse?: boolean } = {},
): Promise<HttpFigures> {
  const db = await prepare(driver, options.postgresUrl);
  const launch: ServerLaunch = {
    ...db.launch,
    adminToken: ADMIN_TOKEN,
    poolSize: sizes.poolSize,
    ...(options.cpuProfileDir === undefined ? {} : { cpuProfileDir: options.cpuProfileDir }),
  };
  let server: BenchProcess | null = null;
  let bare: BenchProcess | null = null;
  let rawPglite: RawPglite | null = null;
  try {
    progress(`${driver}: starting the server`);
    server = await startServer('http-server.js', launch);
    const base = server.url;
    const rig = await openStoreRig(base, ADMIN_TOKEN);
    const most = Math.max(sizes.clients, ...sizes.sweep);
    const logins = await rig.logins(sizes.sessions === 'one per client' ? most : Math.min(most, sizes.sessions));
    let generation = 0;
    const clientsOf = async (n: number): Promise<F1Client[]> => {
      const counters = await rig.counters(`G${generation++}x`, n);
      return counters.map((counter, i) => ({ counter, token: logins.tokens[i % logins.tokens.length]! }));
    };
    const perClientFor = (rate: number, clients: number, seconds: number) =>
      Math.max(1, Math.min(400, Math.round((rate * seconds) / clients)));

    progress(`${driver}: server up, ${logins.tokens.length} sessions; warm-up`);
    const quick = sizes.runs === 1;
    const warmClients = await clientsOf(quick ? Math.min(8, sizes.clients) : sizes.clients);
    let warm = await runF1(base, rig.code, warmClients, quick ? 1 : 2, 60);
    if (warm.completed === 0) throw new Error(`F1 over HTTP does not work: ${warm.firstErrors.join('; ')}`);
    // In rounds of a few seconds, each sized by the rate of the one before (the first rounds run slowest).
    const warmUntil = performance.now() + sizes.warmUpSeconds * 1000;
    for (let left = sizes.warmUpSeconds; left > 0.5; left = (warmUntil - performance.now()) / 1000) {
      const seconds = Math.min(4, left);
      warm = await runF1(base, rig.code, warmClients, perClientFor(warm.perSecond, warmClients.length, seconds), seconds * 4 + 10);
      progress(`${driver}: warm-up ${warm.perSecond}/s (${warm.completed} lifecycles, ${warm.errors} errors)`);
    }
    const perClient = perClientFor(warm.perSecond, sizes.clients, sizes.runSeconds);

    const f1Runs: F1Run[] = [];
    const f1Activity: PgWindow[] = [];
    const rawRuns: number[] = [];
    const main = await clientsOf(sizes.clients);
    const peakResetWorked = server.resetPeak();
    let peakRss = 0;
    let costCommits = 0;
    let costRoundTrips = 0;
    let costLifecycles = 0;
    let costCpu = 0;
    for (let run = 0; run < sizes.runs; run++) {
      const raw =
        driver === 'postgres'
          ? await rawPostgresCommits(launch.databaseUrl!, sizes.clients, sizes.rawSeconds, 200_000)
          : await (rawPglite ??= await openRawPglite(db.rawDir!)).commits(sizes.rawSeconds, 200_000);
      rawRuns.push(raw.perSecond);
      const start = await serverStats(base);
      const pgStart = driver === 'postgres' ? await pgCounters(launch.databaseUrl!) : null;
      const cpuStart = server.cpuSeconds();
      const measured = await runF1(base, rig.code, main, perClient, sizes.runSeconds * 4 + 10);
      if (pgStart !== null) f1Activity.push(pgWindow(pgStart, await pgCounters(launch.databaseUrl!), measured.completed));
      const end = await serverStats(base);
      costCpu += server.cpuSeconds() - cpuStart;
      peakRss = Math.max(peakRss, server.memory().peakRss);
      costCommits += end.commits - start.commits;
      costRoundTrips += end.roundTrips - start.roundTrips;
      costLifecycles += measured.completed;
      f1Runs.push(measured);
      progress(
        `${driver}: F1 ${measured.perSecond}/s (${measured.completed} lifecycles, ${measured.errors} errors); raw ${raw.perSecond} commits/s`,
      );
    }
    const f1PerSecond = median(f1Runs.map((r) => r.perSecond));
    const rawCommitsPerSecond = median(rawRuns);
    const commitsPerLifecycle = round(costCommits / Math.max(1, costLifecycles), 2);
    const roundTripsPerLifecycle = round(costRoundTrips / Math.max(1, costLifecycles), 2);
    const serverCpuMsPerLifecycle = round((costCpu * 1000) / Math.max(1, costLifecycles), 2);
    const limit = rawCommitsPerSecond / commitsPerLifecycle;
    const ratioToLimit = round(f1PerSecond / limit, 3);
    const atMax = f1Runs[f1Runs.length - 1]!;

    const sweep: { clients: number; f1PerSecond: number; errors: number }[] = [];
    for (const clients of sizes.sweep) {
      const sweepClients = await clientsOf(clients);
      const runs: F1Run[] = [];
      for (let run = 0; run < sizes.sweepRuns; run++) {
        runs.push(
          await runF1(base, rig.code, sweepClients, perClientFor(f1PerSecond, clients, sizes.sweepSeconds), sizes.sweepSeconds * 4 + 10),
        );
      }
      sweep.push({ clients, f1PerSecond: median(runs.map((r) => r.perSecond)), errors: runs.reduce((n, r) => n + r.errors, 0) });
      progress(`${driver}: sweep ${clients} clients → ${runs.map((r) => r.perSecond).join(', ')}/s`);
    }

    const rate = Math.max(1, f1PerSecond / 2);
    progress(
      `${driver}: paced F1 at ${round(rate)} lifecycles/s, ${sizes.latencySettleSeconds} s to settle, then ${sizes.latencySeconds} s measured`,
    );
    const pacedClients = await clientsOf(Math.max(16, sizes.clients));
    const settle = await pacedF1(base, rig.code, pacedClients, rate, sizes.latencySettleSeconds);
    if (settle.errors > 0) throw new Error(`paced F1 (settling) failed: ${settle.firstErrors.join('; ')}`);
    const settleWorstP99Ms = round(Math.max(...F1_STEPS.map((s) => settle.steps[s].p99)), 2);
    ok(await call(base, 'POST', '/__bench/server-times/reset'), 'reset server times');
    const pgBeforePaced = driver === 'postgres' ? await pgCounters(launch.databaseUrl!) : null;
    const clientLoop = watchLoopLateness();
    const paced = await pacedF1(base, rig.code, pacedClients, rate, sizes.latencySeconds);
    const clientLoopLateness = clientLoop.read();
    clientLoop.stop();
    const pacedActivity = pgBeforePaced === null ? null : pgWindow(pgBeforePaced, await pgCounters(launch.databaseUrl!), paced.completed);
    const serverTimes = ok(await call(base, 'GET', '/__bench/server-times'), 'server times').body as BenchServerTimes;
    const serverSide = Object.fromEntries(F1_STEPS.map((s) => [s, summarize(serverTimes.routes[F1_ROUTES[s]] ?? [])])) as Record<
      F1Step,
      Percentiles
    >;
    const endpoints = Object.fromEntries(F1_STEPS.map((s) => [s, { route: F1_ROUTES[s], ...paced.steps[s] }])) as Record<
      F1Step,
      Percentiles & { route: string }
    >;
    const mockNetworkLatencyMs = 0;
    const worstP99Ms = round(Math.max(...F1_STEPS.map((s) => paced.steps[s].p99)) - mockNetworkLatencyMs, 2);

    progress(`${driver}: paced F1 done`);
    const transactionId = await oneCapturedTransaction(rig, (await clientsOf(1))[0]!);
    const counterpayGet = `${base}/api/v1/stores/${rig.code}/transactions/${transactionId}`;
    const staffHeaders = { authorization: `Bearer ${logins.tokens[0]!}` };
    ok(
      await call(base, 'GET', `/api/v1/stores/${rig.code}/transactions/${transactionId}`, { token: logins.tokens[0]! }),
      'GET transaction',
    );
    const roundTripsPerRequest = await (async () => {
      const a = await serverStats(base);
      const n = 20;
      for (let i = 0; i < n; i++)
        ok(await call(base, 'GET', `/api/v1/stores/${rig.code}/transactions/${transactionId}`, { token: logins.tokens[0]! }), 'GET');
      const b = await serverStats(base);
      return round((b.roundTrips - a.roundTrips) / n, 2);
    })();

    progress(`${driver}: stack overhead`);
    const counterpayRuns: { perSecond: number; p99: number }[] = [];
    const cpuPerGet = { counterpay: [] as number[], bare: [] as number[] };
    const bareRuns: { perSecond: number; p99: number }[] = [];
    const measureCounterpay = async () => {
      const cpu = server!.cpuSeconds();
      const r = await getRate(counterpayGet, staffHeaders, sizes.clients, sizes.overheadSeconds);
      cpuPerGet.counterpay.push(((server!.cpuSeconds() - cpu) * 1e6) / Math.max(1, r.requests));
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`GET transaction: ${r.non2xx} non-2xx, ${r.errors} errors`);
      counterpayRuns.push(r);
    };
    const bareLaunch: ServerLaunch = { ...db.launch, adminToken: ADMIN_TOKEN, poolSize: sizes.poolSize };
    let bareUrl = '';
    const measureBare = async () => {
      const cpu = bare!.cpuSeconds();
      const r = await getRate(bareUrl, {}, sizes.clients, sizes.overheadSeconds);
      cpuPerGet.bare.push(((bare!.cpuSeconds() - cpu) * 1e6) / Math.max(1, r.requests));
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`bare GET: ${r.non2xx} non-2xx, ${r.errors} errors`);
      bareRuns.push(r);
    };
    if (driver === 'postgres') {
      bare = await startServer('http-bare-server.js', bareLaunch);
      bareUrl = `${bare.url}/tx/${rig.id}/${transactionId}`;
      await getRate(bareUrl, {}, sizes.clients, 1);
      for (let run = 0; run < sizes.overheadRuns; run++) {
        await measureCounterpay();
        await measureBare();
      }
    } else {
      // One PGlite directory opens in one process at a time: counterpay first, then the bare server.
      for (let run = 0; run < sizes.overheadRuns; run++) await measureCounterpay();
    }

    // Live updates last on the counterpay server: the GETs above run on a server that does not carry
    // 10,000 closed connections, as the bare server does not.
    let sse: HttpFigures['sse'];
    const limitFiles = openFileLimit();
    if (options.skipSse === true) sse = { skipped: 'skipped (--no-sse)' };
    else if (limitFiles < sizes.sse.subscribers + 500)
      sse = { skipped: `ulimit -n is ${limitFiles}: raise it to at least ${sizes.sse.subscribers + 500}` };
    else {
      progress(`${driver}: ${sizes.sse.subscribers} SSE subscribers`);
      sse = await benchSse(server, rig, logins.tokens[0]!, sizes.sse);
    }

    const rssAfter = server.memory().rss;
    if (driver === 'pglite') {
      await server.stop();
      bare = await startServer('http-bare-server.js', bareLaunch);
      bareUrl = `${bare.url}/tx/${rig.id}/${transactionId}`;
      await getRate(bareUrl, {}, sizes.clients, quick ? 1 : 3);
      for (let run = 0; run < sizes.overheadRuns; run++) await measureBare();
    }
    const counterpayPerSecond = median(counterpayRuns.map((r) => r.perSecond));
    const barePerSecond = median(bareRuns.map((r) => r.perSecond));
    const overheadRatio = round(counterpayPerSecond / barePerSecond, 3);
    progress(`${driver}: GET transaction ${counterpayPerSecond}/s, bare ${barePerSecond}/s`);

    return {
      driver,
      f1: {
        clients: sizes.clients,
        runs: f1Runs.map((r) => ({ lifecycles: r.completed, perSecond: r.perSecond, errors: r.errors })),
        f1PerSecond,
        rawCommitClients: driver === 'postgres' ? sizes.clients : 1,
        rawCommitRuns: rawRuns,
        rawCommitsPerSecond,
        commitsPerLifecycle,
        roundTripsPerLifecycle,
        serverCpuMsPerLifecycle,
        limitF1PerSecond: Math.round(limit),
        ratioToLimit,
        target: TARGETS.ratioToLimit,
        met: ratioToLimit >= TARGETS.ratioToLimit,
        latencyAtMaxMs: percentilesOf(atMax),
        postgresActivity: driver === 'postgres' ? f1Activity : null,
      },
      sweep,
      latency: {
        atLifecyclesPerSecond: paced.targetPerSecond,
        startedPerSecond: paced.startedPerSecond,
        completed: paced.completed,
        errors: paced.errors,
        lateStarts: paced.lateStarts,
        mockNetworkLatencyMs,
        endpoints,
        settleSeconds: sizes.latencySettleSeconds,
        settleWorstP99Ms,
        worstP99Ms,
        serverSideMs: serverSide,
        worstServerSideP99Ms: round(Math.max(...F1_STEPS.map((s) => serverSide[s].p99)), 2),
        serverEventLoopDelayMs: roundLateness(serverTimes.eventLoopDelayMs),
        healthzBaseline: paced.healthz,
        clientEventLoopLateMs: roundLateness(clientLoopLateness),
        postgresActivity: pacedActivity,
        target: TARGETS.p99Ms,
        met: worstP99Ms <= TARGETS.p99Ms && paced.errors === 0,
        loginMs: summarize(logins.ms),
      },
      overhead: {
        connections: sizes.clients,
        seconds: sizes.overheadSeconds,
        counterpayRuns: counterpayRuns.map((r) => r.perSecond),
        bareRuns: bareRuns.map((r) => r.perSecond),
        counterpayPerSecond,
        barePerSecond,
        counterpayP99Ms: median(counterpayRuns.map((r) => r.p99)),
        bareP99Ms: median(bareRuns.map((r) => r.p99)),
        roundTripsPerRequest,
        counterpayCpuUsPerRequest: Math.round(median(cpuPerGet.counterpay)),
        bareCpuUsPerRequest: Math.round(median(cpuPerGet.bare)),
        ratio: overheadRatio,
        target: TARGETS.overheadRatio,
        met: overheadRatio >= TARGETS.overheadRatio,
      },
      memory: { peakRssMiB: round(peakRss / MiB), peakResetWorked, rssAfterMiB: round(rssAfter / MiB) },
      sse,
    };
  } finally {
    progress(`${driver}: cleaning up`);
    await rawPglite?.close();
    await bare?.stop();
    await server?.stop();
    await db.dispose();
    progress(`${driver}: cleaned up`);
  }
}

/** Runs one F1 lifecycle with the bench's own client and returns the captured transaction's id. */
async function oneCapturedTransaction(rig: StoreRig, client: F1Client): Promise<string> {
  const staff = { token: client.token };
  const tx = ok(
    await call(rig.base, 'POST', `/api/v1/stores/${rig.code}/counters/${client.counter}/transactions`, {
      ...staff,
      body: { amount: BENCH_AMOUNT },
    }),
    'open',
  ).body as { id: string };
  const visit = ok(await call(rig.base, 'GET', `/api/v1/portal/${rig.code}/${client.counter}`), 'portal').body as { customerToken: string };
  ok(
    await call(rig.base, 'POST', `/api/v1/customer/transactions/${tx.id}/payment-method`, {
      customer: visit.customerToken,
      body: { type: 'card', card: BENCH_CARD },
    }),
    'payment method',
  );
  ok(await call(rig.base, 'POST', `/api/v1/stores/${rig.code}/transactions/${tx.id}/authorize`, { ...staff, body: {} }), 'authorize');
  ok(await call(rig.base, 'POST', `/api/v1/stores/${rig.code}/transactions/${tx.id}/capture`, { ...staff, body: {} }), 'capture');
  return tx.id;
}
