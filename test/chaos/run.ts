import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_DATABASE_URL } from '@counterpay/adapters-db/testing';
import { describeScan } from './card-scan';
import { describeRun, optionsFromEnv, runCrashChaos } from './crash-run';

/**
 * `npm run test:chaos`: the crash run at the size (2,000 lifecycles, 50 kills unless
 * `CHAOS_LIFECYCLES` / `CHAOS_KILLS` say otherwise) with the card-data scan of its dump and
 * logs, then the two-process races and live updates (`test/multiprocess`). Exit code 1 when an
 * invariant, the scan or a race fails.
 */
async function main(): Promise<number> {
  if (TEST_DATABASE_URL === undefined) throw new Error('set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  const given = process.env['CHAOS_WORK_DIR']?.trim();
  const workDir = given || mkdtempSync(join(tmpdir(), 'counterpay-chaos-'));
  const started = Date.now();
  const report = await runCrashChaos({
    ...optionsFromEnv(process.env, { lifecycles: 2_000, kills: 50 }),
    refundShare: 0.15,
    voidShare: 0.05,
    declineShare: 0.05,
    databaseServerUrl: TEST_DATABASE_URL,
    workDir,
    deadlineMs: 3_600_000,
    log: (line) => console.log(line),
  });
  console.log(describeRun(report));
  if (report.cardScan !== null) console.log(describeScan(report.cardScan));
  const failures: string[] = [];
  if (report.invariants.violations.length > 0) failures.push(`${report.invariants.violations.length} invariant violations`);
  if (report.unfinished.length > 0) failures.push(`${report.unfinished.length} lifecycles unfinished`);
  if (report.kills.sent < report.options.kills) failures.push(`only ${report.kills.sent} of ${report.options.kills} kills sent`);
  if (report.kills.unexpectedExits > 0) failures.push(`${report.kills.unexpectedExits} unexpected server exits`);
  if (report.cardScan === null || report.cardScan.findings.length > 0)
    failures.push(`card data found: ${report.cardScan?.findings.length ?? 'no scan'}`);

  console.log('\nraces and live updates across two server processes (test/multiprocess)');
  const mocha = spawnSync(
    process.execPath,
    [
      resolve(__dirname, '../../../node_modules/mocha/bin/mocha.js'),
      '--no-config',
      '--reporter',
      'spec',
      '--timeout',
      '180000',
      ...['races', 'sse'].map((name) => resolve(__dirname, `../multiprocess/${name}.spec.js`)),
    ],
    { stdio: 'inherit', env: process.env, timeout: 900_000 },
  );
  if (mocha.status !== 0) failures.push(`the multiprocess specs failed (exit ${mocha.status ?? mocha.signal})`);

  console.log(
    `\nnpm run test:chaos: ${failures.length === 0 ? 'all held' : failures.join('; ')} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (failures.length === 0 && !given) rmSync(workDir, { recursive: true, force: true });
  else console.log(`logs and dump in ${workDir}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
