import {
  IDEMPOTENCY_IN_FLIGHT_LEASE_MS,
  type IdempotencyBegin,
  type IdempotencyStore,
  type StoredResponse,
} from '../../ports/idempotency-store.port';

interface Row {
  fingerprint: string;
  response: StoredResponse | null;
  createdAt: Date;
}

/** Idempotency keys in memory (one process only). */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly rows = new Map<string, Row>();

  begin(scope: string, key: string, fingerprint: string, now: Date): Promise<IdempotencyBegin> {
    const id = `${scope}\u0000${key}`;
    const row = this.rows.get(id);
    if (row === undefined) {
      this.rows.set(id, { fingerprint, response: null, createdAt: now });
      return Promise.resolve({ kind: 'started' });
    }
    if (row.fingerprint !== fingerprint) return Promise.resolve({ kind: 'mismatch' });
    if (row.response === null && row.createdAt.getTime() <= now.getTime() - IDEMPOTENCY_IN_FLIGHT_LEASE_MS) {
      row.createdAt = now;
      return Promise.resolve({ kind: 'started' });
    }
    if (row.response === null) return Promise.resolve({ kind: 'in_flight' });
    return Promise.resolve({ kind: 'replay', response: row.response });
  }
  complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    const row = this.rows.get(`${scope}\u0000${key}`);
    if (row !== undefined) row.response = response;
    return Promise.resolve();
  }
  release(scope: string, key: string): Promise<void> {
    const id = `${scope}\u0000${key}`;
    if (this.rows.get(id)?.response === null) this.rows.delete(id);
    return Promise.resolve();
  }
  purge(before: Date): Promise<number> {
    let n = 0;
    for (const [id, row] of this.rows) {
      if (row.createdAt.getTime() < before.getTime()) {
        this.rows.delete(id);
        n += 1;
      }
    }
    return Promise.resolve(n);
  }
}
