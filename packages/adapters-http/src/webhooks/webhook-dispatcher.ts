import type {
  ClaimedWebhookDelivery,
  Clock,
  EventPublisher,
  IdGenerator,
  PublishedEvent,
  Repositories,
  WebhookAttemptOutcome,
  WebhookDelivery,
  WebhookStore,
} from '@counterpay/core';
import { NameDirectory } from '../presenters/name-directory';
import { webhookEventOf } from './webhook-payload';
import { webhookHeaders } from './webhook-signature';
import { httpWebhookSender, type WebhookSender } from './webhook-transport';

/** Waits after the 1st, 2nd, … failed attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (9 attempts over about 28 h). */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [
  10_000, 60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/** The `user-agent` of every delivery. */
export const WEBHOOK_USER_AGENT = 'counterpay-webhooks/1';

/** Options of {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** Endpoints and the delivery queue, shared by every process. */
  readonly store: WebhookStore;
  /** For the store codes and counter names of the payload. */
  readonly repositories: Repositories;
  readonly clock: Clock;
  /** Delivery ids (also the `webhook-id`) and claim ids: UUIDs. */
  readonly ids: IdGenerator;
  /** Wait after each failed attempt; a delivery is `dead` after `retryDelaysMs.length + 1` attempts. */
  readonly retryDelaysMs?: readonly number[];
  /** Each wait is spread by ± this fraction, so that failed deliveries do not come back in a herd (default 0.2). */
  readonly jitter?: number;
  /** Source of the jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Time limit of one attempt (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts in flight at once in this process (default 16). */
  readonly concurrency?: number;
  /** How often a started worker looks for due deliveries (default 1 s). */
  readonly pollIntervalMs?: number;
  /** How long a claim holds (default `timeoutMs` + 60 s): after it, another worker may take the delivery. */
  readonly leaseMs?: number;
  /** Let `http` and private or loopback addresses through (development, tests). Default false. */
  readonly allowInsecureUrls?: boolean;
  /** The transport (default {@link httpWebhookSender}). */
  readonly send?: WebhookSender;
  /** Where failures of the worker itself go (default: a process warning). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Webhooks to merchant systems, in two halves that may run in different processes.
 *
 * As an {@link EventPublisher} (add it to the outbox relay), it queues one delivery per committed
 * event and matching enabled endpoint; the body is built once, from the API's transaction JSON, and
 * kept as the exact bytes to sign. Queuing is idempotent per (endpoint, event): every process's
 * relay may hand over the same event.
 *
 * As a worker (`start()`), it claims due deliveries atomically (no two workers in any process take
 * the same one), signs each attempt Standard Webhooks style (a fresh timestamp, the same
 * `webhook-id`), POSTs it with a time limit, and records the outcome: `succeeded` on a 2xx;
 * otherwise `failed` with the next attempt after a growing, jittered wait; `dead` when the attempts
 * are spent. Deliveries to one endpoint may arrive out of order: receivers order by the event's
 * `timestamp` or the transaction's `version`.
 */
export class WebhookDispatcher implements EventPublisher {
  private readonly names: NameDirectory;
  private readonly send: WebhookSender;
  private readonly retryDelaysMs: readonly number[];
  private readonly jitter: number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly leaseMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly inFlight = new Set<Promise<void>>();
  private claiming: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.names = new NameDirectory(options.repositories);
    this.send = options.send ?? httpWebhookSender({ allowInsecureUrls: options.allowInsecureUrls ?? false });
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? this.timeoutMs + 60_000;
    this.onError = options.onError ?? ((e) => process.emitWarning(`counterpay webhooks: ${String(e)}`));
  }

  /** Attempts a delivery gets before it is `dead`. */
  get maxAttempts(): number {
    return this.retryDelaysMs.length + 1;
  }

  /** Queues the deliveries of committed events (a failure rejects: the relay retries the batch). */
  async publish(events: readonly PublishedEvent[]): Promise<void> {
    const { store, clock, ids } = this.options;
    const deliveries: WebhookDelivery[] = [];
    for (const [storeId, ofStore] of groupByStore(events)) {
      const endpoints = (await store.listEndpoints(storeId)).filter((e) => e.enabled);
      if (endpoints.length === 0) continue;
      for (const event of ofStore) {
        const matching = endpoints.filter((e) => e.eventTypes === null || e.eventTypes.includes(event.type));
        if (matching.length === 0) continue;
        const payload = JSON.stringify(await webhookEventOf(event, this.names));
        const now = clock.now();
        for (const endpoint of matching) {
          deliveries.push({
            id: ids.id(),
            storeId,
            endpointId: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            payload,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            lastAttemptAt: null,
            lastResponseStatus: null,
            lastError: null,
            createdAt: now,
            updatedAt: now,
          });
        }
      }
    }
    if (deliveries.length === 0) return;
    await store.enqueue(deliveries);
    this.wake();
  }

  /** Starts the worker: it looks for due deliveries now and every `pollIntervalMs`. */
  start(): void {
    if (this.timer !== null || this.stopped) return;
    this.timer = setInterval(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Has a started worker look for due deliveries now (after a manual redelivery, say). */
  wake(): void {
    if (this.timer === null || this.stopped) return;
    if (this.claiming !== null) {
      this.again = true;
      return;
    }
    this.claiming = this.fill()
      .catch(this.onError)
      .finally(() => {
        this.claiming = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /**
   * Sends every delivery due now and waits for the outcomes, until none is due; returns how many
   * attempts were made. For tests and for a worker driven by a scheduler instead of `start()`.
   */
  async runDue(): Promise<number> {
    let attempts = 0;
    for (;;) {
      const claimed = await this.claim(this.concurrency);
      if (claimed.length === 0) return attempts;
      await Promise.all(claimed.map((c) => this.attempt(c)));
      attempts += claimed.length;
    }
  }

  /** Stops the worker and waits for the attempts in flight (their claims are released by recording them). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.claiming;
    await Promise.all([...this.inFlight]);
  }

  private async fill(): Promise<void> {
    for (;;) {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0 || this.stopped) return;
      const claimed = await this.claim(free);
      for (const delivery of claimed) {
        const tracked: Promise<void> = this.attempt(delivery)
          .catch(this.onError)
          .finally(() => {
            this.inFlight.delete(tracked);
            this.wake();
          });
        this.inFlight.add(tracked);
      }
      if (claimed.length < free) return;
    }
  }

  private claim(limit: number): Promise<ClaimedWebhookDelivery[]> {
    const now = this.options.clock.now();
    return this.options.store.claimDue({
      now,
      limit,
      leaseUntil: new Date(now.getTime() + this.leaseMs),
      claimId: this.options.ids.id(),
    });
  }

  private async attempt({ delivery, url, secret, claimId }: ClaimedWebhookDelivery): Promise<void> {
    const { clock, store } = this.options;
    let responseStatus: number | null = null;
    let error: string | null = null;
    try {
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        ...webhookHeaders({ secret, id: delivery.id, timestamp, body: delivery.payload }),
      };
      responseStatus = (await this.send({ url, headers, body: delivery.payload, timeoutMs: this.timeoutMs })).status;
      if (responseStatus < 200 || responseStatus > 299) error = `HTTP ${responseStatus}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await store.recordAttempt(delivery.storeId, delivery.id, claimId, this.outcome(delivery.attempts + 1, responseStatus, error));
  }

  private outcome(attempts: number, responseStatus: number | null, error: string | null): WebhookAttemptOutcome {
    const at = this.options.clock.now();
    if (error === null) return { status: 'succeeded', at, nextAttemptAt: null, responseStatus, error };
    if (attempts >= this.maxAttempts) return { status: 'dead', at, nextAttemptAt: null, responseStatus, error };
    return { status: 'failed', at, nextAttemptAt: new Date(at.getTime() + this.retryDelay(attempts)), responseStatus, error };
  }

  /** The wait after the `attempts`-th failed attempt, jittered. */
  private retryDelay(attempts: number): number {
    const base = this.retryDelaysMs[Math.min(attempts, this.retryDelaysMs.length) - 1] ?? 0;
    return Math.max(0, Math.round(base * (1 + this.jitter * (2 * this.random() - 1))));
  }
}

function groupByStore(events: readonly PublishedEvent[]): Map<string, PublishedEvent[]> {
  const groups = new Map<string, PublishedEvent[]>();
  for (const event of events) {
    const group = groups.get(event.storeId);
    if (group === undefined) groups.set(event.storeId, [event]);
    else group.push(event);
  }
  return groups;
}
