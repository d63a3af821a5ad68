import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

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
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value.trim())) return true;
  if (/^(0|false|no|off)$/i.test(value.trim())) return false;
  throw new Error(`expected a boolean (true/false), got ${value}`);
}

function port(value: string | undefined): number {
  const n = Number(value ?? '3000');
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be 0-65535, got ${value}`);
  return n;
}

/**
 * Reads `PORT` (3000), `HOST` (127.0.0.1), `DATABASE_URL`, `COUNTERPAY_DATA_DIR` (./data),
 * `COUNTERPAY_ADMIN_TOKEN` (generated when absent), `COUNTERPAY_SEED_DEMO` (default on with PGlite,
 * off with Postgres), `COUNTERPAY_PUBLIC_URL` and `LOG_LEVEL` (info).
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
  };
}
