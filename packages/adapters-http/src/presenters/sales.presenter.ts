import type { Money, SalesGrouping, SalesLedgerEntry, SalesTotal } from '@counterpay/core';
import type { NameDirectory } from './name-directory';

/** One group of sales totals on the wire; `key` is the day, counter name, staff username or method. */
export interface SalesTotalJson {
  readonly key: string;
  readonly sales: Money;
  readonly reversals: Money;
  readonly net: Money;
  readonly count: number;
  readonly reversalCount: number;
}

/** Sales totals of a store over a range of business days. */
export interface SalesReportJson {
  readonly currency: string;
  readonly groupBy: SalesGrouping;
  readonly from: string | null;
  readonly to: string | null;
  readonly totals: readonly SalesTotalJson[];
  readonly total: Omit<SalesTotalJson, 'key'>;
}

/** A ledger entry on the wire. */
export interface SalesEntryJson {
  readonly id: string;
  readonly transactionId: string;
  readonly kind: 'sale' | 'reversal';
  readonly amount: Money;
  readonly counter: string;
  readonly staff: string | null;
  readonly method: string;
  readonly processingNumber: string;
  readonly businessDay: string;
  readonly occurredAt: string;
}

async function keyName(storeId: string, groupBy: SalesGrouping, key: string, names: NameDirectory): Promise<string> {
  if (groupBy === 'counter') return names.counterName(storeId, key);
  if (groupBy === 'staff') return key === '' ? '' : names.staffUsername(storeId, key);
  return key;
}

/** Totals with counters and staff by name, amounts as money. */
export async function presentSalesReport(
  storeId: string,
  report: { readonly currency: string; readonly totals: readonly SalesTotal[] },
  query: { readonly groupBy: SalesGrouping; readonly from?: string | undefined; readonly to?: string | undefined },
  names: NameDirectory,
): Promise<SalesReportJson> {
  const cash = (value: number): Money => ({ value, currency: report.currency as Money['currency'] });
  const totals = await Promise.all(
    report.totals.map(async (t) => ({
      key: await keyName(storeId, query.groupBy, t.key, names),
      sales: cash(t.sales),
      reversals: cash(t.reversals),
      net: cash(t.net),
      count: t.count,
      reversalCount: t.reversalCount,
    })),
  );
  const sum = (pick: (t: SalesTotal) => number) => report.totals.reduce((acc, t) => acc + pick(t), 0);
  return {
    currency: report.currency,
    groupBy: query.groupBy,
    from: query.from ?? null,
    to: query.to ?? null,
    totals,
    total: {
      sales: cash(sum((t) => t.sales)),
      reversals: cash(sum((t) => t.reversals)),
      net: cash(sum((t) => t.net)),
      count: sum((t) => t.count),
      reversalCount: sum((t) => t.reversalCount),
    },
  };
}

/** A ledger entry with its counter and staff member by name. */
export async function presentSalesEntry(entry: SalesLedgerEntry, names: NameDirectory): Promise<SalesEntryJson> {
  return {
    id: entry.id,
    transactionId: entry.transactionId,
    kind: entry.kind,
    amount: entry.amount,
    counter: await names.counterName(entry.storeId, entry.counterId),
    staff: entry.staffId === null ? null : await names.staffUsername(entry.storeId, entry.staffId),
    method: entry.method,
    processingNumber: entry.processingNumber,
    businessDay: entry.businessDay,
    occurredAt: entry.occurredAt.toISOString(),
  };
}
