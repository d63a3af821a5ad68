/** Runs `body(i, worker)` `n` times with `concurrency` workers and returns operations per second. */
export async function rate(n: number, concurrency: number, body: (i: number, worker: number) => Promise<void>): Promise<{ perSecond: number; ms: number }> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < n) {
        const i = next++;
        await body(i, worker);
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { perSecond: Math.round((n / ms) * 1000), ms: Math.round(ms) };
}

/** The median of several runs of a rate (the machine is shared and noisy). */
export async function medianRate(runs: number, measure: () => Promise<{ perSecond: number }>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push((await measure()).perSecond);
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}
