import type { Result, ResultAsync } from 'neverthrow';
import type { DomainError } from '../../domain/shared/domain-error';
import type { PosLookup } from '../../ports/catalog-repository.port';
import type { EventStream } from '../../ports/event-stream.port';
import type { IdempotencyStore } from '../../ports/idempotency-store.port';
import type { RateCounter } from '../../ports/rate-counter.port';
import type { UnitOfWork } from '../../ports/unit-of-work.port';

/** One persistence under test: a fresh (or shared, with unique test data) database. */
export interface PersistenceFixture {
  readonly uow: UnitOfWork;
  readonly posLookup: PosLookup;
  readonly events: EventStream;
  readonly idempotency: IdempotencyStore;
  readonly rates: RateCounter;
  /** Frees connections; called once after the suite. */
  close(): Promise<void>;
}

/** Makes the persistence the suites run against; called once per suite. */
export type PersistenceFactory = () => Promise<PersistenceFixture>;

/** Registers `before`/`after` hooks and returns a getter for the fixture. */
export function useFixture(factory: PersistenceFactory): () => PersistenceFixture {
  let fixture: PersistenceFixture | null = null;
  before(async function () {
    this.timeout(60_000);
    fixture = await factory();
  });
  after(async () => {
    await fixture?.close();
  });
  return () => {
    if (fixture === null) throw new Error('fixture not ready');
    return fixture;
  };
}

/** Unwraps a neverthrow result in a test, failing with the error's code. */
export async function expectOk<T, E>(result: ResultAsync<T, E> | Result<T, E>): Promise<T> {
  const r = await result;
  if (r.isErr()) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The error code of a failed result (throws when it succeeded). */
export async function errorCode<T>(result: ResultAsync<T, DomainError> | Result<T, DomainError>): Promise<string> {
  const r = await result;
  if (r.isOk()) throw new Error('expected an error, got ok');
  return r.error.code;
}
