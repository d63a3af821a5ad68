import { QueryFailedError, type DataSource, type QueryRunner } from 'typeorm';
import { isPgClient, runPgPrepared } from './pg-prepared.query';
import { pgParameters } from './pg-timestamp';
import { statementName } from './prepared-statements';

/** The rows a statement returned and how many rows it changed. */
export interface SqlResult<R> {
  readonly rows: R[];
  readonly affected: number;
}

/**
 * Where a repository's statements run: on the pool (each statement on its own connection and in
 * its own implicit transaction) or on the query runner of a unit of work.
 */
export interface SqlExecutor {
  /** True inside a unit of work. */
  readonly inUnitOfWork: boolean;
  /** Sends one parameterized statement (as a named prepared statement: parsed and planned once per connection). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs several statements all or nothing: inline in a unit of work, else in a short transaction of their own. */
  atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Asked before a write of outbox rows: true when its statement is to carry the announcement to
   * the other processes (`pg_notify`, delivered with its commit). Never inside a unit of work.
   */
  claimAnnouncement(): boolean;
  /**
   * Says that the statement just sent wrote outbox rows (`announced`: it carried the announcement).
   * Once they are committed (at once outside a unit of work, after its `COMMIT` inside), the
   * persistence's relay is told, so that it reads them without waiting for its poll and makes sure
   * the other processes hear of them.
   */
  wroteEvents(announced: boolean): void;
}

/** What the executors tell the persistence's outbox relay (see `OutboxRelay.claimAnnouncement` and `committed`). */
export interface OutboxHooks {
  claimAnnouncement(): boolean;
  committed(announced: boolean): void;
}

const NO_RELAY: OutboxHooks = { claimAnnouncement: () => false, committed: () => undefined };

/** The part of a `pg` client (or of the PGlite client of this package) the executors use. */
interface DriverClient {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows?: unknown[]; rowCount?: number | null }>;
}

/** The pool of TypeORM's postgres driver (a `pg` pool, or this package's pool over PGlite). */
interface DriverPool {
  obtainMasterConnection(): Promise<[DriverClient, (error?: unknown) => void]>;
}

/**
 * Sends a statement on the runner's own driver connection. A statement with parameters goes as a
 * named prepared statement: the server parses and plans its text once per connection and then
 * only binds values (TypeORM's `query` would send and parse the whole text every time). On `pg`
 * it runs as a {@link runPgPrepared} query, which also asks for its row description only once.
 */
async function send<R>(runner: QueryRunner, sql: string, params: readonly unknown[] | undefined): Promise<SqlResult<R>> {
  return sendOn<R>((await runner.connect()) as DriverClient, sql, params);
}

async function sendOn<R>(client: DriverClient, sql: string, params: readonly unknown[] | undefined): Promise<SqlResult<R>> {
  const values = params === undefined ? undefined : pgParameters(params);
  const name = values === undefined ? undefined : statementName(sql);
  try {
    const result =
      values !== undefined && name !== undefined && isPgClient(client)
        ? await runPgPrepared(client, name, sql, values)
        : await client.query({ text: sql, ...(values === undefined ? {} : { values }), ...(name === undefined ? {} : { name }) });
    return { rows: (result.rows ?? []) as R[], affected: result.rowCount ?? 0 };
  } catch (e) {
    throw new QueryFailedError(sql, values, e as Error);
  }
}

/** True when the server answered with an error (the connection is fine); false when the connection failed. */
function answeredByServer(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error as QueryFailedError & { driverError: unknown }).driverError : error;
  return typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string' && 'severity' in cause;
}

/** Statements on one query runner, inside the unit of work that owns it. */
export class QueryRunnerExecutor implements SqlExecutor {
  readonly inUnitOfWork = true;
  /** The first statement that failed: after it the database transaction can only roll back. */
  failure: unknown = null;
  /** True once a statement wrote outbox rows: the owner announces them after its commit. */
  eventsWritten = false;

  constructor(private readonly runner: QueryRunner) {}

  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    try {
      return await send<R>(this.runner, sql, params);
    } catch (e) {
      this.failure ??= e;
      throw e;
    }
  }

  atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this);
  }

  claimAnnouncement(): boolean {
    return false;
  }

  wroteEvents(): void {
    this.eventsWritten = true;
  }
}

/** Statements on the pool: each one autocommits, `atomically` opens a short transaction. */
export class PoolExecutor implements SqlExecutor {
  readonly inUnitOfWork = false;
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxHooks = NO_RELAY,
  ) {}

  /** Checks a connection out of the driver's pool for one statement (no TypeORM query runner: nothing to track). */
  async query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>> {
    const [client, release] = await (this.dataSource.driver as unknown as DriverPool).obtainMasterConnection();
    let broken: unknown;
    try {
      return await sendOn<R>(client, sql, params);
    } catch (e) {
      if (!answeredByServer(e)) broken = e;
      throw e;
    } finally {
      release(broken);
    }
  }

  async atomically<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let value: T;
    let executor: QueryRunnerExecutor;
    try {
      await runner.startTransaction();
      try {
        executor = new QueryRunnerExecutor(runner);
        value = await work(executor);
        await runner.commitTransaction();
      } catch (e) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw e;
      }
    } finally {
      await runner.release();
    }
    if (executor.eventsWritten) this.outbox.committed(false);
    return value;
  }

  claimAnnouncement(): boolean {
    return this.outbox.claimAnnouncement();
  }

  wroteEvents(announced: boolean): void {
    this.outbox.committed(announced);
  }
}
