import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@counterpay/adapters-db/testing';
import { MockCardNetworkControl, mulberry32 } from '@counterpay/adapters-payment';
import { Pool } from 'pg';
import { call, card, login, NoAnswer, setUpStore, type Ask, type Json, type Reply } from '../multiprocess/support/api';
import {
  freePort,
  startNetworkProcess,
  startServerProcess,
  stopProcess,
  type NetworkProcess,
  type ServerProcess,
} from '../multiprocess/support/processes';
import { dumpDatabase, scanForCardData, type CardScanReport } from './card-scan';
import { checkInvariants, type Acknowledged, type InvariantReport, type NetworkEntry } from './invariants';

/** Settings of a crash run. */
export interface CrashRunOptions {
  /** F1 lifecycles to drive to their end. */
  readonly lifecycles: number;
  /** SIGKILLs sent by the killer (crash-hook deaths come on top). */
  readonly kills: number;
  /** Lifecycles running at once (one counter each). */
  readonly concurrency: number;
  /** Seed of the plans, the killer and the crash hook. */
  readonly seed: number;
  /** `COUNTERPAY_CRASH_POINTS` of the server. */
  readonly crashPoints: string;
  /** Share of lifecycles that go on to an F2 cancellation and refund. */
  readonly refundShare: number;
  /** Share of lifecycles that void the authorization instead of capturing. */
  readonly voidShare: number;
  /** Share of lifecycles whose customer first registers a declined card. */
  readonly declineShare: number;
  /** Postgres server (`TEST_DATABASE_URL`): a fresh database is created on it. */
  readonly databaseServerUrl: string;
  /** Directory for the logs and the dump. */
  readonly workDir: string;
  /** Keep the database after the run (its URL is in the report). */
  readonly keepDatabase?: boolean;
  /** The whole run is abandoned after this long. */
  readonly deadlineMs: number;
  readonly log: (line: string) => void;
}

