import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lineChart } from './chart';
import { benchCore } from './core.bench';
import { benchPglite, benchPostgres, type DbFigures, type DbRunFigures } from './db.bench';
import { F1_STEPS } from './http-f1';
import { benchHttp, HTTP_SIZES, type HttpFigures } from './http.bench';
import { machineDetails } from './machine';
import type { PgWindow } from './pg-activity';

/** Sections of the bench (`--only=`). */
type Section = 'core' | 'library' | 'http';

function option(name: string): string | undefined {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given?.slice(name.length + 3);
}

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

function describeHttp(f: HttpFigures): string[] {
  const lines = [
    `   F1 over HTTP, ${f.f1.clients} clients: ${f.f1.f1PerSecond} lifecycles/s (runs ${f.f1.runs.map((r) => r.perSecond).join(', ')}; errors ${f.f1.runs.reduce((n, r) => n + r.errors, 0)}); ` +
      `raw commit rate ${f.f1.rawCommitsPerSecond}/s (${f.f1.rawCommitClients} client(s)); ${f.f1.commitsPerLifecycle} commits and ${f.f1.roundTripsPerLifecycle} round trips per lifecycle; ` +
      `limit ${f.f1.limitF1PerSecond}/s; ratio ${f.f1.ratioToLimit} (target ≥ ${f.f1.target}: ${met(f.f1.met)})`,
    `   stack overhead: GET transaction ${f.overhead.counterpayPerSecond} req/s vs bare Fastify + 1 query ${f.overhead.barePerSecond} req/s, ${f.overhead.connections} connections; ` +
      `ratio ${f.overhead.ratio} (target ≥ ${f.overhead.target}: ${met(f.overhead.met)}); ${f.overhead.roundTripsPerRequest} round trips per GET; ` +
      `server CPU ${f.overhead.counterpayCpuUsPerRequest} µs vs ${f.overhead.bareCpuUsPerRequest} µs per request`,
    `   latency at ${f.latency.atLifecyclesPerSecond} lifecycles/s (half the max; mock network latency ${f.latency.mockNetworkLatencyMs} ms subtracted): ` +
      F1_STEPS.map((s) => `${s} ${f.latency.endpoints[s].p50}/${f.latency.endpoints[s].p99}`).join(', ') +
      ` ms p50/p99; worst p99 ${f.latency.worstP99Ms} ms (target ≤ ${f.latency.target}: ${met(f.latency.met)}); ` +
      `in the server ${F1_STEPS.map((s) => `${f.latency.serverSideMs[s].p50}/${f.latency.serverSideMs[s].p99}`).join(', ')} ms, worst p99 ${f.latency.worstServerSideP99Ms} ms, its event loop late by (p99/max) ${f.latency.serverEventLoopDelayMs.p99}/${f.latency.serverEventLoopDelayMs.max} ms; ` +
      `the load generator's own loop late by ${f.latency.clientEventLoopLateMs.p99}/${f.latency.clientEventLoopLateMs.max} ms; ` +
      `GET /healthz paced alongside ${f.latency.healthzBaseline.p50}/${f.latency.healthzBaseline.p99} ms; ` +
      `after ${f.latency.settleSeconds} s of settling at that rate ` +
      `(worst p99 then ${f.latency.settleWorstP99Ms} ms); login p50 ${f.latency.loginMs.p50} ms`,
    'skipped' in f.sse
      ? `   live updates: ${f.sse.skipped}`
      : `   live updates: ${f.sse.subscribers} SSE subscribers on ${f.sse.counters} counters; ${f.sse.deliveries}/${f.sse.expectedDeliveries} deliveries; ` +
        `commit→delivery p50 ${f.sse.commitToDeliveryP50Ms} ms, p99 ${f.sse.commitToDeliveryP99Ms} ms; ${f.sse.memoryPerSubscriberKiB} KiB RSS ` +
        `(${f.sse.heapPerSubscriberKiB} KiB heap) per subscriber; connected in ${f.sse.connectSeconds} s`,
    `   memory: peak RSS ${f.memory.peakRssMiB} MiB during the F1 runs`,
  ];
  if (f.f1.postgresActivity !== null && f.latency.postgresActivity !== null) {
    const window = (w: PgWindow) =>
      `${w.checkpointsStarted} checkpoint(s) started, ${w.walKiBPerLifecycle} KiB of WAL and ${w.fullPageImagesPerLifecycle} full-page images per lifecycle`;
    lines.push(
      `   Postgres during the F1 runs: ${f.f1.postgresActivity.map(window).join('; ')}; during the latency window: ${window(f.latency.postgresActivity)}`,
    );
  }
  if (f.sweep.length > 0) lines.push(`   sweep: ${f.sweep.map((p) => `${p.clients} → ${p.f1PerSecond}/s`).join(', ')}`);
  return lines;
}

