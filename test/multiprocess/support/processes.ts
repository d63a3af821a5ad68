import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The repository root (this file runs from `test/dist/multiprocess/support`). */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/** The reference server's entry point and the mock card network's bin, as built by `npm run build`. */
export const SERVER_MAIN = resolve(REPO_ROOT, 'examples/reference-server/dist/main.js');
export const NETWORK_BIN = resolve(REPO_ROOT, 'packages/adapters-payment/dist/bin/mock-card-network.js');

/** The admin token every spawned server gets. */
export const ADMIN_TOKEN = 'multiprocess-admin-token-0123456789';

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child process we spawned, its output going to a file. */
export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
  readonly exited: Promise<Exit>;
  /** True once it exited. */
  readonly done: () => boolean;
  /** Sends `signal` to this child (by its pid) unless it already exited. */
  kill(signal: NodeJS.Signals): void;
}

/** Spawns `node <script>` with its stdout and stderr appended to `logFile`. */
export function spawnNode(script: string, env: Readonly<Record<string, string>>, logFile: string): Spawned {
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [script], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test', ...env },
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  let finished = false;
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      finished = true;
      done({ code, signal });
    }),
  );
  if (child.pid === undefined) throw new Error(`could not spawn ${script}`);
  return {
    child,
    pid: child.pid,
    logFile,
    exited,
    done: () => finished,
    kill(signal) {
      if (!finished && child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Waits until `pattern` shows in the log written since `fromByte`, or the process exits, or `ms` pass. */
export async function waitForLog(spawned: Spawned, pattern: RegExp, fromByte = 0, ms = 30_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const text = readFileSync(spawned.logFile, 'utf8').slice(fromByte);
    const found = pattern.exec(text);
    if (found !== null) return found;
    if (spawned.done()) throw new Error(`${spawned.logFile}: the process exited before printing ${pattern}:\n${text.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${spawned.logFile}: ${pattern} not printed within ${ms} ms`);
}

/** A free TCP port on 127.0.0.1 (free when asked; good enough for a test on one machine). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** A running mock card network process. */
export interface NetworkProcess extends Spawned {
  readonly url: string;
}

/** Starts `counterpay-mock-network` on a free port. */
export async function startNetworkProcess(logFile: string, env: Readonly<Record<string, string>> = {}): Promise<NetworkProcess> {
  const spawned = spawnNode(NETWORK_BIN, { PORT: '0', HOST: '127.0.0.1', ...env }, logFile);
  try {
    const url = (await waitForLog(spawned, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    return { ...spawned, url };
  } catch (error) {
    spawned.kill('SIGKILL');
    throw error;
  }
}

/** Settings of a reference server process. */
export interface ServerSettings {
  readonly databaseUrl: string;
  readonly networkUrl: string;
  /** 0: a free port picked by the server. */
  readonly port: number;
  readonly seedDemo?: boolean;
  readonly logLevel?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** A running reference server process. */
export interface ServerProcess extends Spawned {
  readonly url: string;
  /** Where this process's output starts in its log file (several starts may share one file). */
  readonly logFrom: number;
}

/** The environment of a reference server process for tests: rate limits off, fast recovery. */
export function serverEnv(settings: ServerSettings): Record<string, string> {
  return {
    PORT: String(settings.port),
    HOST: '127.0.0.1',
    DATABASE_URL: settings.databaseUrl,
    COUNTERPAY_NETWORK_URL: settings.networkUrl,
    COUNTERPAY_ADMIN_TOKEN: ADMIN_TOKEN,
    COUNTERPAY_SEED_DEMO: settings.seedDemo === false ? '0' : '1',
    COUNTERPAY_RATE_LIMITS: 'off',
    COUNTERPAY_RECOVERY_INTERVAL_MS: '250',
    COUNTERPAY_RECOVERY_GRACE_MS: '1000',
    LOG_LEVEL: settings.logLevel ?? 'warn',
    ...settings.env,
  };
}

/** Starts the reference server (`examples/reference-server/dist/main.js`) and waits for its banner. */
export async function startServerProcess(settings: ServerSettings, logFile: string): Promise<ServerProcess> {
  const from = existsSync(logFile) ? statSync(logFile).size : 0;
  const spawned = spawnNode(SERVER_MAIN, serverEnv(settings), logFile);
  try {
    const url = (await waitForLog(spawned, /listening on (http:\/\/127\.0\.0\.1:\d+)/, from, 60_000))[1]!;
    return { ...spawned, url, logFrom: from };
  } catch (error) {
    spawned.kill('SIGKILL');
    throw error;
  }
}

/** Stops a process we spawned with SIGTERM, then SIGKILL after `ms`. */
export async function stopProcess(spawned: Spawned, ms = 10_000): Promise<Exit> {
  spawned.kill('SIGTERM');
  const timer = setTimeout(() => spawned.kill('SIGKILL'), ms);
  try {
    return await spawned.exited;
  } finally {
    clearTimeout(timer);
  }
}
