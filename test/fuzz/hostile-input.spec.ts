import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'chai';
import fc from 'fast-check';
import { counterpayFrameworkErrors } from '@counterpay/adapters-http';
import { createFuzzApp, FUZZ_ADMIN_TOKEN, type FuzzApp } from './support/fuzz-world';
import { describeRequest, hostileRequests, worldHints, type HostileRequest } from './support/hostile-request';
import { loadOpenApi, operationsOf, type Operation } from './support/openapi-operations';
import { differences, snapshotPersistence, writeFingerprint } from './support/persistence-snapshot';
import { problemsOf, type Response } from './support/response-checks';

/** Requests in all (spread evenly over the operations); `FUZZ_REQUESTS` overrides. */
const TOTAL = Number(process.env['FUZZ_REQUESTS'] ?? 20_000);
/** The run's seed; `FUZZ_SEED` replays a run. Operation i uses seed + i. */
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2_147_483_647);
/** Shrink a failing request to a smaller one (slower); off by default. */
const SHRINK = process.env['FUZZ_SHRINK'] === '1';
/** Longest wait for one answer: an event stream a hostile request opened would never end. */
const ANSWER_TIMEOUT_MS = 10_000;
/** The run's time budget (not a measurement, which belongs to benchmarks): 30 ms a request, 50 times what it takes, at least 10 min. */
const BUDGET_MS = Math.max(10 * 60_000, TOTAL * 30);