/** The sizes of a run from the environment: `CHAOS_LIFECYCLES`, `CHAOS_KILLS`, `CHAOS_CONCURRENCY`, `CHAOS_SEED`, `CHAOS_CRASH_POINTS`. */
export function optionsFromEnv(
  env: NodeJS.ProcessEnv,
  defaults: { lifecycles: number; kills: number },
): Pick<CrashRunOptions, 'lifecycles' | 'kills' | 'concurrency' | 'seed' | 'crashPoints'> {
  const int = (name: string, fallback: number) => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${value}`);
    return n;
  };
  return {
    lifecycles: int('CHAOS_LIFECYCLES', defaults.lifecycles),
    kills: int('CHAOS_KILLS', defaults.kills),
    concurrency: Math.max(1, int('CHAOS_CONCURRENCY', 16)),
    seed: int('CHAOS_SEED', Math.floor(Math.random() * 2 ** 31)),
    crashPoints: env['CHAOS_CRASH_POINTS']?.trim() || DEFAULT_CRASH_POINTS,
  };
}

/** Crash-hook probabilities of a run unless `CHAOS_CRASH_POINTS` says otherwise. */
export const DEFAULT_CRASH_POINTS = 'after-network-answer:0.01,before-commit:0.005';

/** What a run did and found. */
export interface CrashRunReport {
  readonly options: Omit<CrashRunOptions, 'log'>;
  readonly databaseUrl: string;
  readonly durationMs: number;
  readonly lifecycles: { readonly completed: number; readonly acknowledged: number; readonly byOutcome: Readonly<Record<string, number>> };
  /** Lifecycles that could not finish (time or step budget): each a failure of the run. */
  readonly unfinished: readonly string[];
  /** Kills the killer sent, and deaths by cause (a kill that met a process already dying of its crash hook counts for the hook). */
  readonly kills: { readonly sent: number; readonly killer: number; readonly crashHook: number; readonly unexpectedExits: number };
  readonly restarts: number;
  /** Seconds the server was down in all (from a death to the next banner). */
  readonly downtimeMs: number;
  /** Transactions found in a `…ing` state right after restarts (left by a death). */
  readonly inFlightAtRestart: number;
  /** Outcomes the recovery workers recorded (from their log lines). */
  readonly recoveries: { readonly runs: number; readonly examined: number; readonly resolved: number; readonly failed: number };
  readonly requests: {
    readonly sent: number;
    readonly noAnswer: number;
    readonly status5xx: Readonly<Record<string, number>>;
    readonly idempotentReplays: number;
    readonly idempotencyKeysStuckInFlight: number;
    readonly abandonedClaims: number;
  };
  readonly invariants: InvariantReport;
  readonly cardScan: CardScanReport | null;
  readonly logFiles: readonly string[];
  readonly dumpFile: string | null;
  readonly dumpMethod: string | null;
}

const IN_FLIGHT = new Set(['authorizing', 'capturing', 'voiding', 'refunding']);
const VISA = '4242424242424242';
const MASTERCARD = '5555555555554444';
const DECLINED = '4000000000000002';

/** The cards the driver types (the scan looks for them everywhere). */
export const CARDS_USED = [VISA, MASTERCARD, DECLINED] as const;

interface Worker {
  readonly store: { readonly code: string; readonly id: string; readonly auto: boolean };
  readonly counter: string;
  readonly clerk: string;
}

interface Plan {
  readonly index: number;
  readonly goal: 'captured' | 'refunded' | 'voided';
  readonly declineFirst: boolean;
  readonly card: string;
  readonly amount: number;
}

interface Outcome {
  readonly plan: Plan;
  readonly status: string;
  readonly transactionId: string;
  readonly acknowledged: Acknowledged | null;
}

class Stats {
  sent = 0;
  noAnswer = 0;
  status5xx: Record<string, number> = {};
  replays = 0;
  stuckKeys = 0;
  abandonedClaims = 0;
}

/** True when the process wrote the crash hook's line before it died. */
function crashPointReached(server: ServerProcess): boolean {
  return readFileSync(server.logFile).subarray(server.logFrom).toString('utf8').includes('counterpay: crash point ');
}

/** Keeps one reference server process running on a fixed port: restarts it after every death. */
class Supervisor {
  current: ServerProcess | null = null;
  starts = 0;
  /** SIGKILLs the killer sent to a live process. */
  killsSent = 0;
  /** Deaths by cause: the killer's SIGKILL, the crash hook's own (it names its point in the log). */
  killerKills = 0;
  hookKills = 0;
  unexpectedExits = 0;
  downtimeMs = 0;
  inFlightAtRestart = 0;
  #killedByUs = new WeakSet<ServerProcess>();
  #stopping = false;
  #upSince = 0;
  #failedStarts = 0;
  #loop: Promise<void> | null = null;
  #failure: Error | null = null;

  constructor(
    private readonly start: (index: number) => Promise<ServerProcess>,
    private readonly db: Pool,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts the first process and the restart loop. */
  async run(): Promise<void> {
    this.current = await this.#startOne();
    this.#loop = this.#watch().catch((error: unknown) => {
      this.#failure = error instanceof Error ? error : new Error(String(error));
      this.log(`the server could not be restarted: ${this.#failure.message}`);
    });
  }

  async #startOne(): Promise<ServerProcess> {
    const begun = Date.now();
    for (;;) {
      try {
        const server = await this.start(this.starts);
        this.starts += 1;
        this.#upSince = Date.now();
        if (this.starts > 1) {
          this.downtimeMs += Date.now() - begun;
          const { rows } = await this.db.query<{ n: string }>(
            `SELECT count(*) AS n FROM transactions WHERE status IN ('authorizing', 'capturing', 'voiding', 'refunding')`,
          );
          this.inFlightAtRestart += Number(rows[0]?.n ?? 0);
        }
        return server;
      } catch (error) {
        this.#failedStarts += 1;
        if (this.#failedStarts > 5 || this.#stopping) throw error;
        this.log(`server start failed (${this.#failedStarts}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        await sleep(200);
      }
    }
  }

  async #watch(): Promise<void> {
    while (!this.#stopping && this.current !== null) {
      const server = this.current;
      const exit = await server.exited;
      if (this.#stopping) return;
      if (crashPointReached(server)) this.hookKills += 1;
      else if (this.#killedByUs.has(server)) this.killerKills += 1;
      else {
        this.unexpectedExits += 1;
        this.log(`server exited on its own: code ${exit.code} signal ${exit.signal}`);
      }
      this.current = null;
      this.current = await this.#startOne();
    }
  }

  /** Milliseconds the current process has been up; 0 when down. */
  upFor(): number {
    return this.current === null || this.current.done() ? 0 : Date.now() - this.#upSince;
  }

  /** SIGKILLs the current process (by its pid). */
  kill(): boolean {
    const server = this.current;
    if (server === null || server.done()) return false;
    this.#killedByUs.add(server);
    this.killsSent += 1;
    server.kill('SIGKILL');
    return true;
  }

  /** Resolves once a process is up, or throws after `ms`. */
  async up(ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.upFor() === 0) {
      if (this.#failure !== null) throw this.#failure;
      if (Date.now() > deadline) throw new Error(`the server was not back within ${ms} ms`);
      await sleep(25);
    }
  }

  /** Stops restarting and stops the current process (SIGTERM). */
  async stop(): Promise<void> {
    this.#stopping = true;
    const server = this.current;
    if (server !== null) await stopProcess(server);
    await this.#loop?.catch(() => undefined);
  }
}

function planOf(index: number, seed: number, options: CrashRunOptions): Plan {
  const random = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const draw = random();
  const goal = draw < options.voidShare ? 'voided' : draw < options.voidShare + options.refundShare ? 'refunded' : 'captured';
  return {
    index,
    goal,
    declineFirst: random() < options.declineShare,
    card: random() < 0.5 ? VISA : MASTERCARD,
    amount: 100 + (index % 9_000),
  };
}

/**
 * Drives one lifecycle to its goal over HTTP, through server deaths: every step is chosen from
 * the transaction's current status, so a lost answer is resolved by reading the transaction
 * again (and waiting while recovery settles a `…ing` state). Clerk commands carry an
 * `Idempotency-Key` and are retried with it after a lost answer, as a client would.
 */
async function driveLifecycle(
  base: string,
  worker: Worker,
  plan: Plan,
  supervisor: Supervisor,
  stats: Stats,
  budgetMs: number,
): Promise<Outcome> {
  const store = worker.store;
  const staffPath = `/api/v1/stores/${store.code}`;
  const deadline = Date.now() + budgetMs;
  let tx: Json | null = null;
  // The customer token, and the claim it came from: the payment's, or the cancellation's (F2 starts a fresh claim).
  let token: string | null = null;
  let claimedFor = 'payment' as 'payment' | 'cancellation';
  let declinedOnce = !plan.declineFirst;
  let acknowledged: Acknowledged | null = null;
  let keyEpoch = 0;

  const send = async (method: string, path: string, ask: Ask = {}): Promise<Reply | null> => {
    stats.sent += 1;
    try {
      const reply = await call(base, method, path, { timeoutMs: 20_000, ...ask });
      if (reply.status >= 500) {
        const code = `${reply.status} ${reply.body?.error?.code ?? ''}`.trim();
        stats.status5xx[code] = (stats.status5xx[code] ?? 0) + 1;
      }
      if (reply.replayed) stats.replays += 1;
      return reply;
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      stats.noAnswer += 1;
      await sleep(20);
      await supervisor.up();
      return null;
    }
  };
  const clerk = (method: string, path: string, body?: unknown, key?: string) =>
    send(method, `${staffPath}${path}`, {
      token: worker.clerk,
      ...(body === undefined ? {} : { body }),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
  /** A clerk command with an idempotency key, retried with the same key after lost answers (three tries). */
  const command = async (path: string, body: unknown = {}): Promise<Reply | null> => {
    const key = `${tx.id}:${path}:v${tx.version}:${keyEpoch}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const reply = await clerk('POST', path, body, key);
      if (reply === null) continue;
      if (reply.status === 409 && reply.body?.error?.code === 'idempotency.in_flight') {
        stats.stuckKeys += 1;
        keyEpoch += 1;
        return null;
      }
      return reply;
    }
    keyEpoch += 1;
    return null;
  };
  const refresh = async (): Promise<void> => {
    const reply = await clerk('GET', `/transactions/${tx.id}`);
    if (reply?.status === 200) tx = reply.body;
  };
  const adoptLive = async (): Promise<void> => {
    const reply = await clerk('GET', `/transactions?counter=${worker.counter}&limit=20`);
    if (reply?.status !== 200) return;
    const live = (reply.body.transactions as Json[]).find(
      (t) => !['captured', 'voided', 'cancelled', 'expired', 'refunded'].includes(t.status),
    );
    if (live !== undefined) {
      tx = live;
      token = null;
    }
  };
  const claim = async (phase: 'payment' | 'cancellation'): Promise<'claimed' | 'lost' | 'retry'> => {
    const reply = await send('GET', `/api/v1/portal/${store.code}/${worker.counter}`);
    if (reply === null) return 'retry';
    if (reply.status === 200 && reply.body.transaction?.id === tx.id && typeof reply.body.customerToken === 'string') {
      token = reply.body.customerToken;
      claimedFor = phase;
      return 'claimed';
    }
    if (reply.status === 409) return 'lost';
    return 'retry';
  };

  for (let step = 0; ; step++) {
    if (Date.now() > deadline || step > 2_000) {
      throw new Error(
        `lifecycle ${plan.index} on ${store.code}/${worker.counter} did not finish: ${tx === null ? 'no transaction' : `${tx.id} ${tx.status}`}`,
      );
    }
    if (tx === null) {
      const reply = await clerk('POST', `/counters/${worker.counter}/transactions`, { amount: { value: plan.amount, currency: 'JPY' } });
      if (reply?.status === 201) {
        tx = reply.body;
        token = null;
      } else await adoptLive();
      continue;
    }
    switch (tx.status as string) {
      case 'awaiting_method':
      case 'declined': {
        if (tx.status === 'declined') declinedOnce = true;
        if (token === null || claimedFor !== 'payment') {
          const claimed = await claim('payment');
          if (claimed === 'retry') await refresh();
          if (claimed === 'lost') {
            stats.abandonedClaims += 1;
            const cancelled = await command(`/transactions/${tx.id}/cancel`);
            if (cancelled?.status === 200) tx = cancelled.body;
            else await refresh();
          }
          break;
        }
        const number = declinedOnce ? plan.card : DECLINED;
        const reply = await send('POST', `/api/v1/customer/transactions/${tx.id}/payment-method`, {
          customer: token,
          body: { type: 'card', card: card(number) },
        });
        if (reply?.status === 200 && number === DECLINED) declinedOnce = true;
        if (reply?.status === 401 || reply?.status === 404) token = null;
        await refresh();
        break;
      }
      case 'method_registered': {
        const reply = await command(`/transactions/${tx.id}/authorize`);
        if (reply?.status === 200) {
          tx = reply.body;
          if (tx.status === 'declined') declinedOnce = true;
          if (tx.status === 'captured' && plan.goal === 'captured' && !reply.replayed) {
            acknowledged = { transactionId: tx.id, storeId: store.id, status: 'captured', processingNumber: tx.processingNumber };
          }
        } else await refresh();
        break;
      }
      case 'authorized': {
        const reply = await command(`/transactions/${tx.id}/${plan.goal === 'voided' ? 'void' : 'capture'}`);
        if (reply?.status === 200) {
          tx = reply.body;
          if (tx.status === plan.goal || (plan.goal === 'captured' && tx.status === 'captured')) {
            acknowledged = {
              transactionId: tx.id,
              storeId: store.id,
              status: tx.status,
              processingNumber: tx.status === 'captured' ? tx.processingNumber : null,
            };
          }
        } else await refresh();
        break;
      }
      case 'authorizing':
      case 'capturing':
      case 'voiding':
      case 'refunding':
        await sleep(100);
        await refresh();
        break;
      case 'captured': {
        if (plan.goal !== 'refunded') return { plan, status: tx.status, transactionId: tx.id, acknowledged };
        acknowledged = null;
        const reply = await command('/cancellations', {
          processingNumber: tx.processingNumber,
          amount: { value: plan.amount, currency: 'JPY' },
          counter: worker.counter,
        });
        if (reply !== null && reply.status < 300) {
          tx = reply.body;
          token = null;
        } else await refresh();
        break;
      }
      case 'cancel_requested': {
        if (token === null || claimedFor !== 'cancellation') {
          const claimed = await claim('cancellation');
          if (claimed === 'retry') await refresh();
          if (claimed === 'lost') {
            stats.abandonedClaims += 1;
            const withdrawn = await command(`/transactions/${tx.id}/withdraw-cancellation`);
            if (withdrawn?.status === 200) tx = withdrawn.body;
            else await refresh();
          }
          break;
        }
        const confirmed = await send('POST', `/api/v1/customer/transactions/${tx.id}/cancellation/confirm`, { customer: token, body: {} });
        if (confirmed?.status === 401 || confirmed?.status === 404) token = null;
        await refresh();
        break;
      }
      case 'cancel_confirmed': {
        await clerk('POST', `/transactions/${tx.id}/refund-inquiry`, {});
        const reply = await command(`/transactions/${tx.id}/refund`);
        if (reply?.status === 200) {
          tx = reply.body;
          if (tx.status === 'refunded')
            acknowledged = { transactionId: tx.id, storeId: store.id, status: 'refunded', processingNumber: tx.processingNumber };
        } else await refresh();
        break;
      }
      case 'voided':
      case 'refunded':
        return { plan, status: tx.status, transactionId: tx.id, acknowledged };
      case 'cancelled':
      case 'expired':
        tx = null;
        token = null;
        break;
      default:
        throw new Error(`lifecycle ${plan.index}: unexpected status ${tx.status}`);
    }
  }
}

function recoveryFigures(logFile: string): CrashRunReport['recoveries'] {
  const figures = { runs: 0, examined: 0, resolved: 0, failed: 0 };
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"worker":"recovery"') || !line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { examined?: number; resolved?: number; failed?: number };
      figures.runs += 1;
      figures.examined += entry.examined ?? 0;
      figures.resolved += entry.resolved ?? 0;
      figures.failed += entry.failed ?? 0;
    } catch {
      // a line cut short by a SIGKILL
    }
  }
  return figures;
}

