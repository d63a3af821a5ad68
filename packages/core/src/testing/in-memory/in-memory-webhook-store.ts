import {
  DUE_WEBHOOK_DELIVERY_STATUSES,
  type ClaimedWebhookDelivery,
  type WebhookAttemptOutcome,
  type WebhookDelivery,
  type WebhookDeliveryQuery,
  type WebhookEndpoint,
  type WebhookEndpointChanges,
  type WebhookStore,
} from '../../ports/webhook-store.port';

interface Claim {
  readonly id: string;
  readonly until: Date;
}

const DUE: ReadonlySet<string> = new Set(DUE_WEBHOOK_DELIVERY_STATUSES);

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Webhook endpoints and deliveries in memory (one process only). */
export class InMemoryWebhookStore implements WebhookStore {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private readonly deliveries = new Map<string, WebhookDelivery>();
  private readonly claims = new Map<string, Claim>();

  insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.endpoints.set(endpoint.id, endpoint);
    return Promise.resolve();
  }

  findEndpoint(storeId: string, id: string): Promise<WebhookEndpoint | null> {
    return Promise.resolve(this.endpointOf(storeId, id));
  }

  listEndpoints(storeId: string): Promise<WebhookEndpoint[]> {
    return Promise.resolve(
      [...this.endpoints.values()]
        .filter((e) => e.storeId === storeId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byId(a.id, b.id)),
    );
  }

  updateEndpoint(storeId: string, id: string, changes: WebhookEndpointChanges, now: Date): Promise<WebhookEndpoint | null> {
    const endpoint = this.endpointOf(storeId, id);
    if (endpoint === null) return Promise.resolve(null);
    const updated: WebhookEndpoint = {
      ...endpoint,
      ...(changes.url === undefined ? {} : { url: changes.url }),
      ...(changes.eventTypes === undefined ? {} : { eventTypes: changes.eventTypes === null ? null : [...changes.eventTypes] }),
      ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
      updatedAt: now,
    };
    this.endpoints.set(id, updated);
    return Promise.resolve(updated);
  }

  deleteEndpoint(storeId: string, id: string): Promise<boolean> {
    if (this.endpointOf(storeId, id) === null) return Promise.resolve(false);
    this.endpoints.delete(id);
    for (const [deliveryId, delivery] of this.deliveries) {
      if (delivery.storeId === storeId && delivery.endpointId === id) {
        this.deliveries.delete(deliveryId);
        this.claims.delete(deliveryId);
      }
    }
    return Promise.resolve(true);
  }

  enqueue(deliveries: readonly WebhookDelivery[]): Promise<number> {
    let added = 0;
    for (const delivery of deliveries) {
      if (this.endpointOf(delivery.storeId, delivery.endpointId) === null) {
        return Promise.reject(new Error(`no webhook endpoint ${delivery.endpointId} in store ${delivery.storeId}`));
      }
      const queued = [...this.deliveries.values()].some(
        (d) => d.storeId === delivery.storeId && d.endpointId === delivery.endpointId && d.eventId === delivery.eventId,
      );
      if (queued || this.deliveries.has(delivery.id)) continue;
      this.deliveries.set(delivery.id, delivery);
      added += 1;
    }
    return Promise.resolve(added);
  }

  claimDue(input: { now: Date; limit: number; leaseUntil: Date; claimId: string }): Promise<ClaimedWebhookDelivery[]> {
    const now = input.now.getTime();
    const due = [...this.deliveries.values()]
      .filter((d) => {
        const claim = this.claims.get(d.id);
        const endpoint = this.endpointOf(d.storeId, d.endpointId);
        return (
          DUE.has(d.status) &&
          d.nextAttemptAt !== null &&
          d.nextAttemptAt.getTime() <= now &&
          (claim === undefined || claim.until.getTime() <= now) &&
          endpoint !== null &&
          endpoint.enabled
        );
      })
      .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0))
      .slice(0, Math.max(0, input.limit));
    return Promise.resolve(
      due.map((delivery) => {
        this.claims.set(delivery.id, { id: input.claimId, until: input.leaseUntil });
        const endpoint = this.endpoints.get(delivery.endpointId) as WebhookEndpoint;
        return { delivery, url: endpoint.url, secret: endpoint.secret, claimId: input.claimId };
      }),
    );
  }

  recordAttempt(storeId: string, id: string, claimId: string, outcome: WebhookAttemptOutcome): Promise<boolean> {
    const delivery = this.deliveryOf(storeId, id);
    if (delivery === null || this.claims.get(id)?.id !== claimId) return Promise.resolve(false);
    this.claims.delete(id);
    this.deliveries.set(id, {
      ...delivery,
      status: outcome.status,
      attempts: delivery.attempts + 1,
      nextAttemptAt: outcome.nextAttemptAt,
      lastAttemptAt: outcome.at,
      lastResponseStatus: outcome.responseStatus,
      lastError: outcome.error,
      updatedAt: outcome.at,
    });
    return Promise.resolve(true);
  }

  purgeFinished(before: Date): Promise<number> {
    let purged = 0;
    for (const [id, d] of this.deliveries) {
      if ((d.status === 'succeeded' || d.status === 'dead') && d.updatedAt.getTime() < before.getTime()) {
        this.deliveries.delete(id);
        this.claims.delete(id);
        purged += 1;
      }
    }
    return Promise.resolve(purged);
  }

  findDelivery(storeId: string, id: string): Promise<WebhookDelivery | null> {
    return Promise.resolve(this.deliveryOf(storeId, id));
  }

  listDeliveries(storeId: string, query: WebhookDeliveryQuery = {}): Promise<WebhookDelivery[]> {
    return Promise.resolve(
      [...this.deliveries.values()]
        .filter(
          (d) =>
            d.storeId === storeId &&
            (query.status === undefined || d.status === query.status) &&
            (query.endpointId === undefined || d.endpointId === query.endpointId),
        )
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || byId(b.id, a.id))
        .slice(0, query.limit ?? 50),
    );
  }

  redeliver(storeId: string, id: string, now: Date): Promise<WebhookDelivery | null> {
    const delivery = this.deliveryOf(storeId, id);
    if (delivery === null) return Promise.resolve(null);
    const queued: WebhookDelivery = { ...delivery, status: 'pending', nextAttemptAt: now, updatedAt: now };
    this.deliveries.set(id, queued);
    return Promise.resolve(queued);
  }

  private endpointOf(storeId: string, id: string): WebhookEndpoint | null {
    const endpoint = this.endpoints.get(id);
    return endpoint !== undefined && endpoint.storeId === storeId ? endpoint : null;
  }

  private deliveryOf(storeId: string, id: string): WebhookDelivery | null {
    const delivery = this.deliveries.get(id);
    return delivery !== undefined && delivery.storeId === storeId ? delivery : null;
  }
}
