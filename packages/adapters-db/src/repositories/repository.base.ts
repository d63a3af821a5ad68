import { type DomainError } from '@counterpay/core';
import { ResultAsync, type Result } from 'neverthrow';
import type { SqlExecutor } from '../sql/sql.executor';
import type { Tables } from '../sql/tables';

/** What every repository holds: where its statements run and the table codecs. */
export abstract class TypeOrmRepository {
  constructor(
    protected readonly sql: SqlExecutor,
    protected readonly tables: Tables,
  ) {}

  /** A write's outcome: expected failures as `err`, anything else rejects (a bug or an outage). */
  protected outcome<T>(work: () => Promise<Result<T, DomainError>>): ResultAsync<T, DomainError> {
    return new ResultAsync(work());
  }
}
