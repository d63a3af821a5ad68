import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { F1_STEPS, type F1Client, type F1Step } from './http-f1';
import { BENCH_AMOUNT, BENCH_CARD } from './http-rig';
import { percentile, round, within } from './measure';

/** p50, p90 and p99 of one endpoint, in ms. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly samples: number;
}

/** What a paced run measured. */
export interface PacedRun {
  /** Lifecycles per second asked for. */
  readonly targetPerSecond: number;
  /** Lifecycles per second started (lower when every counter was busy). */
  readonly startedPerSecond: number;
  readonly completed: number;
  readonly errors: number;
  readonly firstErrors: string[];
  /** Lifecycles that started more than 5 ms after their slot because no counter was free. */
  readonly lateStarts: number;
  readonly steps: Record<F1Step, Percentiles>;
  /**
   * `GET /healthz` of the same server, sent at every slot next to the lifecycles: no database, no
   * use case. Its tail is the floor that the event loops and the shared machine put under every figure.
   */
  readonly healthz: Percentiles;
}

/** p50, p90 and p99 of `values` (ms). */
export function summarize(values: readonly number[]): Percentiles {
  return {
    p50: round(percentile(values, 50), 2),
    p90: round(percentile(values, 90), 2),
    p99: round(percentile(values, 99), 2),
    samples: values.length,
  };
}

/**
 * F1 lifecycles started at a fixed rate (open loop: a lifecycle starts every `1/rate` s whether
 * or not the previous ones are done), each on a free counter of `clients`, through `fetch` (the
 * undici client bundled with Node). Every request is timed from send to the end of its body. Used
 * for latency at a given load; autocannon cannot pace evenly (its rate limit sends each second's
 * requests in a burst at the start of the second). Bounded by count (`seconds × rate`) and time.
 */
export async function pacedF1(
  base: string,
  store: string,
  clients: readonly F1Client[],
  perSecond: number,
  seconds: number,
): Promise<PacedRun> {
  const samples = Object.fromEntries(F1_STEPS.map((s) => [s, [] as number[]])) as Record<F1Step, number[]>;
  const healthz: number[] = [];
  const probe = async (): Promise<void> => {
    const started = performance.now();
    const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) });
    await response.text();
    if (response.status === 200) healthz.push(performance.now() - started);
  };
  const free = [...clients];
  const waiting: ((client: F1Client) => void)[] = [];
  let completed = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  let lateStarts = 0;

  const timed = async (step: F1Step, path: string, init: RequestInit): Promise<{ status: number; body: string }> => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    const body = await response.text();
    samples[step].push(performance.now() - started);
    return { status: response.status, body };
  };
  const post = (headers: Record<string, string>, body: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
    body,
  });

  const lifecycle = async (client: F1Client): Promise<void> => {
    const staff = { authorization: `Bearer ${client.token}` };
    const expect = (step: F1Step, answer: { status: number; body: string }, status: number) => {
      if (answer.status !== status) throw new Error(`${step}: ${answer.status} ${answer.body.slice(0, 200)}`);
      return JSON.parse(answer.body) as { id: string; status: string; customerToken: string };
    };
    const tx = expect(
      'open',
      await timed(
        'open',
        `/api/v1/stores/${store}/counters/${client.counter}/transactions`,
        post(staff, JSON.stringify({ amount: BENCH_AMOUNT })),
      ),
      201,
    ).id;
    const customer = expect(
      'portal',
      await timed('portal', `/api/v1/portal/${store}/${client.counter}`, { method: 'GET' }),
      200,
    ).customerToken;
    expect(
      'paymentMethod',
      await timed(
        'paymentMethod',
        `/api/v1/customer/transactions/${tx}/payment-method`,
        post({ 'x-customer-token': customer }, JSON.stringify({ type: 'card', card: BENCH_CARD })),
      ),
      200,
    );
    expect('authorize', await timed('authorize', `/api/v1/stores/${store}/transactions/${tx}/authorize`, post(staff, '{}')), 200);
    const captured = expect(
      'capture',
      await timed('capture', `/api/v1/stores/${store}/transactions/${tx}/capture`, post(staff, '{}')),
      200,
    );
    if (captured.status !== 'captured') throw new Error(`capture: ended ${captured.status}`);
  };

  const take = (): Promise<F1Client> => {
    const client = free.pop();
    return client !== undefined ? Promise.resolve(client) : new Promise((resolve) => waiting.push(resolve));
  };
  const release = (client: F1Client) => {
    const next = waiting.shift();
    if (next !== undefined) next(client);
    else free.push(client);
  };

  const total = Math.max(1, Math.round(perSecond * seconds));
  const interval = 1000 / perSecond;
  const running: Promise<void>[] = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000 * 2 + 10_000;
  for (let k = 0; k < total && performance.now() < deadline; k++) {
    const slot = t0 + k * interval;
    const wait = slot - performance.now();
    if (wait > 0) await sleep(wait);
    const client = await within(30_000, 'a free counter', take()).catch(() => null);
    if (client === null) break;
    if (performance.now() - slot > 5) lateStarts += 1;
    running.push(probe().catch(() => undefined));
    running.push(
      lifecycle(client).then(
        () => {
          completed += 1;
          release(client);
        },
        (error: unknown) => {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(String(error));
          // The counter may still present the failed transaction: do not hand it out again.
        },
      ),
    );
  }
  const startedIn = (performance.now() - t0) / 1000;
  await Promise.all(running);
  return {
    targetPerSecond: round(perSecond),
    startedPerSecond: round(running.length / 2 / startedIn),
    completed,
    errors,
    firstErrors,
    lateStarts,
    steps: Object.fromEntries(F1_STEPS.map((s) => [s, summarize(samples[s])])) as Record<F1Step, Percentiles>,
    healthz: summarize(healthz),
  };
}
