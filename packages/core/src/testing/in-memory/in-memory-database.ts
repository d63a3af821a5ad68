import { errAsync, okAsync, ResultAsync, type Result } from 'neverthrow';
import type { DomainError } from '../../domain/shared/domain-error';
import type { CounterSnapshotRow, InMemoryTables } from './in-memory-tables';
import { createTables } from './in-memory-tables';
import type { DomainEvent, PublishedEvent } from '../../domain/transaction/transaction.events';
import { InMemoryEventBus } from './in-memory-event-bus';

export type { CounterSnapshotRow };

/**
 * A process-local database for tests and embedding: maps guarded by one lock, with an undo journal
 * so a unit of work commits or rolls back as a whole, and an outbox relayed to an event bus after
 * each commit.
 */
export class InMemoryDatabase {
  readonly tables: InMemoryTables = createTables();
  readonly bus = new InMemoryEventBus();
  /** Id of the last event committed: events are numbered in commit order and delivered at once. */
  lastEventId = 0;
  /** Commits so far (each unit of work or standalone write is one). */
  commits = 0;
  private lock: Promise<void> = Promise.resolve();
  private journal: (() => void)[] | null = null;
  private staged: DomainEvent[] = [];

  /** Sets a key, journaling the old value when a commit is open. */
  put<K, V>(map: Map<K, V>, key: K, value: V): void {
    this.remember(map, key);
    map.set(key, value);
  }

  /** Deletes a key, journaling the old value. */
  remove<K, V>(map: Map<K, V>, key: K): void {
    this.remember(map, key);
    map.delete(key);
  }

  /** Stages events to publish when the open commit succeeds. */
  stage(events: readonly DomainEvent[]): void {
    this.staged.push(...events);
  }

  /** Runs `work` alone, as one commit: all its writes stay, or none when it ends `err` or throws. */
  exclusive<T>(work: () => ResultAsync<T, DomainError>): ResultAsync<T, DomainError> {
    const run = async (): Promise<Result<T, DomainError>> => {
      const previous = this.lock;
      let release!: () => void;
      this.lock = new Promise((resolve) => (release = resolve));
      await previous;
      this.journal = [];
      this.staged = [];
      let published: PublishedEvent[] = [];
      try {
        const result = await work();
        if (result.isErr()) this.rollback();
        else {
          this.commits += 1;
          published = this.staged.map((e) => ({ ...e, id: String(++this.lastEventId).padStart(12, '0') }));
        }
        return result;
      } catch (e) {
        this.rollback();
        throw e;
      } finally {
        this.journal = null;
        this.staged = [];
        release();
        if (published.length > 0) this.bus.deliver(published);
      }
    };
    return new ResultAsync(run());
  }

  /** Runs a single write as its own commit. */
  write<T>(work: () => Result<T, DomainError>): ResultAsync<T, DomainError> {
    return this.exclusive(() => {
      const result = work();
      return result.isOk() ? okAsync(result.value) : errAsync(result.error);
    });
  }

  private remember<K, V>(map: Map<K, V>, key: K): void {
    if (this.journal === null) return;
    const had = map.has(key);
    const old = map.get(key);
    this.journal.push(() => (had ? map.set(key, old as V) : map.delete(key)));
  }

  private rollback(): void {
    const journal = this.journal ?? [];
    for (let i = journal.length - 1; i >= 0; i--) journal[i]?.();
    this.staged = [];
  }
}