/**
 * The crash run: the mock card network as its own process, the reference server on a fresh
 * Postgres database (demo seed, plus a second store with auto-capture), and `concurrency`
 * workers each driving lifecycles at a counter of its own, while a seeded killer SIGKILLs the
 * server `kills` times (spread over the run by progress) and the server's crash hook kills it
 * between the network's answer and the commit. The server is restarted after every death. At
 * the end: a final recovery pass, the database against the network ledger, and a card-data scan
 * of the dump and of every log.
 */
export async function runCrashChaos(options: CrashRunOptions): Promise<CrashRunReport> {
  const started = Date.now();
  const { log } = options;
  mkdirSync(options.workDir, { recursive: true });
  const serverLog = join(options.workDir, 'server.log');
  const networkLog = join(options.workDir, 'network.log');
  const database = await createTestDatabase(options.databaseServerUrl);
  const pool = new Pool({ connectionString: database.url, max: 2 });
  // An idle connection ended by the server (the database dropped, a backend terminated) is replaced on the next query.
  pool.on('error', (error) => log(`test database connection lost: ${error.message}`));
  let network: NetworkProcess | null = null;
  let supervisor: Supervisor | null = null;
  try {
    network = await startNetworkProcess(networkLog);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const networkUrl = network.url;
    supervisor = new Supervisor(
      (index) =>
        startServerProcess(
          {
            databaseUrl: database.url,
            networkUrl,
            port,
            logLevel: 'info',
            env: { COUNTERPAY_CRASH_POINTS: options.crashPoints, COUNTERPAY_CRASH_SEED: String((options.seed * 1_000 + index) % 2 ** 31) },
          },
          serverLog,
        ),
      pool,
      log,
    );
    await supervisor.run();
    const sup = supervisor;

    // Set-up goes through the same dying server: retried until it sticks.
    const setUp = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          await sup.up();
          return await run();
        } catch (error) {
          if (attempt >= 10) throw new Error(`set-up ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
          await sleep(200);
        }
      }
    };
    const perStore = Math.ceil(options.concurrency / 2);
    const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
    const demoCounters = names('K', perStore);
    const autoCounters = names('A', options.concurrency - perStore);
    const demo = await setUp('demo counters', () => setUpStore(base, { code: 'demo', create: false, counters: demoCounters }));
    const auto = await setUp('auto store', () =>
      setUpStore(base, {
        code: 'chaos-auto',
        capturePolicy: 'auto',
        create: true,
        counters: autoCounters,
        clerk: { username: 'clerk', password: 'chaos-clerk-password' },
      }),
    );
    const demoClerk = await setUp('demo login', () => login(base, 'demo', 'clerk', 'clerk'));
    const autoClerk = await setUp('auto login', () => login(base, 'chaos-auto', 'clerk', 'chaos-clerk-password'));
    const workers: Worker[] = [
      ...demoCounters.map((counter) => ({ store: { ...demo, auto: false }, counter, clerk: demoClerk })),
      ...autoCounters.map((counter) => ({ store: { ...auto, auto: true }, counter, clerk: autoClerk })),
    ];
    log(
      `crash run: ${options.lifecycles} lifecycles, ${options.kills} kills, ${workers.length} counters, seed ${options.seed}, crash points ${options.crashPoints}; server ${base}, network ${networkUrl}`,
    );

    const stats = new Stats();
    const outcomes: Outcome[] = [];
    const unfinished: string[] = [];
    let next = 0;
    let completed = 0;
    const runDeadline = started + options.deadlineMs;
    const drive = async (worker: Worker) => {
      while (next < options.lifecycles && Date.now() < runDeadline) {
        const plan = planOf(next++, options.seed, options);
        try {
          outcomes.push(await driveLifecycle(base, worker, plan, sup, stats, Math.min(180_000, Math.max(5_000, runDeadline - Date.now()))));
        } catch (error) {
          unfinished.push(error instanceof Error ? error.message : String(error));
          if (unfinished.length > 20) return;
        }
        completed += 1;
        if (completed % Math.max(1, Math.floor(options.lifecycles / 10)) === 0) {
          log(
            `  ${completed}/${options.lifecycles} lifecycles, ${sup.killerKills} kills + ${sup.hookKills} crash-hook deaths, ${Math.round((Date.now() - started) / 1000)} s`,
          );
        }
      }
    };
    const killerRandom = mulberry32(options.seed ^ 0x5eed);
    const killer = async () => {
      for (let k = 0; k < options.kills; k++) {
        const threshold = Math.floor(((k + 1) * options.lifecycles) / (options.kills + 1));
        while (completed < threshold && completed < options.lifecycles && Date.now() < runDeadline) await sleep(10);
        if (completed >= options.lifecycles || Date.now() >= runDeadline) return;
        await sleep(Math.floor(killerRandom() * 400));
        do {
          while (sup.upFor() < 300 && Date.now() < runDeadline) await sleep(10);
        } while (!sup.kill() && Date.now() < runDeadline);
      }
    };
    await Promise.all([...workers.map((w) => drive(w)), killer()]);

    // Final recovery pass: the server stays up until nothing is left in flight.
    await sup.up();
    const finalDeadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM transactions WHERE status IN ('authorizing', 'capturing', 'voiding', 'refunding')`,
      );
      if (Number(rows[0]?.n ?? 0) === 0 || Date.now() > finalDeadline) break;
      await sleep(250);
    }
    await sleep(600);

    const control = new MockCardNetworkControl(networkUrl);
    const ledger = (await control.ledger()) as unknown as NetworkEntry[];
    const transactions = (
      await pool.query<{
        id: string;
        store_id: string;
        status: string;
        processing_number: string | null;
        captured: string | null;
        refunded: string | null;
        reference: string;
      }>(
        `SELECT id, store_id, status, processing_number, captured_amount_minor AS captured, refunded_amount_minor AS refunded, reference FROM transactions`,
      )
    ).rows;
    const ledgerRows = (
      await pool.query<{
        store_id: string;
        transaction_id: string;
        kind: 'sale' | 'reversal';
        amount_minor: string;
        processing_number: string;
      }>(`SELECT store_id, transaction_id, kind, amount_minor, processing_number FROM sales_ledger`)
    ).rows;
    const storeIds = [demo.id, auto.id];
    const networkTotals = new Map<string, { captured: number; refunded: number }>();
    for (const id of storeIds) networkTotals.set(id, await control.totals(id));
    const invariants = checkInvariants({
      transactions: transactions.map((t) => ({
        id: t.id,
        storeId: t.store_id,
        status: t.status,
        processingNumber: t.processing_number,
        capturedMinor: t.captured === null ? null : Number(t.captured),
        refundedMinor: t.refunded === null ? null : Number(t.refunded),
      })),
      ledger: ledgerRows.map((r) => ({
        storeId: r.store_id,
        transactionId: r.transaction_id,
        kind: r.kind,
        amountMinor: Number(r.amount_minor),
        processingNumber: r.processing_number,
      })),
      network: ledger,
      networkTotals,
      acknowledged: outcomes.flatMap((o) => (o.acknowledged === null ? [] : [o.acknowledged])),
    });
    for (const t of transactions) if (IN_FLIGHT.has(t.status)) log(`  left in flight: ${t.id} ${t.status}`);

    await sup.stop();
    supervisor = null;
    await stopProcess(network);
    const networkDone = network;
    network = null;

    const dumpFile = join(options.workDir, 'database.dump.sql');
    const dumpMethod = await dumpDatabase(database.url, dumpFile);
    const known = {
      referenceTimestamps: new Set(transactions.map((t) => t.reference.split('-')[0] ?? '')),
      processingNumbers: new Set([
        ...transactions.flatMap((t) => (t.processing_number === null ? [] : [t.processing_number])),
        ...ledger.flatMap((e) => (e.outcome.processingNumber === undefined ? [] : [e.outcome.processingNumber])),
      ]),
      productBarcodes: new Set((await pool.query<{ barcode: string }>(`SELECT barcode FROM products`)).rows.map((r) => r.barcode)),
      migrationTimestamps: new Set(
        (await pool.query<{ timestamp: string }>(`SELECT "timestamp" FROM counterpay_migrations`)).rows.map((r) => String(r.timestamp)),
      ),
    };
    const cardScan = scanForCardData(
      [
        { name: 'database dump', path: dumpFile },
        { name: 'server.log', path: serverLog },
        { name: 'network.log', path: networkDone.logFile },
      ],
      known,
      CARDS_USED,
    );

    const byOutcome: Record<string, number> = {};
    for (const o of outcomes) byOutcome[o.status] = (byOutcome[o.status] ?? 0) + 1;
    const { log: _log, ...reported } = options;
    return {
      options: reported,
      databaseUrl: database.url,
      durationMs: Date.now() - started,
      lifecycles: { completed: outcomes.length, acknowledged: outcomes.filter((o) => o.acknowledged !== null).length, byOutcome },
      unfinished,
      kills: { sent: sup.killsSent, killer: sup.killerKills, crashHook: sup.hookKills, unexpectedExits: sup.unexpectedExits },
      restarts: sup.starts - 1,
      downtimeMs: sup.downtimeMs,
      inFlightAtRestart: sup.inFlightAtRestart,
      recoveries: recoveryFigures(serverLog),
      requests: {
        sent: stats.sent,
        noAnswer: stats.noAnswer,
        status5xx: stats.status5xx,
        idempotentReplays: stats.replays,
        idempotencyKeysStuckInFlight: stats.stuckKeys,
        abandonedClaims: stats.abandonedClaims,
      },
      invariants,
      cardScan,
      logFiles: [serverLog, networkLog],
      dumpFile,
      dumpMethod,
    };
  } finally {
    await supervisor?.stop().catch(() => undefined);
    if (network !== null) await stopProcess(network).catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (options.keepDatabase !== true) await database.drop().catch(() => undefined);
  }
}

