import type { FuzzApp } from './fuzz-world';

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) {
    return [...value.entries()].map(([k, v]) => [plain(k), plain(v)]).sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1));
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, plain((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The whole persistence as plain data: every table of the in-memory database (stores, staff,
 * counters, transactions with their versions, the live/reference/processing-number indexes,
 * schedules and entries, products and prices, the sales ledger), the commit and event counters,
 * the sales totals, every credential and webhook endpoint and delivery of both stores, and the mock
 * network's ledger, totals and vault. Two snapshots are equal when nothing changed.
 */
export async function snapshotPersistence(fuzz: FuzzApp): Promise<unknown> {
  const { db } = fuzz.uow;
  const stores = [fuzz.world.a.id, fuzz.world.b.id];
  const credentials = await Promise.all(
    stores.flatMap((id) => [fuzz.accessTokens.list(id, 'session'), fuzz.accessTokens.list(id, 'api_key')]),
  );
  const webhooks = await Promise.all(stores.flatMap((id) => [fuzz.webhooks.listEndpoints(id), fuzz.webhooks.listDeliveries(id)]));
  const ledgerTotals = [...db.tables.ledger.values()].reduce<Record<string, number>>((totals, entry) => {
    const key = `${entry.storeId} ${entry.kind} ${entry.amount.currency}`;
    totals[key] = (totals[key] ?? 0) + entry.amount.value;
    return totals;
  }, {});
  return plain({
    tables: db.tables,
    commits: db.commits,
    lastEventId: db.lastEventId,
    ledgerTotals,
    credentials,
    webhooks,
    network: {
      ledger: fuzz.network.ledger(),
      totals: stores.map((id) => fuzz.network.totals(id)),
      vault: fuzz.vault.size,
    },
  });
}

/**
 * A cheap fingerprint of every write path, taken around each request: database commits and
 * events, network ledger entries, vault tokens, credential and webhook writes. Any write moves one of them.
 */
export function writeFingerprint(fuzz: FuzzApp): string {
  const { db } = fuzz.uow;
  return [db.commits, db.lastEventId, fuzz.network.ledger().length, fuzz.vault.size, fuzz.accessTokens.writes, fuzz.webhooks.writes].join(
    '/',
  );
}

/** Where two snapshots differ (at most `limit` paths), for a failure message that says what was written. */
export function differences(before: unknown, after: unknown, limit = 10, path = 'persistence'): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isContainer = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isContainer(before) || !isContainer(after))
    return [`${path}: ${JSON.stringify(before)?.slice(0, 120)} → ${JSON.stringify(after)?.slice(0, 120)}`];
  const found: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    found.push(...differences(before[key], after[key], limit - found.length, `${path}.${key}`));
    if (found.length >= limit) break;
  }
  return found;
}