/** The garbage collector, for measuring what the run left on the heap. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function send(fuzz: FuzzApp, request: HostileRequest): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      fuzz.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface Tally {
  requests: number;
  readonly statuses: Map<number, number>;
  readonly byDefect: Map<string, Map<number, number>>;
  readonly byOperation: Map<string, number>;
  readonly codes: Map<string, number>;
  acceptedReads: number;
}

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

describe('hostile input: requests generated from the OpenAPI document, against every operation', function () {
  this.timeout(BUDGET_MS);
  const gc = collector();
  const tally: Tally = {
    requests: 0,
    statuses: new Map(),
    byDefect: new Map(),
    byOperation: new Map(),
    codes: new Map(),
    acceptedReads: 0,
  };
  let fuzz: FuzzApp;
  let operations: Operation[];
  let generators: fc.Arbitrary<HostileRequest>[];
  let baseline: unknown;
  let prototypeKeys: string[];
  let heapBefore: number;
  let heapPeak = 0;
  let elapsedMs = 0;

  before(async () => {
    fuzz = await createFuzzApp({ frameworkErrors: counterpayFrameworkErrors });
    operations = operationsOf(await loadOpenApi(fuzz.app));
    const ctx = { world: fuzz.world, hints: worldHints(fuzz.world) };
    generators = operations.map((op) => hostileRequests(op, ctx));
    baseline = await snapshotPersistence(fuzz);
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    gc();
    heapBefore = process.memoryUsage().heapUsed;
  });

  after(() => fuzz?.close());

  it(`refuses every hostile request with a 4xx in the contract's shape: no 5xx, no stack trace, no write (${TOTAL} requests)`, async () => {
    const secrets = [FUZZ_ADMIN_TOKEN, fuzz.world.a.clerk, fuzz.world.a.manager, fuzz.world.a.apiKey, fuzz.world.b.clerk].filter(
      (s): s is string => s !== null,
    );
    const failures: string[] = [];
    console.log(`      hostile input: seed ${SEED}, ${TOTAL} requests over ${operations.length} operations (replay: FUZZ_SEED=${SEED})`);
    const started = performance.now();
    for (const [index, op] of operations.entries()) {
      const runs = Math.floor(TOTAL / operations.length) + (index < TOTAL % operations.length ? 1 : 0);
      if (runs === 0) continue;
      let failure = '';
      const property = fc.asyncProperty(generators[index] as fc.Arbitrary<HostileRequest>, async (request) => {
        const writes = writeFingerprint(fuzz);
        let response: Response;
        try {
          response = await send(fuzz, request);
        } catch (error) {
          failure = `${(error as Error).message}\n${describeRequest(request)}`;
          throw new Error(failure, { cause: error });
        }
        tally.requests += 1;
        bump(tally.statuses, response.statusCode);
        bump(tally.byOperation, op.key);
        const defect = request.decisive?.split(':')[0] ?? '(none: a read)';
        const statuses = tally.byDefect.get(defect) ?? new Map<number, number>();
        tally.byDefect.set(defect, bump(statuses, response.statusCode));
        if (request.decisive === null && response.statusCode < 400) tally.acceptedReads += 1;
        if (response.statusCode >= 400) bump(tally.codes, errorCodeOf(request.url, response.body));
        if (tally.requests % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        const problems = problemsOf(request, response, secrets);
        const after = writeFingerprint(fuzz);
        if (after !== writes) problems.push(`it wrote (commits/events/network ledger/vault/credentials/webhooks ${writes} → ${after})`);
        if (problems.length > 0) {
          failure = `${problems.join('; ')}\n${describeRequest(request)}\n  answer ${response.statusCode}: ${response.body.slice(0, 300)}`;
          throw new Error(failure);
        }
      });
      try {
        await fc.assert(property, { seed: SEED + index, numRuns: runs, endOnFailure: !SHRINK });
      } catch (error) {
        const where = (error as Error).message.split('\n').find((line) => line.startsWith('{ seed')) ?? '';
        failures.push(`${op.key} ${where}\n${failure || (error as Error).message}`);
      }
    }
    elapsedMs = performance.now() - started;
    report(tally, elapsedMs, fuzz);
    expect(failures, `\n${failures.join('\n\n')}`).to.deep.equal([]);
    expect([...tally.byOperation.keys()]).to.have.members(operations.map((o) => o.key));
  });

  it('left every table, credential, webhook and the card network exactly as they were', async () => {
    expect(differences(baseline, await snapshotPersistence(fuzz))).to.deep.equal([]);
  });

  it('let nothing into Object.prototype', () => {
    expect(Object.getOwnPropertyNames(Object.prototype)).to.deep.equal(prototypeKeys);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });

  it('kept the heap bounded and left no event stream open', () => {
    gc();
    const retained = process.memoryUsage().heapUsed - heapBefore;
    console.log(
      `      heap: ${mib(heapBefore)} before, peak ${mib(heapPeak)} (sampled), ${mib(process.memoryUsage().heapUsed)} after (retained ${mib(retained)}); rss ${mib(process.memoryUsage().rss)}`,
    );
    expect(retained, 'heap retained after the run').to.be.below(64 * 1024 * 1024);
    expect(fuzz.activeSubscriptions()).to.equal(0);
  });
});

/** The error code of an answer; outside `/api` (a wrong method on `/healthz`), the host's own 404 has none. */
function errorCodeOf(url: string, body: string): string {
  if (!url.startsWith('/api/')) return "(host's 404 outside /api)";
  try {
    return String((JSON.parse(body) as { error?: { code?: unknown } }).error?.code);
  } catch {
    return '(not JSON)';
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function report(tally: Tally, elapsedMs: number, fuzz: FuzzApp): void {
  const statuses = [...tally.statuses.entries()].sort(([a], [b]) => a - b);
  console.log(
    `      ${tally.requests} requests in ${(elapsedMs / 1000).toFixed(1)} s (${((tally.requests * 1000) / elapsedMs).toFixed(0)}/s); statuses: ${statuses.map(([s, n]) => `${s}×${n}`).join(' ')}`,
  );
  console.log(
    `      reads answered without a defect: ${tally.acceptedReads}; idempotency answers kept for refused requests: ${fuzz.idempotency.kept}`,
  );
  const codes = [...tally.codes.entries()].sort(([, a], [, b]) => b - a);
  console.log(`      error codes: ${codes.map(([c, n]) => `${c}×${n}`).join(' ')}`);
  const perOperation = [...tally.byOperation.values()];
  console.log(`      operations: ${perOperation.length}, ${Math.min(...perOperation)}–${Math.max(...perOperation)} requests each`);
  const rows = [...tally.byDefect.entries()].sort(([a], [b]) => a.localeCompare(b));
  for (const [defect, byStatus] of rows) {
    const cells = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    console.log(`        ${defect.padEnd(28)} ${cells.join(' ')}`);
  }
}
