#!/usr/bin/env node
import 'reflect-metadata';
import { readConfig, type ServerConfig } from './config';
import { DEMO_STORE } from './demo-seed';
import { createReferenceServer, type ReferenceServer } from './server';

function banner(config: ServerConfig, server: ReferenceServer, address: string): string {
  const url = config.publicUrl;
  const storage =
    server.persistence.kind === 'postgres'
      ? 'Postgres (DATABASE_URL)'
      : server.persistence.kind === 'pglite'
        ? `PGlite in ${config.dataDir}`
        : 'in memory';
  const lines = [
    '',
    `counterpay reference server listening on ${address}`,
    `  portal       ${url}/`,
    `  clerk        ${url}/clerk`,
    `  store        ${url}/store`,
    `  API docs     ${url}/docs`,
    `  pay page     ${url}/c/${DEMO_STORE}/C11   (demo store: clerk/clerk, manager/manager)`,
    `  storage      ${storage}${server.seeded ? ', demo store seeded' : ''}`,
    `  card network ${config.networkUrl ?? 'mock network in this process'}`,
    ...(config.crash === null
      ? []
      : [
          `  CRASH POINTS ${Object.entries(config.crash.probabilities)
            .map(([point, p]) => `${point}:${p}`)
            .join(',')} seed ${config.crash.seed}   (tests only: this process SIGKILLs itself)`,
        ]),
    ...(config.rateLimits ? [] : ['  rate limits  off (COUNTERPAY_RATE_LIMITS)']),
    config.adminTokenGenerated
      ? `  admin token  ${config.adminToken}   (generated; set COUNTERPAY_ADMIN_TOKEN to keep one)`
      : '  admin token  from COUNTERPAY_ADMIN_TOKEN',
    ...(/^(127\.|localhost$|::1$)/.test(config.host)
      ? ["  phones       to pay from a phone on your network: HOST=0.0.0.0 COUNTERPAY_PUBLIC_URL=http://<this machine's IP>:<port>"]
      : []),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const server = await createReferenceServer(config);
  const address = await server.listen();
  process.stdout.write(banner(config, server, address));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `counterpay reference server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
