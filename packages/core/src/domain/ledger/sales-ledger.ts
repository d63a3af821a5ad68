import type { Money } from '../money/money';
import type { PaymentMethodType } from '../payment-method/payment-method';

/** A sale (written at capture) or its reversal (written at refund). Amounts are positive; `kind` gives the sign. */
export interface SalesLedgerEntry {
  readonly id: string;
  readonly storeId: string;
  readonly transactionId: string;
  readonly kind: 'sale' | 'reversal';
  readonly amount: Money;
  readonly counterId: string;
  readonly staffId: string | null;
  readonly method: PaymentMethodType;
  readonly processingNumber: string;
  /** `YYYY-MM-DD` in the store's time zone. */
  readonly businessDay: string;
  readonly occurredAt: Date;
}

/** Dimensions sales totals are grouped by. */
export type SalesGrouping = 'day' | 'counter' | 'staff' | 'method';

/** Totals of one group: sales, reversals and their net, in minor units of the store's currency. */
export interface SalesTotal {
  readonly key: string;
  readonly sales: number;
  readonly reversals: number;
  readonly net: number;
  readonly count: number;
  readonly reversalCount: number;
}

/** The key of an entry for a grouping. */
export function groupKey(entry: SalesLedgerEntry, groupBy: SalesGrouping): string {
  switch (groupBy) {
    case 'day':
      return entry.businessDay;
    case 'counter':
      return entry.counterId;
    case 'staff':
      return entry.staffId ?? '';
    case 'method':
      return entry.method;
  }
}

/** Sums entries into totals per key, sorted by key (used by in-memory ledgers and as the contract's oracle). */
export function totalsOf(entries: Iterable<SalesLedgerEntry>, groupBy: SalesGrouping): SalesTotal[] {
  const byKey = new Map<string, { sales: number; reversals: number; count: number; reversalCount: number }>();
  for (const e of entries) {
    const key = groupKey(e, groupBy);
    const t = byKey.get(key) ?? { sales: 0, reversals: 0, count: 0, reversalCount: 0 };
    if (e.kind === 'sale') {
      t.sales += e.amount.value;
      t.count += 1;
    } else {
      t.reversals += e.amount.value;
      t.reversalCount += 1;
    }
    byKey.set(key, t);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, t]) => ({ key, ...t, net: t.sales - t.reversals }));
}
