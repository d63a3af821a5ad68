import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';
import type { Money } from '../money/money';
import type { LineItem } from '../transaction/transaction.aggregate';

/** `pending` → `presented` (opened at the counter) → `collected` (captured), or `cancelled`. */
export type ScheduleEntryStatus = 'pending' | 'presented' | 'collected' | 'cancelled';

/** A payment schedule (collection list, cash-on-delivery route) registered in advance. */
export interface Schedule {
  readonly id: string;
  readonly storeId: string;
  readonly name: string;
  /** The route counter its entries are usually opened at. */
  readonly counterId: string;
  readonly createdAt: Date;
}

/** One collection: who pays how much for what, and when it is due. */
export interface ScheduleEntry {
  readonly id: string;
  readonly storeId: string;
  readonly scheduleId: string;
  readonly counterId: string;
  readonly customerName: string;
  readonly customerRef: string;
  readonly description: string;
  readonly items: readonly LineItem[];
  readonly amount: Money;
  readonly dueAt: Date;
  readonly status: ScheduleEntryStatus;
  readonly transactionId: string | null;
  readonly version: number;
}

/** What registering an entry takes (from JSON or a CSV row). */
export interface NewScheduleEntry {
  readonly customerName: string;
  readonly customerRef?: string;
  readonly description?: string;
  readonly items?: readonly LineItem[];
  readonly amount: Money;
  readonly dueAt: Date;
}

/** Validates an entry. */
export function createScheduleEntry(
  input: NewScheduleEntry,
  ids: { id: string; storeId: string; scheduleId: string; counterId: string },
): Result<ScheduleEntry, DomainError> {
  const name = input.customerName.trim();
  if (name.length === 0 || name.length > 200) {
    return err(domainError('validation.failed', 'customer name is 1-200 characters', { field: 'customerName' }));
  }
  if (input.amount.value <= 0) return err(domainError('money.invalid_amount', 'amount must be greater than zero'));
  if (Number.isNaN(input.dueAt.getTime())) {
    return err(domainError('validation.failed', 'dueAt must be a date-time', { field: 'dueAt' }));
  }
  return ok({
    ...ids,
    customerName: name,
    customerRef: (input.customerRef ?? '').trim().slice(0, 100),
    description: (input.description ?? '').trim().slice(0, 500),
    items: input.items ?? [],
    amount: input.amount,
    dueAt: input.dueAt,
    status: 'pending',
    transactionId: null,
    version: 0,
  });
}

/** The entry is being collected by `transactionId`. */
export function presentEntry(entry: ScheduleEntry, transactionId: string): Result<ScheduleEntry, DomainError> {
  if (entry.status !== 'pending') {
    return err(domainError('schedule.entry_not_pending', `entry is ${entry.status}`, { status: entry.status }));
  }
  return ok({ ...entry, status: 'presented', transactionId });
}

/** The entry's transaction was captured. */
export function collectEntry(entry: ScheduleEntry): ScheduleEntry {
  return { ...entry, status: 'collected' };
}

/** The entry's transaction ended unpaid: the entry may be opened again. */
export function releaseEntry(entry: ScheduleEntry): ScheduleEntry {
  return { ...entry, status: 'pending', transactionId: null };
}