/** The run's summary, as printed. */
export function describeRun(report: CrashRunReport): string {
  const { invariants: inv } = report;
  const crashPoints: Record<string, number> = {};
  for (const line of readFileSync(report.logFiles[0]!, 'utf8').split('\n')) {
    const point = /^counterpay: crash point (\S+ \([^)]*\))/.exec(line)?.[1];
    if (point !== undefined) crashPoints[point] = (crashPoints[point] ?? 0) + 1;
  }
  const crashHookLines = Object.entries(crashPoints)
    .map(([point, n]) => `${n} ${point}`)
    .join(', ');
  return [
    `crash run (seed ${report.options.seed}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  lifecycles   ${report.lifecycles.completed} of ${report.options.lifecycles} finished (${Object.entries(report.lifecycles.byOutcome)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}), ${report.lifecycles.acknowledged} acknowledged, ${report.unfinished.length} unfinished`,
    `  deaths       ${report.kills.sent} kills sent; ${report.kills.killer} deaths by the killer + ${report.kills.crashHook} by the crash hook (${crashHookLines || 'none'}) + ${report.kills.unexpectedExits} unexpected; ${report.restarts} restarts, ${(report.downtimeMs / 1000).toFixed(1)} s down`,
    `  recovery     ${report.inFlightAtRestart} in flight found at restarts (one may count at several); ${report.recoveries.runs} worker runs resolved ${report.recoveries.resolved} of ${report.recoveries.examined} (${report.recoveries.failed} failed)`,
    `  requests     ${report.requests.sent} sent, ${report.requests.noAnswer} unanswered, 5xx ${JSON.stringify(report.requests.status5xx)}, ${report.requests.idempotentReplays} idempotent replays, ${report.requests.idempotencyKeysStuckInFlight} keys stuck in flight after a death, ${report.requests.abandonedClaims} claims lost with a death`,
    `  transactions ${Object.entries(inv.byStatus)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')}`,
    ...inv.stores.map(
      (s) =>
        `  store ${s.storeId}: db sales ${s.dbSales} − reversals ${s.dbReversals} = ${s.dbSales - s.dbReversals}; network captured ${s.networkCaptured} − refunded ${s.networkRefunded} = ${s.networkCaptured - s.networkRefunded} (JPY)`,
    ),
    `  invariants   captured twice ${inv.capturedTwice}, charged but unrecorded ${inv.chargedButUnrecorded}, recorded but not charged ${inv.recordedButNotCharged}, left in flight ${inv.leftInFlight}, acknowledged disagreeing ${inv.acknowledgedDisagreeing}; ${inv.violations.length} violations`,
    ...inv.violations.slice(0, 20).map((v) => `    ✗ ${v}`),
    ...report.unfinished.slice(0, 10).map((u) => `    ✗ ${u}`),
  ].join('\n');
}
