import { err, errAsync, ok, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import type { SalesGrouping, SalesLedgerEntry, SalesTotal } from '../domain/ledger/sales-ledger';
import { fromInfra, loadStore, type CounterpayDeps } from './context';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkRange(range: { from?: string | undefined; to?: string | undefined }): DomainError | null {
  for (const [field, value] of [
    ['from', range.from],
    ['to', range.to],
  ] as const) {
    if (value !== undefined && !DAY.test(value)) return domainError('validation.failed', `${field} is a date YYYY-MM-DD`, { field });
  }
  return null;
}

/** Sales totals of a store per day, counter, staff member or method (business days in the store's zone). */
export function salesTotals(
  deps: CounterpayDeps,
  storeId: string,
  query: { readonly from?: string | undefined; readonly to?: string | undefined; readonly groupBy: SalesGrouping },
): ResultAsync<{ currency: string; totals: SalesTotal[] }, DomainError> {
  return safeTry(async function* () {
    const store = yield* loadStore(deps.uow.repositories, storeId);
    const invalid = checkRange(query);
    if (invalid !== null) return err(invalid);
    const range = { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) };
    const totals = yield* fromInfra(deps.uow.repositories.ledger.totals(store.id, range, query.groupBy));
    return ok({ currency: store.currency, totals });
  });
}

/** Ledger entries of a store in a range of business days. */
export function salesEntries(
  deps: CounterpayDeps,
  storeId: string,
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
): ResultAsync<SalesLedgerEntry[], DomainError> {
  const invalid = checkRange(query);
  if (invalid !== null) return errAsync(invalid);
  const range = { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) };
  return fromInfra(deps.uow.repositories.ledger.entries(storeId, range));
}
