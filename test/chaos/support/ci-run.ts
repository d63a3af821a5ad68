import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL } from '@counterpay/adapters-db/testing';
import { describeScan } from '../card-scan';
import { describeRun, optionsFromEnv, runCrashChaos, type CrashRunReport } from '../crash-run';

/** Size of the crash run under `npm test` unless `CHAOS_LIFECYCLES` / `CHAOS_KILLS` say otherwise. */
export const CI_SIZE = { lifecycles: 300, kills: 10 } as const;

let shared: Promise<CrashRunReport> | null = null;
let workDir: string | null = null;

/**
 * The crash run of the mocha suite, run once and shared by `crash.spec.ts` and
 * `card-data.spec.ts` (whichever comes first starts it). Prints its summary. The work directory
 * (logs, dump) is deleted after the suite when the run found nothing, else kept and named.
 */
export function ciCrashRun(databaseServerUrl: string): Promise<CrashRunReport> {
  if (shared === null) {
    const dir = mkdtempSync(join(tmpdir(), 'counterpay-chaos-'));
    workDir = dir;
    shared = runCrashChaos({
      ...optionsFromEnv(process.env, CI_SIZE),
      refundShare: 0.15,
      voidShare: 0.05,
      declineShare: 0.05,
      databaseServerUrl,
      workDir: dir,
      deadlineMs: 15 * 60_000,
      log: () => undefined,
    }).then((report) => {
      console.log(
        `${describeRun(report).replace(/^/gm, '      ')}\n${report.cardScan === null ? '' : describeScan(report.cardScan).replace(/^/gm, '      ')}`,
      );
      return report;
    });
  }
  return shared;
}

/** The Postgres server of the chaos tests, or undefined (they are then skipped). */
export const CHAOS_DATABASE_URL = TEST_DATABASE_URL;

after(async () => {
  if (shared === null || workDir === null) return;
  const report = await shared.catch(() => null);
  const clean =
    report !== null &&
    report.invariants.violations.length === 0 &&
    report.unfinished.length === 0 &&
    report.cardScan?.findings.length === 0;
  if (clean) rmSync(workDir, { recursive: true, force: true });
  else console.log(`      chaos logs and dump kept in ${workDir}`);
});
