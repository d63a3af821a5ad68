import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { BENCH_AMOUNT, BENCH_CARD } from './http-rig';

/** The requests of one F1 lifecycle over the API, in order. */
export const F1_STEPS = ['open', 'portal', 'paymentMethod', 'authorize', 'capture'] as const;
/** One of {@link F1_STEPS}. */
export type F1Step = (typeof F1_STEPS)[number];

/** What each step is on the wire (for reports). */
export const F1_ROUTES: Record<F1Step, string> = {
  open: 'POST /api/v1/stores/{store}/counters/{counter}/transactions',
  portal: 'GET /api/v1/portal/{store}/{counter}',
  paymentMethod: 'POST /api/v1/customer/transactions/{id}/payment-method',
  authorize: 'POST /api/v1/stores/{store}/transactions/{id}/authorize',
  capture: 'POST /api/v1/stores/{store}/transactions/{id}/capture',
};

/** A client of the load: its own counter and its own clerk session. */
export interface F1Client {
  readonly counter: string;
  readonly token: string;
}

/** What an F1 run measured. */
export interface F1Run {
  readonly clients: number;
  /** Lifecycles that ended `captured`. */
  readonly completed: number;
  /** Answers that were not what the lifecycle expected (each one abandons its lifecycle). */
  readonly errors: number;
  readonly firstErrors: string[];
  readonly seconds: number;
  /** Completed lifecycles per second. */
  readonly perSecond: number;
  /** Response times (ms) of each step, as autocannon measured them. */
  readonly latencies: Record<F1Step, number[]>;
  /** The run hit its time limit before every lifecycle was done. */
  readonly truncated: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const OPEN_BODY = JSON.stringify({ amount: BENCH_AMOUNT });
const CARD_BODY = JSON.stringify({ type: 'card', card: BENCH_CARD });
const EMPTY_BODY = '{}';
const MAX_SAMPLES = 200_000;

interface Chain {
  tx?: string;
  customer?: string;
}

/**
 * F1 lifecycles through the API with autocannon: one connection per client, each running the
 * request chain of {@link F1_STEPS} at its own counter, `perClient` times (a failed step makes the
 * chain start over with a new lifecycle). Mutating requests carry a fresh `Idempotency-Key`, as
 * the pages send. Bounded by count and by `maxSeconds`.
 */
export function runF1(base: string, store: string, clients: readonly F1Client[], perClient: number, maxSeconds: number): Promise<F1Run> {
  const latencies = Object.fromEntries(F1_STEPS.map((s) => [s, [] as number[]])) as Record<F1Step, number[]>;
  let completed = 0;
  let errors = 0;
  const firstErrors: string[] = [];
  let lastCompletionAt = 0;
  let next = 0;

  const failed = (step: F1Step, status: number, body: string) => {
    errors += 1;
    if (firstErrors.length < 5) firstErrors.push(`${step}: ${status} ${body.slice(0, 200)}`);
  };

  const chainOf = (client: F1Client, mark: (step: F1Step) => void): autocannon.Request[] => {
    const staff = { authorization: `Bearer ${client.token}` };
    const parse = (body: string) => JSON.parse(body) as { id: string; status: string; customerToken: string | null };
    return [
      {
        method: 'POST',
        setupRequest: (request) => ({
          ...request,
          path: `/api/v1/stores/${store}/counters/${client.counter}/transactions`,
          headers: { ...JSON_HEADERS, ...staff, 'idempotency-key': randomUUID() },
          body: OPEN_BODY,
        }),
        onResponse: (status, body, context) => {
          mark('open');
          if (status === 201) (context as Chain).tx = parse(body).id;
          else failed('open', status, body);
        },
      },
      {
        method: 'GET',
        setupRequest: (request, context) => {
          const { tx } = context as Chain;
          return tx === undefined
            ? (null as unknown as autocannon.Request)
            : { ...request, path: `/api/v1/portal/${store}/${client.counter}` };
        },
        onResponse: (status, body, context) => {
          mark('portal');
          const token = status === 200 ? parse(body).customerToken : null;
          if (token !== null) (context as Chain).customer = token;
          else failed('portal', status, body);
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const { tx, customer } = context as Chain;
          if (tx === undefined || customer === undefined) return null as unknown as autocannon.Request;
          return {
            ...request,
            path: `/api/v1/customer/transactions/${tx}/payment-method`,
            headers: { ...JSON_HEADERS, 'x-customer-token': customer, 'idempotency-key': randomUUID() },
            body: CARD_BODY,
          };
        },
        onResponse: (status, body) => {
          mark('paymentMethod');
          if (status !== 200) failed('paymentMethod', status, body);
        },
      },
      ...(['authorize', 'capture'] as const).map((step): autocannon.Request => ({
        method: 'POST',
        setupRequest: (request, context) => {
          const { tx } = context as Chain;
          if (tx === undefined) return null as unknown as autocannon.Request;
          return {
            ...request,
            path: `/api/v1/stores/${store}/transactions/${tx}/${step}`,
            headers: { ...JSON_HEADERS, ...staff, 'idempotency-key': randomUUID() },
            body: EMPTY_BODY,
          };
        },
        onResponse: (status, body, context) => {
          mark(step);
          const expected = step === 'authorize' ? 'authorized' : 'captured';
          if (status !== 200 || parse(body).status !== expected) {
            failed(step, status, body);
            delete (context as Chain).tx;
          } else if (step === 'capture') {
            completed += 1;
            lastCompletionAt = performance.now();
          }
        },
      })),
    ];
  };

  return new Promise<F1Run>((resolve, reject) => {
    const started = performance.now();
    let timer: NodeJS.Timeout | null = null;
    const instance = autocannon(
      {
        url: base,
        connections: clients.length,
        pipelining: 1,
        amount: clients.length * perClient * F1_STEPS.length,
        timeout: 30,
        requests: [{ method: 'GET', path: '/healthz' }],
        setupClient: (client) => {
          const own = clients[next++ % clients.length]!;
          let step: F1Step = 'open';
          client.setRequests(chainOf(own, (s) => (step = s)));
          client.on('response', (_status: number, _bytes: number, ms: number) => {
            const samples = latencies[step];
            if (samples.length < MAX_SAMPLES) samples.push(ms);
          });
        },
      },
      (error: unknown) => {
        if (timer !== null) clearTimeout(timer);
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const truncated = completed + errors < clients.length * perClient && performance.now() - started >= maxSeconds * 1000;
        const seconds = ((lastCompletionAt || performance.now()) - started) / 1000;
        resolve({
          clients: clients.length,
          completed,
          errors,
          firstErrors,
          seconds: Math.round(seconds * 100) / 100,
          perSecond: seconds > 0 ? Math.round((completed / seconds) * 10) / 10 : 0,
          latencies,
          truncated,
        });
      },
    );
    timer = setTimeout(() => instance.stop(), maxSeconds * 1000);
  });
}
