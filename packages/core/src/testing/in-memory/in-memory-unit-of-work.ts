import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../../domain/shared/domain-error';
import type { Repositories, UnitOfWork } from '../../ports/unit-of-work.port';
import type { PosLookup } from '../../ports/catalog-repository.port';
import { InMemoryDatabase } from './in-memory-database';
import { InMemoryCatalogRepository, inMemoryRepositories } from './in-memory-repositories';

/** Units of work over an in-memory database: one at a time, all or nothing. */
export class InMemoryUnitOfWork implements UnitOfWork {
  readonly repositories: Repositories;
  private readonly bound: Repositories;

  constructor(readonly db: InMemoryDatabase = new InMemoryDatabase()) {
    this.repositories = inMemoryRepositories(db, false);
    this.bound = inMemoryRepositories(db, true);
  }

  run<T>(work: (repositories: Repositories) => ResultAsync<T, DomainError>): ResultAsync<T, DomainError> {
    return this.db.exclusive(() => work(this.bound));
  }

  /** The barcode lookup over the same catalog. */
  posLookup(): PosLookup {
    return new InMemoryCatalogRepository(this.db, false);
  }
}
