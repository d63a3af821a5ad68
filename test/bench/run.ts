import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCore } from './core.bench';
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
