import { err, ok, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import { localParts } from '../domain/shared/local-time';
import { createScheduleEntry, type NewScheduleEntry, type Schedule, type ScheduleEntry } from '../domain/schedule/schedule.aggregate';
import type { ScheduleEntryStatus } from '../domain/schedule/schedule.aggregate';
import { fromInfra, loadCounter, loadStore, type CounterpayDeps } from './context';

/** Most entries one schedule (or one CSV import) may hold. */
export const MAX_SCHEDULE_ENTRIES = 5000;

/** Registers a schedule with its entries in advance (F4: collections, cash on delivery). */
export function createSchedule(
  deps: CounterpayDeps,
  storeId: string,
  input: { readonly name: string; readonly counterName: string; readonly entries: readonly NewScheduleEntry[] },
): ResultAsync<{ schedule: Schedule; entries: ScheduleEntry[] }, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const store = yield* loadStore(repos, storeId);
    const counter = yield* loadCounter(repos, store.id, input.counterName);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) return err(domainError('validation.failed', 'name is 1-200 characters', { field: 'name' }));
    if (input.entries.length === 0 || input.entries.length > MAX_SCHEDULE_ENTRIES) {
      return err(domainError('validation.failed', `a schedule has 1-${MAX_SCHEDULE_ENTRIES} entries`, { field: 'entries' }));
    }
    const schedule: Schedule = { id: deps.ids.id(), storeId: store.id, name, counterId: counter.id, createdAt: deps.clock.now() };
    const entries: ScheduleEntry[] = [];
    for (const [index, entry] of input.entries.entries()) {
      if (entry.amount.currency !== store.currency) {
        return err(domainError('money.currency_mismatch', `the store collects in ${store.currency}`, { entry: index }));
      }
      const created = createScheduleEntry(entry, { id: deps.ids.id(), storeId: store.id, scheduleId: schedule.id, counterId: counter.id });
      if (created.isErr()) return err({ ...created.error, details: { ...created.error.details, entry: index } });
      entries.push(created.value);
    }
    yield* repos.schedules.insert(schedule, entries);
    return ok({ schedule, entries: entries.map((e) => ({ ...e, version: 1 })) });
  });
}

/** The instants [start, end) of a calendar day (`YYYY-MM-DD`) in a time zone. */
export function zonedDayRange(day: string, timeZone: string): { from: Date; to: Date } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const noonUtc = Date.UTC(y, mo - 1, d, 12);
  if (new Date(noonUtc).getUTCDate() !== d) return null;
  const startOf = (utcMidnight: number) => {
    let guess = utcMidnight;
    for (let i = 0; i < 3; i++) {
      const p = localParts(new Date(guess), timeZone);
      const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
      guess += utcMidnight - shown;
    }
    return new Date(guess);
  };
  return { from: startOf(Date.UTC(y, mo - 1, d)), to: startOf(Date.UTC(y, mo - 1, d + 1)) };
}

/** Searches the store's schedule entries by customer name/reference and due day (in the store's time zone). */
export function searchScheduleEntries(
  deps: CounterpayDeps,
  storeId: string,
  query: { readonly q?: string | undefined; readonly dueOn?: string | undefined; readonly status?: ScheduleEntryStatus | undefined },
): ResultAsync<ScheduleEntry[], DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const store = yield* loadStore(repos, storeId);
    let range: { from: Date; to: Date } | null = null;
    if (query.dueOn !== undefined) {
      range = zonedDayRange(query.dueOn, store.timezone);
      if (range === null) return err(domainError('validation.failed', 'dueOn is a date YYYY-MM-DD', { field: 'dueOn' }));
    }
    return ok(
      yield* fromInfra(
        repos.schedules.search(store.id, {
          ...(query.q === undefined || query.q === '' ? {} : { q: query.q.slice(0, 100) }),
          ...(range === null ? {} : { dueFrom: range.from, dueTo: range.to }),
          ...(query.status === undefined ? {} : { status: query.status }),
        }),
      ),
    );
  });
}
