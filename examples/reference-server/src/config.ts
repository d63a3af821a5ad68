import { randomBytes, randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { parseCrashPoints, type CrashSettings } from './crash-points';

/** Settings of the reference server, read from the environment. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Postgres URL; null → embedded PGlite in {@link dataDir}. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly adminToken: string;
  /** True when the admin token was generated (it is printed at start). */
  readonly adminTokenGenerated: boolean;
  readonly seedDemo: boolean;
  readonly publicUrl: string;
  readonly logLevel: string;
  /** URL of a card network process (`counterpay-mock-network`); null → the mock network in this process. */
  readonly networkUrl: string | null;
  /** Interval of the recovery worker (ms). */
  readonly recoveryIntervalMs: number;
  /** How long a transaction stays in a `…ing` state before recovery takes it up (ms). */
  readonly recoveryGraceMs: number;
  /** False turns off the login and portal rate limits (load and chaos tests from one address). */
  readonly rateLimits: boolean;
  /** Crash injection for tests; null (the default) → none. */
  readonly crash: CrashSettings | null;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value.trim())) return true;
  if (/^(0|false|no|off)$/i.test(value.trim())) return false;
  throw new Error(`expected a boolean (true/false), got ${value}`);
}

function milliseconds(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < min || n > 86_400_000) {
    throw new Error(`${name} must be a whole number of milliseconds (${min}-86400000), got ${value}`);
  }
  return n;
}

function networkUrl(value: string | undefined): string | null {
  const given = value?.trim() || null;
  if (given === null) return null;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`COUNTERPAY_NETWORK_URL must be an http(s) URL, got ${given}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`COUNTERPAY_NETWORK_URL must be an http(s) URL, got ${given}`);
  return url.href.replace(/\/+$/, '');
}

function crash(points: string | undefined, seed: string | undefined): CrashSettings | null {
  if (points === undefined || points.trim() === '') return null;
  const probabilities = parseCrashPoints(points);
  if (seed === undefined || seed.trim() === '') return { probabilities, seed: randomInt(2 ** 31) };
  const n = Number(seed.trim());
  if (!Number.isSafeInteger(n)) throw new Error(`COUNTERPAY_CRASH_SEED must be an integer, got ${seed}`);
  return { probabilities, seed: n };
}

function port(value: string | undefined): number {
  const n = Number(value ?? '3000');
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be 0-65535, got ${value}`);
  return n;
}

/**
 * Reads `PORT` (3000), `HOST` (127.0.0.1), `DATABASE_URL`, `COUNTERPAY_DATA_DIR` (./data),
 * `COUNTERPAY_ADMIN_TOKEN` (generated when absent), `COUNTERPAY_SEED_DEMO` (default on with PGlite,
 * off with Postgres), `COUNTERPAY_PUBLIC_URL`, `LOG_LEVEL` (info), `COUNTERPAY_NETWORK_URL` (a card network
 * process; default the mock network in process), `COUNTERPAY_RECOVERY_INTERVAL_MS` (15000),
 * `COUNTERPAY_RECOVERY_GRACE_MS` (30000), `COUNTERPAY_RATE_LIMITS` (on) and, for tests only,
 * `COUNTERPAY_CRASH_POINTS` with `COUNTERPAY_CRASH_SEED` (see `crash-points.ts`).
 */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const databaseUrl = env['DATABASE_URL']?.trim() || null;
  const host = env['HOST']?.trim() || '127.0.0.1';
  const listenPort = port(env['PORT']);
  const given = env['COUNTERPAY_ADMIN_TOKEN']?.trim() || null;
  if (given !== null && given.length < 16) throw new Error('COUNTERPAY_ADMIN_TOKEN must have at least 16 characters');
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    port: listenPort,
    host,
    databaseUrl,
    dataDir: resolve(env['COUNTERPAY_DATA_DIR']?.trim() || './data'),
    adminToken: given ?? randomBytes(24).toString('base64url'),
    adminTokenGenerated: given === null,
    seedDemo: flag(env['COUNTERPAY_SEED_DEMO'], databaseUrl === null),
    publicUrl: (env['COUNTERPAY_PUBLIC_URL']?.trim() || `http://${shownHost}:${listenPort}`).replace(/\/+$/, ''),
    logLevel: env['LOG_LEVEL']?.trim() || 'info',
    networkUrl: networkUrl(env['COUNTERPAY_NETWORK_URL']),
    recoveryIntervalMs: milliseconds('COUNTERPAY_RECOVERY_INTERVAL_MS', env['COUNTERPAY_RECOVERY_INTERVAL_MS'], 15_000, 10),
    recoveryGraceMs: milliseconds('COUNTERPAY_RECOVERY_GRACE_MS', env['COUNTERPAY_RECOVERY_GRACE_MS'], 30_000),
    rateLimits: flag(env['COUNTERPAY_RATE_LIMITS'], true),
    crash: crash(env['COUNTERPAY_CRASH_POINTS'], env['COUNTERPAY_CRASH_SEED']),
  };
}
