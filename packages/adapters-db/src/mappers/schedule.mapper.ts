import type { LineItem, Schedule, ScheduleEntry, ScheduleEntryStatus } from '@counterpay/core';
import type { ScheduleEntryEntity } from '../entities/schedule-entry.entity';
import type { ScheduleEntity } from '../entities/schedule.entity';
import { moneyOf } from './money.mapper';

/** Schedule ↔ row. */
export const scheduleMapper = {
  toEntity(s: Schedule): ScheduleEntity {
    return { storeId: s.storeId, id: s.id, name: s.name, counterId: s.counterId, createdAt: s.createdAt };
  },
  toDomain(r: ScheduleEntity): Schedule {
    return { id: r.id, storeId: r.storeId, name: r.name, counterId: r.counterId, createdAt: r.createdAt };
  },
};

/** Schedule entry ↔ row. */
export const scheduleEntryMapper = {
  toEntity(e: ScheduleEntry): ScheduleEntryEntity {
    return {
      storeId: e.storeId,
      id: e.id,
      scheduleId: e.scheduleId,
      counterId: e.counterId,
      customerName: e.customerName,
      customerRef: e.customerRef,
      description: e.description,
      items: [...e.items],
      amountMinor: e.amount.value,
      currency: e.amount.currency,
      dueAt: e.dueAt,
      status: e.status,
      transactionId: e.transactionId,
      version: e.version,
    };
  },
  toDomain(r: ScheduleEntryEntity): ScheduleEntry {
    return {
      id: r.id,
      storeId: r.storeId,
      scheduleId: r.scheduleId,
      counterId: r.counterId,
      customerName: r.customerName,
      customerRef: r.customerRef,
      description: r.description,
      items: r.items as LineItem[],
      amount: moneyOf(r.amountMinor, r.currency),
      dueAt: r.dueAt,
      status: r.status as ScheduleEntryStatus,
      transactionId: r.transactionId,
      version: r.version,
    };
  },
};
