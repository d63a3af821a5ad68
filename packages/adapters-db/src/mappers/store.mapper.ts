import type { CapturePolicy, Counter, CounterKind, PaymentMethodType, Staff, StaffRole, Store, StoreStatus } from '@counterpay/core';
import type { CounterEntity } from '../entities/counter.entity';
import type { StaffEntity } from '../entities/staff.entity';
import type { StoreEntity } from '../entities/store.entity';
import { currencyOf } from './money.mapper';

/** Store ↔ row. */
export const storeMapper = {
  toEntity(store: Store): StoreEntity {
    return {
      id: store.id,
      code: store.code,
      name: store.name,
      currency: store.currency,
      timezone: store.timezone,
      status: store.status,
      enabledMethods: [...store.enabledMethods],
      capturePolicy: store.capturePolicy,
      customerTimeoutSeconds: store.customerTimeoutSeconds,
      createdAt: store.createdAt,
      version: store.version,
    };
  },
  toDomain(row: StoreEntity): Store {
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      currency: currencyOf(row.currency),
      timezone: row.timezone,
      status: row.status as StoreStatus,
      enabledMethods: row.enabledMethods as PaymentMethodType[],
      capturePolicy: row.capturePolicy as CapturePolicy,
      customerTimeoutSeconds: row.customerTimeoutSeconds,
      createdAt: row.createdAt,
      version: row.version,
    };
  },
};

/** Staff ↔ row. */
export const staffMapper = {
  toEntity(staff: Staff): StaffEntity {
    return {
      storeId: staff.storeId,
      id: staff.id,
      username: staff.username,
      name: staff.name,
      role: staff.role,
      passwordHash: staff.passwordHash,
      createdAt: staff.createdAt,
    };
  },
  toDomain(row: StaffEntity): Staff {
    return {
      id: row.id,
      storeId: row.storeId,
      username: row.username,
      name: row.name,
      role: row.role as StaffRole,
      passwordHash: row.passwordHash,
      createdAt: row.createdAt,
    };
  },
};

/** Counter ↔ row. */
export const counterMapper = {
  toEntity(counter: Counter): CounterEntity {
    return {
      storeId: counter.storeId,
      id: counter.id,
      name: counter.name,
      kind: counter.kind,
      label: counter.label,
      isOpen: counter.isOpen,
      createdAt: counter.createdAt,
    };
  },
  toDomain(row: CounterEntity): Counter {
    return {
      id: row.id,
      storeId: row.storeId,
      name: row.name,
      kind: row.kind as CounterKind,
      label: row.label,
      isOpen: row.isOpen,
      createdAt: row.createdAt,
    };
  },
};
