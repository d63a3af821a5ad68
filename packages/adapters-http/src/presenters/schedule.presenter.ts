import type { LineItem, Money, Schedule, ScheduleEntry } from '@counterpay/core';
import type { NameDirectory } from './name-directory';

/** A payment schedule on the wire. */
export interface ScheduleJson {
  readonly id: string;
  readonly name: string;
  readonly counter: string;
  readonly createdAt: string;
}

/** A schedule entry on the wire. */
export interface ScheduleEntryJson {
  readonly id: string;
  readonly scheduleId: string;
  readonly counter: string;
  readonly customerName: string;
  readonly customerRef: string;
  readonly description: string;
  readonly items: readonly LineItem[];
  readonly amount: Money;
  readonly dueAt: string;
  readonly status: string;
  readonly transactionId: string | null;
  readonly version: number;
}

/** The JSON of a schedule. */
export async function presentSchedule(schedule: Schedule, names: NameDirectory): Promise<ScheduleJson> {
  return {
    id: schedule.id,
    name: schedule.name,
    counter: await names.counterName(schedule.storeId, schedule.counterId),
    createdAt: schedule.createdAt.toISOString(),
  };
}

/** The JSON of a schedule entry. */
export async function presentScheduleEntry(entry: ScheduleEntry, names: NameDirectory): Promise<ScheduleEntryJson> {
  return {
    id: entry.id,
    scheduleId: entry.scheduleId,
    counter: await names.counterName(entry.storeId, entry.counterId),
    customerName: entry.customerName,
    customerRef: entry.customerRef,
    description: entry.description,
    items: entry.items,
    amount: entry.amount,
    dueAt: entry.dueAt.toISOString(),
    status: entry.status,
    transactionId: entry.transactionId,
    version: entry.version,
  };
}
