import type { DataSource } from 'typeorm';
import type { RoundTripCounter } from '../instrumentation/round-trip.counter';

interface PgClientLike {
  query(...args: unknown[]): unknown;
}

interface PgPoolLike {
  on(event: 'acquire', listener: (client: PgClientLike) => void): unknown;
}

/**
 * Counts every statement sent on the `pg` pool of a TypeORM `DataSource`: each client is wrapped
 * the first time it is checked out.
 */
export function countPgRoundTrips(dataSource: DataSource, counter: RoundTripCounter): void {
  const pool = (dataSource.driver as unknown as { master: PgPoolLike }).master;
  const wrapped = new WeakSet<PgClientLike>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client);
    client.query = (...args: unknown[]): unknown => {
      const first = args[0];
      const sql = typeof first === 'string' ? first : String((first as { text?: unknown } | null)?.text ?? '');
      if (isSubmittable(first)) {
        // A submittable query (this package's prepared statements) answers through its callback.
        const callback = first.callback;
        first.callback = (error: unknown, result?: unknown) => {
          counter.observe(client, sql, error === null || error === undefined, changedRows(result));
          callback(error, result);
        };
        return query(...args);
      }
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        const callback = last as (error: unknown, result: unknown) => void;
        return query(...args.slice(0, -1), (error: unknown, result: unknown) => {
          counter.observe(client, sql, error === null || error === undefined, changedRows(result));
          callback(error, result);
        });
      }
      const result = query(...args);
      if (result instanceof Promise) {
        result.then(
          (value: unknown) => counter.observe(client, sql, true, changedRows(value)),
          () => counter.observe(client, sql, false),
        );
      }
      return result;
    };
  });
}

interface Submittable {
  submit(connection: unknown): unknown;
  callback: (error: unknown, result?: unknown) => void;
}

function isSubmittable(value: unknown): value is Submittable {
  const v = value as Partial<Submittable> | null;
  return typeof v?.submit === 'function' && typeof v.callback === 'function';
}

function changedRows(result: unknown): number {
  const r = result as { rowCount?: number | null; rows?: unknown[] } | null | undefined;
  return Math.max(r?.rowCount ?? 0, r?.rows?.length ?? 0);
}
