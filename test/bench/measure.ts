import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Runs `body(i, worker)` `n` times with `concurrency` workers and returns operations per second. */
export async function rate(
  n: number,
  concurrency: number,
  body: (i: number, worker: number) => Promise<void>,
): Promise<{ perSecond: number; ms: number }> {
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

/** The `p`-th percentile (0–100) of `values`, nearest rank; 0 when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of `values` (the lower middle one for an even count); 0 when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `work`, or an error once `ms` have passed; the timer is cleared either way, so it never holds the process. */
export async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What `monitorEventLoopDelay({ resolution })` reads as the loop's delay: its histogram holds the time
 * between two ticks of its `resolution`-ms timer, so an idle loop reads `resolution`. This is the
 * lateness beyond it, in ms, from a histogram value in ns.
 */
export function loopLateness(valueNs: number, resolutionMs: number): number {
  return Math.max(0, valueNs / 1e6 - resolutionMs);
}

/** How late an event loop ran, in ms (see {@link loopLateness}). */
export interface LoopLateness {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Watches how late this process's event loop runs, from now until `stop()`; `reset()` starts the count again. */
export function watchLoopLateness(resolutionMs = 10): { read(): LoopLateness; reset(): void; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    read: () => ({
      p50: loopLateness(histogram.percentile(50), resolutionMs),
      p99: loopLateness(histogram.percentile(99), resolutionMs),
      max: loopLateness(histogram.max, resolutionMs),
    }),
    reset: () => histogram.reset(),
    stop: () => histogram.disable(),
  };
}
