import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { RoundTripCounter } from '../instrumentation/round-trip.counter';
import { SessionLock } from './session.lock';

/** A message of PGlite's protocol answers. */
type BackendMessage = Parameters<typeof parse.parseResults>[0][number];

/** The part of a `pg` query result TypeORM reads. */
interface PgResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: { name: string; dataTypeID: number }[];
}

type Callback = (error: Error | null, result?: PgResult) => void;

/**
 * Marks the async context of a unit of work holding the PGlite session, so that a nested
 * connection request (which would wait forever for the session) fails at once instead.
 */
export const pgliteSessionHolder = new AsyncLocalStorage<PGlite>();

/** One embedded database: the PGlite instance and the lock on its only session. */
export interface PgliteHandle {
  readonly db: PGlite;
  readonly lock: SessionLock;
}

class PgliteClient extends EventEmitter {
  constructor(
    private readonly db: PGlite,
    private readonly counter: RoundTripCounter | undefined,
  ) {
    super();
  }

  query(
    text: string | { text: string; values?: unknown[]; name?: string },
    values?: unknown[] | Callback,
    callback?: Callback,
  ): Promise<PgResult> {
    const config = typeof text === 'string' ? { text, values: undefined, name: undefined } : text;
    const sql = config.text;
    const params = Array.isArray(values) ? values : config.values;
    const done = typeof values === 'function' ? values : callback;
    const run = async (): Promise<PgResult> => {
      let succeeded = false;
      let changed = 0;
      try {
        const result =
          config.name !== undefined && params !== undefined
            ? await runPrepared(this.db, config.name, sql, params)
            : params !== undefined && params.length > 0
              ? await this.db.query(sql, params)
              : lastOf(await this.db.exec(sql));
        succeeded = true;
        changed = Math.max(result.affectedRows ?? 0, result.rows.length);
        return {
          rows: result.rows,
          rowCount: result.affectedRows ?? result.rows.length,
          command: commandOf(sql),
          fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        };
      } finally {
        this.counter?.observe(this, sql, succeeded, changed);
      }
    };
    const promise = run();
    if (done !== undefined)
      promise.then(
        (r) => done(null, r),
        (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
      );
    return promise;
  }
}

/** A statement prepared on a PGlite session: its parameter type ids, and its row description (none when it returns no rows). */
interface PreparedStatement {
  readonly types: readonly number[];
  readonly rowDescription: BackendMessage | null;
}

/** The statements prepared on each PGlite session, by statement name. */
const preparedStatements = new WeakMap<PGlite, Map<string, PreparedStatement>>();

function concat(messages: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
  let offset = 0;
  for (const m of messages) {
    out.set(m, offset);
    offset += m.length;
  }
  return out;
}

/**
 * Runs a named prepared statement: parsed and described once per session (its parameter types and
 * its row description kept), then bind, execute and sync go to PGlite as one batch of protocol
 * messages, and the kept row description is put in front of the answer to read its rows.
 * `PGlite.query` would parse and describe the text anew and make five calls into the database for
 * every statement. Values are serialized as `PGlite.query` serializes them; a failed statement
 * throws its `DatabaseError` once the batch (and so the sync) has been processed.
 */
export async function runPrepared<R = Record<string, unknown>>(
  db: PGlite,
  name: string,
  text: string,
  params: readonly unknown[],
): Promise<Results<R>> {
  let statements = preparedStatements.get(db);
  if (statements === undefined) {
    statements = new Map();
    preparedStatements.set(db, statements);
  }
  let known = statements.get(name);
  if (known === undefined) {
    const described = await db.execProtocol(
      concat([protocol.serialize.parse({ name, text }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]),
    );
    known = {
      types: parse.parseDescribeStatementResults(described.messages),
      rowDescription: described.messages.find((m) => m.name === 'rowDescription') ?? null,
    };
    statements.set(name, known);
  }
  const types = known.types;
  const values = params.map((param, i) => {
    if (param === null || param === undefined) return null;
    const serialize = db.serializers[types[i] ?? 0];
    return serialize === undefined ? String(param) : serialize(param);
  });
  const { messages } = await db.execProtocol(
    concat([protocol.serialize.bind({ statement: name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]),
  );
  const answer = known.rowDescription === null ? messages : [known.rowDescription, ...messages];
  return (parse.parseResults(answer, db.parsers)[0] ?? { rows: [], fields: [], affectedRows: 0 }) as Results<R>;
}

function lastOf(results: Awaited<ReturnType<PGlite['exec']>>): Awaited<ReturnType<PGlite['query']>> {
  return results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 };
}

function commandOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}

/**
 * A `pg`-shaped driver module for TypeORM's postgres driver over one PGlite instance. Unlike a pool
 * whose "connections" all share PGlite's single session, each checkout here holds the session
 * exclusively until released, so TypeORM transactions never interleave (a rollback of one never
 * undoes another's work). Checkouts are served in arrival order.
 */
export function pgliteDriverModule(handle: PgliteHandle, counter?: RoundTripCounter): { Pool: new () => EventEmitter } {
  class PglitePool extends EventEmitter {
    connect(callback?: (error: Error | null, client?: PgliteClient, release?: () => void) => void): Promise<PgliteClient> | undefined {
      const checkout = (async () => {
        if (pgliteSessionHolder.getStore() === handle.db) {
          throw new Error('a unit of work on PGlite asked for a second connection; use the repositories it was given');
        }
        const release = await handle.lock.acquire();
        const client = new PgliteClient(handle.db, counter);
        return { client, release };
      })();
      if (callback === undefined) {
        return checkout.then(({ client, release }) => Object.assign(client, { release }));
      }
      checkout.then(
        ({ client, release }) => callback(null, client, release),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
      return undefined;
    }

    end(callback?: (error: Error | null) => void): Promise<void> {
      callback?.(null);
      return Promise.resolve();
    }
  }
  return { Pool: PglitePool };
}
