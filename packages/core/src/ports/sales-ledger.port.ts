import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { SalesGrouping, SalesLedgerEntry, SalesTotal } from '../domain/ledger/sales-ledger';

/** A range of business days (`YYYY-MM-DD`, inclusive). */
export interface BusinessDayRange {
  readonly from?: string;
  readonly to?: string;
}

/** The sales ledger: one sale per capture, one reversal per refund. */
export interface SalesLedger {
  /** Appends an entry; a second entry of the same kind for the same transaction is refused (`transaction.invalid_state`). */
  append(entry: SalesLedgerEntry): ResultAsync<void, DomainError>;
  /** Entries in a range, oldest first. */
  entries(storeId: string, range: BusinessDayRange): Promise<SalesLedgerEntry[]>;
  /** Totals per day, counter, staff member or method, sorted by key. */
  totals(storeId: string, range: BusinessDayRange, groupBy: SalesGrouping): Promise<SalesTotal[]>;
}
