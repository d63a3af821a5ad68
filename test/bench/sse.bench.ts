import { request, type ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchProcess } from './http-process';
import { BENCH_AMOUNT, call, ok, type StoreRig } from './http-rig';
import { percentile, round, within } from './measure';

/** What the live-update benchmark measured on one server process. */
export interface SseFigures {
  readonly subscribers: number;
  readonly counters: number;
  /** Events committed (a transaction opened or cancelled at a counter). */
  readonly events: number;
  /** Deliveries expected: each event to every subscriber of its counter. */
  readonly expectedDeliveries: number;
  readonly deliveries: number;
  /** Time from the event's `occurredAt` (taken in the command, before its commit) to its arrival at the subscriber, ms. */
  readonly commitToDeliveryP50Ms: number;
  readonly commitToDeliveryP99Ms: number;
  readonly commitToDeliveryMaxMs: number;
  /** Seconds to open every stream and get its snapshot. */
  readonly connectSeconds: number;
  readonly rssBeforeMiB: number;
  readonly rssWithSubscribersMiB: number;
  /** (RSS with the subscribers − RSS before) ÷ subscribers. */
  readonly memoryPerSubscriberKiB: number;
  /** The same for the V8 heap after a full GC (less noisy than RSS with few subscribers). */
  readonly heapPerSubscriberKiB: number;
}

/** Options of {@link benchSse}. */
export interface SseOptions {
  readonly subscribers: number;
  readonly counters: number;
  /** Rounds of (open, then cancel) at every counter. */
  readonly rounds: number;
  /** Commits per second while events are generated. */
  readonly commitsPerSecond: number;
}

const OCCURRED_AT = /"occurredAt":"([^"]+)"/;

/** Most file descriptors this process may open (the soft limit), or Infinity when unknown. */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
  } catch {
    return Infinity;
  }
}

interface Subscriber {
  readonly request: ClientRequest;
  readonly ready: Promise<void>;
}

/**
 * Live updates at scale: `subscribers` concurrent SSE streams (raw `node:http` clients in this
 * process, one connection each) on the counter streams of one server process, spread over
 * `counters` counters, with a clerk token. Then transactions are opened and cancelled at those
 * counters at a steady rate, and every arrival is timed against the event's `occurredAt`.
 * Memory per subscriber is the server's RSS growth while the streams are open, divided by their number.
 */
export async function benchSse(server: BenchProcess, rig: StoreRig, token: string, options: SseOptions): Promise<SseFigures> {
  const counters = await rig.counters(`S${Date.now().toString(36)}x`, options.counters);
  const url = new URL(server.url);
  const delays: number[] = [];
  let deliveries = 0;

  const subscribe = (counter: string): Subscriber => {
    let buffer = '';
    let resolveReady: () => void = () => undefined;
    let rejectReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `/api/v1/stores/${rig.code}/counters/${counter}/events`,
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        agent: false,
      },
      (response) => {
        if (response.statusCode !== 200) {
          rejectReady(new Error(`subscribe ${counter}: ${response.statusCode}`));
          response.resume();
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          const arrived = Date.now();
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
            if (frame.includes('event: snapshot')) {
              resolveReady();
              continue;
            }
            const at = OCCURRED_AT.exec(frame)?.[1];
            if (at === undefined || !frame.includes('event: transaction.')) continue;
            deliveries += 1;
            delays.push(arrived - Date.parse(at));
          }
        });
        response.on('error', () => undefined);
      },
    );
    req.on('error', (error) => rejectReady(error));
    req.end();
    return { request: req, ready };
  };

  const settle = async () => {
    for (let i = 0; i < 2; i++) await call(server.url, 'POST', '/__bench/gc');
    await sleep(1000);
    const stats = ok(await call(server.url, 'POST', '/__bench/gc'), 'gc').body as { heapUsed: number };
    return { rss: server.memory().rss, heap: stats.heapUsed };
  };
  const before = await settle();
  const subscribers: Subscriber[] = [];
  const connectStarted = performance.now();
  try {
    for (let i = 0; i < options.subscribers; i += 250) {
      const batch = Array.from({ length: Math.min(250, options.subscribers - i) }, (_, k) =>
        subscribe(counters[(i + k) % counters.length]!),
      );
      subscribers.push(...batch);
      await within(60_000, 'opening the SSE subscribers', Promise.all(batch.map((s) => s.ready)));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const withSubscribers = await settle();

    const staff = { token };
    const interval = 1000 / options.commitsPerSecond;
    let events = 0;
    for (let round = 0; round < options.rounds; round++) {
      const opened: string[] = [];
      for (const step of ['open', 'cancel'] as const) {
        const t0 = performance.now();
        await Promise.all(
          counters.map(async (counter, k) => {
            await sleep(k * interval);
            if (step === 'open') {
              const tx = ok(
                await call(server.url, 'POST', `/api/v1/stores/${rig.code}/counters/${counter}/transactions`, {
                  ...staff,
                  body: { amount: BENCH_AMOUNT },
                }),
                'open',
              );
              opened[k] = (tx.body as { id: string }).id;
            } else {
              ok(
                await call(server.url, 'POST', `/api/v1/stores/${rig.code}/transactions/${opened[k]!}/cancel`, { ...staff, body: {} }),
                'cancel',
              );
            }
            events += 1;
          }),
        );
        const rest = t0 + counters.length * interval - performance.now();
        if (rest > 0) await sleep(rest);
      }
    }
    const perCounter = options.subscribers / counters.length;
    const expected = Math.round(events * perCounter);
    const until = performance.now() + 30_000;
    while (deliveries < expected && performance.now() < until) await sleep(50);
    return {
      subscribers: options.subscribers,
      counters: counters.length,
      events,
      expectedDeliveries: expected,
      deliveries,
      commitToDeliveryP50Ms: round(percentile(delays, 50)),
      commitToDeliveryP99Ms: round(percentile(delays, 99)),
      commitToDeliveryMaxMs: round(percentile(delays, 100)),
      connectSeconds: round(connectSeconds),
      rssBeforeMiB: round(before.rss / 2 ** 20),
      rssWithSubscribersMiB: round(withSubscribers.rss / 2 ** 20),
      memoryPerSubscriberKiB: round((withSubscribers.rss - before.rss) / options.subscribers / 1024),
      heapPerSubscriberKiB: round((withSubscribers.heap - before.heap) / options.subscribers / 1024),
    };
  } finally {
    for (const s of subscribers) s.request.destroy();
  }
}
