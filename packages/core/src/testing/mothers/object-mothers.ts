import { randomUUID } from 'node:crypto';
import type { Counter } from '../../domain/counter/counter.aggregate';
import type { Money } from '../../domain/money/money';
import type { MaskedCard } from '../../domain/payment-method/payment-method';
import type { ScheduleEntry } from '../../domain/schedule/schedule.aggregate';
import type { Staff, Store } from '../../domain/store/store.aggregate';
import { Transaction } from '../../domain/transaction/transaction.aggregate';
import type { TransactionStatus } from '../../domain/transaction/transaction-status';
import { InvariantViolation } from '../../domain/shared/domain-error';

const T0 = new Date('2026-11-21T09:00:00Z');
let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** Test stores. */
export const StoreMother = {
  /** An active JPY store in Tokyo with a unique code. */
  create(overrides: Partial<Store> = {}): Store {
    return {
      id: randomUUID(),
      code: `shop-${unique()}`.toLowerCase().slice(0, 40),
      name: 'Test shop',
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      status: 'active',
      enabledMethods: ['card'],
      capturePolicy: 'manual',
      customerTimeoutSeconds: 900,
      createdAt: T0,
      version: 1,
      ...overrides,
    };
  },
};

/** Test counters and staff. */
export const CounterMother = {
  create(store: Store, overrides: Partial<Counter> = {}): Counter {
    return {
      id: randomUUID(),
      storeId: store.id,
      name: `C${unique()}`.slice(0, 32),
      kind: 'salesperson',
      label: 'Counter',
      isOpen: true,
      createdAt: T0,
      ...overrides,
    };
  },
  staff(store: Store, overrides: Partial<Staff> = {}): Staff {
    return {
      id: randomUUID(),
      storeId: store.id,
      username: `clerk${unique()}`.slice(0, 64),
      name: 'Clerk',
      role: 'clerk',
      passwordHash: 'scrypt$test',
      createdAt: T0,
      ...overrides,
    };
  },
};

/** A masked Visa card as the network would return it. */
export function aMaskedCard(overrides: Partial<MaskedCard> = {}): MaskedCard {
  return { type: 'card', token: `tok_${unique()}`, brand: 'visa', last4: '4242', bin: '424242', expMonth: 12, expYear: 2030, ...overrides };
}

/** `value` yen. */
export const yen = (value: number): Money => ({ value, currency: 'JPY' });

/** The path of moves from `awaiting_method` to each status (by the actor allowed for each edge). */
const PATHS: Record<TransactionStatus, readonly ((tx: Transaction, now: Date) => unknown)[]> = (() => {
  const method = (tx: Transaction, now: Date) => tx.registerPaymentMethod(aMaskedCard(), now);
  const authorizing = [method, (tx: Transaction, now: Date) => tx.beginAuthorization({ kind: 'clerk', staffId: null }, now)];
  const authorized = [...authorizing, (tx: Transaction, now: Date) => tx.completeAuthorization('A12345', now)];
  const capturing = [...authorized, (tx: Transaction, now: Date) => tx.beginCapture({ kind: 'clerk', staffId: null }, now)];
  const captured = [
    ...capturing,
    (tx: Transaction, now: Date) => tx.completeCapture(`${Math.floor(1e11 + Math.random() * 8.9e11)}`, null, now),
  ];
  const cancelRequested = [
    ...captured,
    (tx: Transaction, now: Date) =>
      tx.requestCancellation(
        {
          processingNumber: tx.snapshot().capture?.processingNumber ?? '',
          amount: tx.snapshot().capture?.amount ?? yen(0),
          counterId: tx.counterId,
          staffId: null,
          expiresAt: new Date(now.getTime() + 900_000),
        },
        now,
      ),
  ];
  const cancelConfirmed = [...cancelRequested, (tx: Transaction, now: Date) => tx.confirmCancellation(now)];
  const refunding = [...cancelConfirmed, (tx: Transaction, now: Date) => tx.beginRefund({ kind: 'clerk', staffId: null }, now)];
  const voiding = [...authorized, (tx: Transaction, now: Date) => tx.beginVoid({ kind: 'clerk', staffId: null }, now)];
  return {
    awaiting_amount: [],
    awaiting_method: [],
    method_registered: [method],
    authorizing,
    authorized,
    declined: [...authorizing, (tx: Transaction, now: Date) => tx.declineAuthorization('generic_decline', now)],
    capturing,
    captured,
    voiding,
    voided: [...voiding, (tx: Transaction, now: Date) => tx.completeVoid(now)],
    cancelled: [(tx: Transaction, now: Date) => tx.cancel({ kind: 'clerk', staffId: null }, now)],
    expired: [(tx: Transaction) => tx.expire(new Date(8.64e15))],
    cancel_requested: cancelRequested,
    cancel_confirmed: cancelConfirmed,
    refunding,
    refunded: [...refunding, (tx: Transaction, now: Date) => tx.completeRefund('refund', now)],
  };
})();

/** Test transactions, in any status. */
export const TransactionMother = {
  /** A freshly opened transaction (not yet saved) of `amount` at the counter; null amount → F3. */
  open(
    store: Store,
    counter: Counter,
    overrides: { amount?: Money | null; now?: Date; reference?: string; id?: string } = {},
  ): Transaction {
    const now = overrides.now ?? T0;
    const amount = overrides.amount === undefined ? { value: 1200, currency: store.currency } : overrides.amount;
    const opened = Transaction.open({
      id: overrides.id ?? randomUUID(),
      storeId: store.id,
      counterId: counter.id,
      reference:
        overrides.reference ??
        `20261121180000-${unique()
          .toUpperCase()
          .replace(/[^0-9A-Z]/g, '')
          .slice(-8)
          .padStart(6, '0')}`,
      source: amount === null ? 'customer' : 'clerk',
      currency: store.currency,
      amount,
      openedBy: null,
      expiresAt: new Date(now.getTime() + store.customerTimeoutSeconds * 1000),
      now,
    });
    if (opened.isErr()) throw new InvariantViolation(opened.error.message);
    return opened.value;
  },
  /** A transaction walked (in memory, by the allowed actors) to `status`. */
  inStatus(store: Store, counter: Counter, status: TransactionStatus, now: Date = T0): Transaction {
    if (status === 'awaiting_amount') return TransactionMother.open(store, counter, { amount: null, now });
    const tx = TransactionMother.open(store, counter, { now });
    for (const move of PATHS[status]) {
      const result = move(tx, now) as { isErr(): boolean; error?: { message: string } };
      if (result.isErr()) throw new InvariantViolation(`cannot reach ${status}: ${result.error?.message ?? ''}`);
    }
    return tx;
  },
};

/** Test schedule entries. */
export function aScheduleEntry(store: Store, counter: Counter, scheduleId: string, overrides: Partial<ScheduleEntry> = {}): ScheduleEntry {
  return {
    id: randomUUID(),
    storeId: store.id,
    scheduleId,
    counterId: counter.id,
    customerName: 'Hanako Yamada',
    customerRef: `CUST-${unique()}`,
    description: 'Water delivery',
    items: [],
    amount: { value: 3000, currency: store.currency },
    dueAt: new Date('2026-11-22T01:00:00Z'),
    status: 'pending',
    transactionId: null,
    version: 0,
    ...overrides,
  };
}
