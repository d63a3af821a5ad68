/**
 * A named prepared statement run on a `pg` client without `pg`'s per-statement bookkeeping.
 *
 * `pg`'s own `Query` sends Bind, Describe (portal), Execute and Sync on every execution: the server
 * answers each Describe with the statement's row description (about 50 column names for a read of
 * a transaction), which `pg` parses and turns into a fresh list of type parsers and a template row
 * object each time. In CPU profiles of the server answering `GET` of a transaction that was about a
 * tenth of the process's busy time (`Result.addFields` alone 6 %). Here the row description is
 * asked for once per connection and statement: later executions send Bind, Execute and Sync only,
 * and rows are built by a function compiled for the statement's columns (an object literal with
 * the same keys, in the same order, that `pg` would produce, values read by the client's own type
 * parsers, `timestamptz` by a faster reader of Postgres's own format). The result is what the
 * executors read from `pg`: `rows` and `rowCount`.
 */

import { parseTimestamptz } from './pg-timestamp';

/** The part of `pg`'s `Connection` a submitted query writes to. */
export interface PgConnection {
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  stream: { cork?(): void; uncork?(): void };
  parse(config: { text: string; name: string; types: readonly number[] }): void;
  bind(config: { portal: string; statement: string; values: readonly unknown[] }): void;
  describe(config: { type: 'P' | 'S'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/** The part of `pg`'s `Client` this module uses. */
export interface PgClient {
  readonly connection: PgConnection;
  getTypeParser(oid: number, format: 'text' | 'binary'): (value: string) => unknown;
  query(query: PreparedStatementQuery): unknown;
}

/** What a prepared statement answered. */
export interface PreparedResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

type Parser = (value: string) => unknown;
type RowMaker = (values: readonly (string | null)[], parsers: readonly Parser[]) => Record<string, unknown>;

/** A statement's columns on one connection: their names, parsers and row builder. */
interface RowShape {
  readonly parsers: readonly Parser[];
  readonly make: RowMaker;
}

interface FieldDescription {
  readonly name: string;
  readonly dataTypeID: number;
  readonly format?: string | number;
}

/** `timestamptz`'s type id. */
const TIMESTAMPTZ = 1184;

/** The parser of a column: the client's own, but {@link parseTimestamptz} first for `timestamptz` text. */
function parserOf(client: PgClient, field: FieldDescription): Parser {
  const format = field.format === 'binary' || field.format === 1 ? 'binary' : 'text';
  const own = client.getTypeParser(field.dataTypeID, format);
  return field.dataTypeID === TIMESTAMPTZ && format === 'text' ? (value) => parseTimestamptz(value) ?? own(value) : own;
}

const NO_COLUMNS: RowShape = { parsers: [], make: () => ({}) };

/** Row shapes by connection, then by statement name (a connection's prepared statements die with it). */
const shapes = new WeakMap<PgConnection, Map<string, RowShape>>();

/** Row makers by column list: the same statement gets the same compiled function on every connection. */
const makers = new Map<string, RowMaker>();
const MAX_MAKERS = 1000;

// `pg`'s own conversion of a parameter to its text form (arrays, buffers, objects, `toPostgres`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(value: unknown): unknown };

/** `SELECT 3`, `UPDATE 1`, `INSERT 0 2`: the row count of a command tag. */
const COMMAND_TAG = /^[A-Za-z]+(?: (\d+))?(?: (\d+))?/;

/**
 * A function that builds one row as an object literal with the given keys, in order (a later
 * duplicate key wins, as in `pg`). Compiled once per column list: an object literal gets a fixed
 * shape at once, where `pg`'s copy of a template plus one keyed store per column does not.
 */
function rowMaker(names: readonly string[]): RowMaker {
  const key = JSON.stringify(names);
  let make = makers.get(key);
  if (make === undefined) {
    const entries = names.map((n, i) => `${JSON.stringify(n)}: v[${i}] === null ? null : p[${i}](v[${i}])`);
    // The keys are JSON string literals of the column names: nothing of them runs as code.
    make = new Function('v', 'p', `return {${entries.join(', ')}};`) as RowMaker;
    if (makers.size < MAX_MAKERS) makers.set(key, make);
  }
  return make;
}

function shapesOf(connection: PgConnection): Map<string, RowShape> {
  let map = shapes.get(connection);
  if (map === undefined) {
    map = new Map();
    shapes.set(connection, map);
  }
  return map;
}

/** True when `client` is a `pg` client (not this package's PGlite client): it takes submittable queries. */
export function isPgClient(client: unknown): client is PgClient {
  const c = client as { connection?: { parsedStatements?: unknown }; getTypeParser?: unknown } | null;
  return typeof c?.getTypeParser === 'function' && typeof c.connection?.parsedStatements === 'object';
}

/** Runs `text` as the named prepared statement `name` with `values` on a `pg` client. */
export function runPgPrepared(client: PgClient, name: string, text: string, values: readonly unknown[]): Promise<PreparedResult> {
  return new Promise((resolve, reject) => {
    client.query(
      new PreparedStatementQuery(client, name, text, values, (error, result) => (error === null ? resolve(result!) : reject(error))),
    );
  });
}

/**
 * The submittable `pg` runs (its `Client` calls `submit`, then the `handle…` methods for the
 * server's messages, and exactly one of `handleError` or `handleReadyForQuery` at the end).
 */
export class PreparedStatementQuery {
  private readonly rows: Record<string, unknown>[] = [];
  private rowCount = 0;
  private shape: RowShape | undefined;
  private failure: Error | null = null;

  constructor(
    private readonly client: PgClient,
    /** Read by `pg` (parse bookkeeping) and by the round-trip counter. */
    readonly name: string,
    readonly text: string,
    private readonly values: readonly unknown[],
    /** Called once, with the result or the error; wrapped by the round-trip counter. */
    public callback: (error: Error | null, result?: PreparedResult) => void,
  ) {}

  submit(connection: PgConnection): Error | null {
    const previous = connection.parsedStatements[this.name] ?? connection.submittedNamedStatements[this.name];
    if (previous !== undefined && previous !== this.text) {
      return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
    }
    let values: unknown[];
    try {
      values = this.values.map((v) => prepareValue(v));
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
    this.shape = previous === undefined ? undefined : shapes.get(connection)?.get(this.name);
    connection.stream.cork?.();
    try {
      if (previous === undefined) {
        connection.parse({ text: this.text, name: this.name, types: [] });
        connection.submittedNamedStatements[this.name] = this.text;
      }
      connection.bind({ portal: '', statement: this.name, values });
      if (this.shape === undefined) connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '' });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: { fields: readonly FieldDescription[] }): void {
    const fields = message.fields;
    this.shape = {
      parsers: fields.map((f) => parserOf(this.client, f)),
      make: rowMaker(fields.map((f) => f.name)),
    };
    shapesOf(this.client.connection).set(this.name, this.shape);
  }

  handleDataRow(message: { fields: readonly (string | null)[] }): void {
    if (this.failure !== null) return;
    if (this.shape === undefined) {
      this.failure = new Error(`statement ${this.name} returned rows without a row description`);
      return;
    }
    try {
      this.rows.push(this.shape.make(message.fields, this.shape.parsers));
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
    }
  }

  handleCommandComplete(message: { text: string }): void {
    const match = COMMAND_TAG.exec(message.text);
    this.rowCount = Number(match?.[2] ?? match?.[1] ?? 0);
    // Described and no row description came: the statement returns no rows (NoData).
    if (this.shape === undefined) {
      this.shape = NO_COLUMNS;
      shapesOf(this.client.connection).set(this.name, NO_COLUMNS);
    }
  }

  handleEmptyQuery(): void {}

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: PgConnection): void {
    connection.sendCopyFail('No source stream defined');
  }

  handleCopyData(): void {}

  handleError(error: Error): void {
    // The statement may have changed under the connection (a migration): describe it again next time.
    shapes.get(this.client.connection)?.delete(this.name);
    this.callback(error);
  }

  handleReadyForQuery(): void {
    if (this.failure !== null) this.callback(this.failure);
    else this.callback(null, { rows: this.rows, rowCount: this.rowCount });
  }
}
