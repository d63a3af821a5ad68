import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCore } from './core.bench';
import { benchPglite, benchPostgres, type DbFigures } from './db.bench';
import { machineDetails } from './machine';

/**
 * `npm run bench` (quick, as in CI) or `npm run bench -- --full` (for the docs). Every figure comes
 * with a baseline measured in the same run, because the machine is shared and noisy.
 */
async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const machine = machineDetails();
  console.log(
    `counterpay bench (${full ? 'full' : 'quick'}) on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}`,
  );
  const results: Record<string, unknown> = { mode: full ? 'full' : 'quick', measuredAt: new Date().toISOString(), machine };

  const core = await benchCore(!full);
  results['core'] = core;
  console.log(
    `1. core in memory: ${core.f1PerSecond} F1 lifecycles/s sequential, ${core.f1PerSecondConcurrent16}/s with 16 counters at once ` +
      `(bare mock network doing tokenize+authorize+capture: ${core.bareNetworkPerSecond}/s; ratio ${core.ratioToBareNetwork}); ${core.commitsPerLifecycle} commits per lifecycle`,
  );

  const describe = (f: DbFigures) =>
    `${f.f1PerSecond} F1 lifecycles/s with ${f.clients} client(s); raw commit rate ${f.rawCommitsPerSecond}/s; ` +
    `${f.commitsPerLifecycle} commits and ${f.roundTripsPerLifecycle} round trips per lifecycle; limit ${f.limitF1PerSecond}/s; ratio ${f.ratioToLimit}`;
  const postgresUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
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

  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, full ? 'latest.json' : 'quick.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
