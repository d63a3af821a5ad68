import { err, errAsync, ok, type Result, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import { parseBarcode } from '../domain/barcode/barcode';
import { ensureCounterOpen, type Counter } from '../domain/counter/counter.aggregate';
import { addMoney, multiplyMoney, zero, type Money } from '../domain/money/money';
import { presentEntry } from '../domain/schedule/schedule.aggregate';
import { ensureStoreTakesPayments, type Store } from '../domain/store/store.aggregate';
import { Transaction, type LineItem, type TransactionSource, type TransactionView } from '../domain/transaction/transaction.aggregate';
import { transactionReference } from '../domain/transaction/transaction-reference';
import type { Repositories } from '../ports/unit-of-work.port';
import { fromInfra, loadStoreWithCounter, required, type CounterpayDeps, type StaffActor } from './context';

/** Largest number of lines and units in one barcode sale. */
export const MAX_SCANNED_LINES = 200;
export const MAX_QUANTITY = 9999;

/** What the clerk registers at the counter: F1 amount, F5 scanned items, F4 schedule entry, F3 customer amount. */
export type OpenRequest =
  | { readonly kind: 'amount'; readonly amount: Money }
  | { readonly kind: 'items'; readonly items: readonly { readonly barcode: string; readonly quantity: number }[] }
  | { readonly kind: 'schedule'; readonly scheduleEntryId: string }
  | { readonly kind: 'customer_amount' };

/**
 * Opens a transaction at a counter, where the customer's phone will find it. The counter must not
 * already present a live transaction (`counter.busy`).
 */
export function openTransaction(
  deps: CounterpayDeps,
  actor: StaffActor,
  counterName: string,
  request: OpenRequest,
): ResultAsync<TransactionView, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const found = yield* loadStoreWithCounter(repos, actor.storeId, counterName);
    const store = yield* ensureStoreTakesPayments(found.store);
    const counter = yield* required(found.counter, 'counter.not_found', `no counter ${counterName}`).andThen((c) => ensureCounterOpen(c));
    const now = deps.clock.now();
    if (request.kind === 'schedule') {
      return deps.uow.run((tx) =>
        safeTry(async function* () {
          const entry = yield* fromInfra(tx.schedules.findEntry(store.id, request.scheduleEntryId)).andThen((e) =>
            required(e, 'schedule.entry_not_found', 'no such schedule entry'),
          );
          const build = opener(deps, store, counter, actor, 'schedule', entry.amount, entry.items, entry.id, now);
          const opened = yield* insertWithFreshReference(deps, tx, store, build, now);
          yield* tx.schedules.updateEntry(yield* presentEntry(entry, opened.id));
          return ok(opened.view());
        }),
      );
    }
    let source: TransactionSource = 'clerk';
    let amount: Money | null = null;
    let items: LineItem[] = [];
    if (request.kind === 'amount') amount = request.amount;
    if (request.kind === 'customer_amount') source = 'customer';
    if (request.kind === 'items') {
      source = 'scan';
      items = yield* priceItems(deps, store, request.items, now);
      amount = items.reduce<Money>((sum, line) => addMoney(sum, line.amount).unwrapOr(sum), zero(store.currency));
    }
    const build = opener(deps, store, counter, actor, source, amount, items, null, now);
    const opened = yield* insertWithFreshReference(deps, repos, store, build, now);
    return ok(opened.view());
  });
}

function opener(
  deps: CounterpayDeps,
  store: Store,
  counter: Counter,
  actor: StaffActor,
  source: TransactionSource,
  amount: Money | null,
  items: readonly LineItem[],
  scheduleEntryId: string | null,
  now: Date,
): (reference: string) => Result<Transaction, DomainError> {
  const id = deps.ids.id();
  return (reference) =>
    Transaction.open({
      id,
      storeId: store.id,
      counterId: counter.id,
      reference,
      source,
      currency: store.currency,
      amount,
      items,
      scheduleEntryId,
      openedBy: actor.staffId,
      expiresAt: new Date(now.getTime() + store.customerTimeoutSeconds * 1000),
      now,
    });
}

/** Inserts; on the (rare) reference collision, opens again under a new reference suffix. */
function insertWithFreshReference(
  deps: CounterpayDeps,
  repos: Repositories,
  store: Store,
  build: (reference: string) => Result<Transaction, DomainError>,
  now: Date,
  attempt = 0,
): ResultAsync<Transaction, DomainError> {
  const built = build(transactionReference(now, store.timezone, deps.ids.referenceSuffix()));
  if (built.isErr()) return errAsync(built.error);
  const tx = built.value;
  return repos.transactions
    .insert(tx)
    .map(() => tx)
    .orElse((e) =>
      e.code === 'transaction.reference_taken' && attempt < 3
        ? insertWithFreshReference(deps, repos, store, build, now, attempt + 1)
        : errAsync(e),
    );
}

/** F5: barcode → product + price; lines merged by barcode; every barcode must verify and be priced. */
function priceItems(
  deps: CounterpayDeps,
  store: Store,
  scanned: readonly { readonly barcode: string; readonly quantity: number }[],
  now: Date,
): ResultAsync<LineItem[], DomainError> {
  return safeTry(async function* () {
    if (scanned.length === 0 || scanned.length > MAX_SCANNED_LINES) {
      return err(domainError('validation.failed', `a sale has 1-${MAX_SCANNED_LINES} lines`, { field: 'items' }));
    }
    const quantities = new Map<string, number>();
    for (const line of scanned) {
      const barcode = yield* parseBarcode(line.barcode);
      if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
        return err(domainError('validation.failed', `quantity is 1-${MAX_QUANTITY}`, { field: 'quantity' }));
      }
      quantities.set(barcode.value, (quantities.get(barcode.value) ?? 0) + line.quantity);
    }
    const items: LineItem[] = [];
    for (const [barcode, quantity] of quantities) {
      const priced = yield* fromInfra(deps.posLookup.lookup(store.id, barcode, now));
      if (priced === null) return err(domainError('product.not_found', `no priced product with barcode ${barcode}`, { barcode }));
      if (priced.price.currency !== store.currency) return err(domainError('money.currency_mismatch', 'price is in another currency'));
      const amount = yield* multiplyMoney(priced.price, quantity);
      items.push({ barcode, sku: priced.product.sku, name: priced.product.name, unitPrice: priced.price, quantity, amount });
    }
    const total = items.reduce((sum, line) => sum + line.amount.value, 0);
    if (total <= 0) return err(domainError('money.invalid_amount', 'a sale must be for more than zero'));
    return ok(items);
  });
}
