import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Schedule, ScheduleEntry, ScheduleEntryStatus } from '../domain/schedule/schedule.aggregate';

/** A search of schedule entries: `q` matches customer name or reference; due between `dueFrom` and `dueTo` (exclusive). */
export interface ScheduleEntryQuery {
  readonly q?: string;
  readonly dueFrom?: Date;
  readonly dueTo?: Date;
  readonly status?: ScheduleEntryStatus;
  readonly limit?: number;
}

/** Payment schedules and their entries. */
export interface ScheduleRepository {
  /** Adds a schedule with its entries, atomically. */
  insert(schedule: Schedule, entries: readonly ScheduleEntry[]): ResultAsync<void, DomainError>;
  /** A schedule by id, in one store. */
  findById(storeId: string, id: string): Promise<Schedule | null>;
  /** The store's schedules, newest first. */
  list(storeId: string): Promise<Schedule[]>;
  /** An entry by id, in one store. */
  findEntry(storeId: string, entryId: string): Promise<ScheduleEntry | null>;
  /** Saves an entry when its version matches (version + 1); returns the saved entry. */
  updateEntry(entry: ScheduleEntry): ResultAsync<ScheduleEntry, DomainError>;
  /** Entries of a schedule, by due time. */
  entriesOf(storeId: string, scheduleId: string): Promise<ScheduleEntry[]>;
  /** Searches a store's entries, by due time (default limit 100, at most 500). */
  search(storeId: string, query: ScheduleEntryQuery): Promise<ScheduleEntry[]>;
}
