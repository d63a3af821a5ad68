import type { AccessTokenStore, Counterpay, IdempotencyStore, RateCounter, WebhookStore } from '@counterpay/core';

/** Intervals of the background workers. */
export interface WorkerIntervals {
  /** Expiry of unpaid transactions (default 5 s). */
  readonly expiryMs: number;
  /** Recovery of operations left in flight (default 15 s). */
  readonly recoveryMs: number;
  /**
   * Purge of idempotency keys older than 24 h, of expired sessions, of webhook deliveries finished
   * more than 30 days ago and of ended rate-limit windows (default 1 h).
   */
  readonly purgeMs: number;
  /**
   * How long a transaction stays in a `…ing` state before recovery takes it up (default 30 s):
   * time for the process that sent the operation to record its answer.
   */
  readonly recoveryGraceMs?: number;
}

/** Default intervals. */
export const DEFAULT_WORKER_INTERVALS: WorkerIntervals = {
  expiryMs: 5_000,
  recoveryMs: 15_000,
  purgeMs: 3_600_000,
  recoveryGraceMs: 30_000,
};

/** Idempotency keys are kept this long. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

/** Finished webhook deliveries (succeeded, dead) stay in the delivery log this long. */
export const WEBHOOK_DELIVERY_RETENTION_MS = 30 * 24 * 3_600_000;

/** The log the workers write to (pino's shape). */
export interface WorkerLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Running workers. */
export interface Workers {
  /** Stops the timers and waits for the runs in progress. */
  stop(): Promise<void>;
}

/**
 * Starts the expiry, recovery and purge workers. A run is skipped while the previous one of the same
 * worker is still going; every worker is safe to run in several processes at once.
 */
export function startWorkers(
  deps: {
    readonly counterpay: Counterpay;
    readonly idempotency: IdempotencyStore;
    readonly accessTokens: AccessTokenStore;
    /** When given, its finished deliveries are purged after {@link WEBHOOK_DELIVERY_RETENTION_MS}. */
    readonly webhooks?: WebhookStore;
    /** When given (shared rate limits), its ended windows are purged. */
    readonly rates?: RateCounter;
    readonly log: WorkerLog;
  },
  intervals: WorkerIntervals = DEFAULT_WORKER_INTERVALS,
): Workers {
  const { counterpay, idempotency, accessTokens, webhooks, rates, log } = deps;
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];

  const every = (name: string, ms: number, run: () => Promise<object | null>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const job = run()
        .then((report) => {
          if (report !== null) log.info({ worker: name, ...report }, `${name} worker`);
        })
        .catch((error: unknown) => log.error({ err: error, worker: name }, `${name} worker failed`))
        .finally(() => {
          busy = false;
          running.delete(job);
        });
      running.add(job);
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  const worth = (report: { examined: number; resolved: number; failed: number }) =>
    report.examined > 0 ? { examined: report.examined, resolved: report.resolved, failed: report.failed } : null;

  every('expiry', intervals.expiryMs, async () => worth(await counterpay.expireDue()));
  every('recovery', intervals.recoveryMs, async () => worth(await counterpay.recoverInFlight(intervals.recoveryGraceMs)));
  every('purge', intervals.purgeMs, async () => {
    const now = counterpay.deps.clock.now();
    const keys = await idempotency.purge(new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS));
    const sessions = await accessTokens.purgeExpired(now);
    const deliveries = webhooks === undefined ? 0 : await webhooks.purgeFinished(new Date(now.getTime() - WEBHOOK_DELIVERY_RETENTION_MS));
    const windows = rates === undefined ? 0 : await rates.purge(now);
    return keys + sessions + deliveries + windows > 0
      ? { idempotencyKeys: keys, expiredSessions: sessions, webhookDeliveries: deliveries, rateLimitWindows: windows }
      : null;
  });

  return {
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.allSettled([...running]);
    },
  };
}