/**
 * The results file of an earlier run of the same mode, so that a run of some sections (`--only=`)
 * updates their fields and keeps the others (each section carries its own baselines;
 * `sectionsMeasuredAt` says when each was measured).
 */
function earlierResults(file: string, mode: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return earlier['mode'] === mode ? earlier : {};
  } catch {
    return {};
  }
}

/** What went wrong functionally (not a timing): a figure measured over errors is no figure. */
function failuresOf(f: HttpFigures): string[] {
  const failures: string[] = [];
  const f1Errors = f.f1.runs.reduce((n, r) => n + r.errors, 0) + f.sweep.reduce((n, p) => n + p.errors, 0);
  if (f1Errors > 0) failures.push(`${f1Errors} F1 requests answered unexpectedly`);
  if (f.latency.errors > 0) failures.push(`${f.latency.errors} paced lifecycles failed`);
  if (!('skipped' in f.sse) && f.sse.deliveries < f.sse.expectedDeliveries) {
    failures.push(`${f.sse.expectedDeliveries - f.sse.deliveries} live updates never arrived`);
  }
  return failures;
}

/** The chart of F1 throughput against concurrency, both drivers. */
function throughputChart(figures: Partial<Record<'postgres' | 'pglite', HttpFigures>>, subtitle: string): string | null {
  const withSweep = Object.values(figures).filter((f) => f.sweep.length > 0);
  if (withSweep.length === 0) return null;
  const x = withSweep[0]!.sweep.map((p) => p.clients);
  const colors = { postgres: '#336791', pglite: '#d9822b' } as const;
  const names = { postgres: 'Postgres', pglite: 'PGlite' } as const;
  return lineChart({
    title: 'F1 lifecycles per second over HTTP against concurrent clients',
    subtitle,
    xLabel: 'concurrent clients (one counter and one session each)',
    yLabel: 'completed F1 lifecycles / s',
    x,
    series: withSweep.map((f) => ({ name: names[f.driver], color: colors[f.driver], values: f.sweep.map((p) => p.f1PerSecond) })),
    references: withSweep.map((f) => ({ name: `${names[f.driver]} limit`, color: colors[f.driver], value: f.f1.limitF1PerSecond })),
    footnote: "limit = the database's raw commit rate ÷ commits per lifecycle, measured in the same run",
  });
}

/**
 * `npm run bench` (quick, as in CI) or `npm run bench -- --full` (for the docs). Every figure comes
 * with a baseline measured in the same run, because the machine is shared and noisy.
 *
 * Options: `--only=core,library,http` (sections), `--drivers=postgres,pglite` (HTTP section),
 * `--no-sse`, `--profile` (writes a V8 CPU profile of the HTTP server per driver).
 */
