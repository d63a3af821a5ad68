import type { Repositories } from '@counterpay/core';

const MAX_ENTRIES = 10_000;

/**
 * Names of a store's objects by id, for presenters: the store's code and the counters' and staff
 * members' names. They never change once created, so they are cached (bounded) safely, even with
 * several server processes.
 */
export class NameDirectory {
  private readonly cache = new Map<string, string>();

  constructor(private readonly repositories: Repositories) {}

  /** The id and code of the store with this code, or null. */
  async storeByCode(code: string): Promise<{ id: string; code: string } | null> {
    const cached = this.cache.get(`store-code:${code}`);
    if (cached !== undefined) return { id: cached, code };
    const store = await this.repositories.stores.findByCode(code);
    if (store === null) return null;
    this.remember(`store-code:${code}`, store.id);
    this.remember(`store:${store.id}`, store.code);
    return { id: store.id, code: store.code };
  }

  /** The code of a store; its id when the store is unknown. */
  async storeCode(storeId: string): Promise<string> {
    return this.lookup(`store:${storeId}`, storeId, async () => (await this.repositories.stores.findById(storeId))?.code);
  }

  /** The name of a counter; its id when unknown. */
  async counterName(storeId: string, counterId: string): Promise<string> {
    return this.lookup(
      `counter:${storeId}:${counterId}`,
      counterId,
      async () => (await this.repositories.counters.findById(storeId, counterId))?.name,
    );
  }

  /** The username of a staff member; its id when unknown. */
  async staffUsername(storeId: string, staffId: string): Promise<string> {
    return this.lookup(
      `staff:${storeId}:${staffId}`,
      staffId,
      async () => (await this.repositories.staff.findById(storeId, staffId))?.username,
    );
  }

  private async lookup(key: string, fallback: string, load: () => Promise<string | undefined>): Promise<string> {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const loaded = await load();
    if (loaded === undefined) return fallback;
    this.remember(key, loaded);
    return loaded;
  }

  private remember(key: string, value: string): void {
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, value);
  }
}
