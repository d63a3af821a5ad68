import type { NetworkTotals } from './mock-card-network';
import type { FaultsBody, FaultSettings, LedgerBody, LedgerEntryJson } from './mock-card-network.protocol';

/**
 * Client of the endpoints the HTTP mock card network offers to tests and tools: its ledger, its
 * totals, its faults and its health. Unlike a gateway it throws on anything but a `2xx`, since a
 * test that cannot read the ledger has nothing to compare.
 */
export class MockCardNetworkControl {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  /** `baseUrl` as printed by the bin or answered by {@link startMockCardNetworkServer}. */
  constructor(baseUrl: string, options: { readonly timeoutMs?: number } = {}) {
    this.#baseUrl = new URL(baseUrl).href.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Whether the service answers `GET /healthz` with `200`. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.#baseUrl}/healthz`, { signal: AbortSignal.timeout(this.#timeoutMs) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Every reference the network applied, in order; only `merchant`'s when given. */
  async ledger(merchant?: string): Promise<readonly LedgerEntryJson[]> {
    const query = merchant === undefined ? '' : `?merchant=${encodeURIComponent(merchant)}`;
    const body = await this.#request<LedgerBody>('GET', `/v1/ledger${query}`);
    return body.entries;
  }

  /** What `merchant` had authorized, captured, refunded and voided successfully, in minor units. */
  totals(merchant: string): Promise<NetworkTotals> {
    return this.#request<NetworkTotals>('GET', `/v1/totals?merchant=${encodeURIComponent(merchant)}`);
  }

  /** Faults injected so far, on the network and on the wire, by kind. */
  faults(): Promise<FaultsBody> {
    return this.#request<FaultsBody>('GET', '/v1/faults');
  }

  /** Changes the faults at run time (see {@link FaultSettings}); answers the faults injected so far. */
  setFaults(settings: FaultSettings): Promise<FaultsBody> {
    return this.#request<FaultsBody>('POST', '/v1/faults', settings);
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.#baseUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(this.#timeoutMs),
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`mock card network answered ${method} ${path} with ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}