async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const only = option('only')?.split(',') ?? null;
  const want = (section: Section) => only === null || only.includes(section);
  const machine = machineDetails();
  console.log(
    `counterpay bench (${full ? 'full' : 'quick'}) on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`,
  );
  const results: Record<string, unknown> = { mode: full ? 'full' : 'quick', measuredAt: new Date().toISOString(), machine };

  if (want('core')) {
    const core = await benchCore(!full);
    results['core'] = core;
    console.log(
      `1. core in memory: ${core.f1PerSecond} F1 lifecycles/s sequential, ${core.f1PerSecondConcurrent16}/s with 16 counters at once ` +
        `(bare mock network doing tokenize+authorize+capture: ${core.bareNetworkPerSecond}/s; ratio ${core.ratioToBareNetwork}); ${core.commitsPerLifecycle} commits per lifecycle`,
    );
  }

  const describeRun = (f: DbRunFigures) =>
    `${f.f1PerSecond} F1 lifecycles/s with ${f.clients} client(s); raw commit rate ${f.rawCommitsPerSecond}/s; ` +
    `${f.commitsPerLifecycle} commits and ${f.roundTripsPerLifecycle} round trips per lifecycle; limit ${f.limitF1PerSecond}/s; ratio ${f.ratioToLimit}`;
  const describe = (f: DbFigures) =>
    `${describeRun(f)}\n   with the store's auto-capture (no capture command): ${describeRun(f.autoCapture)}`;
  const postgresUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
  if (want('library')) {
    if (postgresUrl !== undefined) {
      const pg = await benchPostgres(postgresUrl, !full);
      results['postgres'] = pg;
      console.log(`2. library on Postgres: ${describe(pg)}`);
    } else {
      console.log('2. library on Postgres: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)');
    }
    const pglite = await benchPglite(!full);
    results['pglite'] = pglite;
    console.log(`3. library on PGlite (in memory): ${describe(pglite)}`);
  }

  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  if (want('http')) {
    const drivers = (option('drivers')?.split(',') ?? ['postgres', 'pglite']).filter(
      (d): d is 'postgres' | 'pglite' => (d === 'postgres' && postgresUrl !== undefined) || d === 'pglite',
    );
    if (postgresUrl === undefined) console.log('HTTP on Postgres: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL)');
    const profile = process.argv.includes('--profile') ? mkdtempSync(join(tmpdir(), 'counterpay-profile-')) : undefined;
    const sizes = HTTP_SIZES[full ? 'full' : 'quick'];
    const http: Partial<Record<'postgres' | 'pglite', HttpFigures>> = {};
    for (const driver of drivers) {
      const figures = await benchHttp(driver, sizes, {
        ...(postgresUrl === undefined ? {} : { postgresUrl }),
        ...(profile === undefined ? {} : { cpuProfileDir: join(profile, driver) }),
        skipSse: process.argv.includes('--no-sse'),
      });
      http[driver] = figures;
      console.log(`HTTP on ${driver === 'postgres' ? 'Postgres' : 'PGlite (files, as the reference server)'}:`);
      for (const line of describeHttp(figures)) console.log(line);
      const failures = failuresOf(figures);
      if (failures.length > 0) {
        console.error(`   the HTTP bench on ${driver} did not run clean: ${failures.join('; ')}`);
        process.exitCode = 1;
      }
    }
    if (profile !== undefined) console.log(`CPU profiles of the server: ${profile}`);
    const per = <T>(pick: (f: HttpFigures) => T) => Object.fromEntries(Object.entries(http).map(([d, f]) => [d, pick(f)]));
    results['httpF1'] = per((f) => f.f1);
    results['stackOverhead'] = per((f) => f.overhead);
    results['latency'] = per((f) => f.latency);
    results['liveUpdates'] = per((f) => f.sse);
    results['memory'] = per((f) => f.memory);
    results['throughputSweep'] = per((f) => f.sweep);
    const svg = full
      ? throughputChart(http, `${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.cpuModel}; npm run bench -- --full`)
      : null;
    if (svg !== null) {
      const chart = join(dir, 'throughput.svg');
      writeFileSync(chart, svg);
      console.log(`written ${chart}`);
    }
  }

  const file = join(dir, full ? 'latest.json' : 'quick.json');
  const sections = (['core', 'library', 'http'] as const).filter(want);
  const measuredAt = results['measuredAt'] as string;
  const previous = only === null ? {} : earlierResults(file, results['mode'] as string);
  const sectionsMeasuredAt = {
    ...((previous['sectionsMeasuredAt'] as Record<string, string> | undefined) ?? {}),
    ...Object.fromEntries(sections.map((section) => [section, measuredAt])),
  };
  writeFileSync(file, `${JSON.stringify({ ...previous, ...results, sectionsMeasuredAt }, null, 2)}\n`);
  console.log(`written ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
