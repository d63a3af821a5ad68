import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoopLateness } from './measure';

/** First word of the line a bench server prints once it listens: `BENCH_READY {"url":…}`. */
export const BENCH_READY = 'BENCH_READY';

/** What `GET /__bench/stats` of the bench server answers. */
/** `GET /__bench/server-times`: each answer's time in the server (ms) by route, and how late its event loop ran since the reset (beyond the delay histogram's own 10 ms timer). */
export interface BenchServerTimes {
  readonly routes: Record<string, number[]>;
  readonly eventLoopDelayMs: LoopLateness;
}

export interface BenchServerStats {
  /** Statements sent on the persistence's connections (not the outbox relay's). */
  readonly roundTrips: number;
  /** Transactions committed on them (a `COMMIT`, or an autocommit write that changed a row). */
  readonly commits: number;
  readonly rollbacks: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/** Where the bench server should keep its data, and how to run it. */
export interface ServerLaunch {
  readonly driver: 'postgres' | 'pglite';
  /** Postgres URL (with `postgres`). */
  readonly databaseUrl?: string;
  /** PGlite directory (with `pglite`). */
  readonly dataDir?: string;
  readonly poolSize?: number;
  readonly adminToken: string;
  /** Write a V8 CPU profile of the server into this directory when it stops. */
  readonly cpuProfileDir?: string;
}

/** A server child process of the bench. */
export interface BenchProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident set size now and its peak, in bytes, from `/proc/<pid>/status`. */
  memory(): { rss: number; peakRss: number };
  /** CPU time the process used so far (user + system), in seconds, from `/proc/<pid>/stat`. */
  cpuSeconds(): number;
  /** Restarts the peak-RSS count (`/proc/<pid>/clear_refs`); false when the kernel refuses. */
  resetPeak(): boolean;
  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits for it. */
  stop(): Promise<void>;
}

const spawned = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of spawned) if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
});

/** Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`, 100 on Linux). */
const CLOCK_TICKS = 100;

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/**
 * Starts `script` (a compiled file of this folder) as a child process with the environment of
 * `launch`, and resolves once it printed {@link BENCH_READY} (60 s at most).
 */
export function startServer(script: 'http-server.js' | 'http-bare-server.js', launch: ServerLaunch): Promise<BenchProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_DRIVER: launch.driver,
    COUNTERPAY_ADMIN_TOKEN: launch.adminToken,
    LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    ...(launch.databaseUrl === undefined ? {} : { DATABASE_URL: launch.databaseUrl }),
    ...(launch.dataDir === undefined ? {} : { BENCH_DATA_DIR: launch.dataDir }),
    ...(launch.poolSize === undefined ? {} : { BENCH_POOL_SIZE: String(launch.poolSize) }),
  };
  const args = [
    '--expose-gc',
    ...(launch.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${launch.cpuProfileDir}`]),
    join(__dirname, script),
  ];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => spawned.delete(child));
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise<BenchProcess>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`${script} did not start within 60 s: ${stderr}`)), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(error);
    };
    const early = (code: number | null) => fail(new Error(`${script} exited (${code}) before it was ready: ${stderr}`));
    child.once('exit', early);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith(`${BENCH_READY} `));
      if (line === undefined) return;
      clearTimeout(timer);
      child.removeListener('exit', early);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      const pid = child.pid!;
      const { url } = JSON.parse(line.slice(BENCH_READY.length + 1)) as { url: string };
      resolve({
        url,
        pid,
        memory: () => ({ rss: statusField(pid, 'VmRSS'), peakRss: statusField(pid, 'VmHWM') }),
        cpuSeconds: () => cpuSecondsOf(pid),
        resetPeak: () => {
          try {
            writeFileSync(`/proc/${pid}/clear_refs`, '5');
            return true;
          } catch {
            return false;
          }
        },
        stop: async () => {
          if (child.exitCode !== null) return;
          process.kill(pid, 'SIGTERM');
          const killer = setTimeout(() => {
            if (child.exitCode === null) process.kill(pid, 'SIGKILL');
          }, 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
