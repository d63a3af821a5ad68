import { errAsync, ok, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import type { Money } from '../domain/money/money';
import { releaseEntry } from '../domain/schedule/schedule.aggregate';
import { ensureStoreTakesPayments } from '../domain/store/store.aggregate';
import type { Actor, Transaction, TransactionView } from '../domain/transaction/transaction.aggregate';
import type { TransactionStatus } from '../domain/transaction/transaction-status';
import type { RefundInquiryOutcome } from '../ports/settlement-gateway.port';
import {
  fromInfra,
  loadCounter,
  loadStoreWithCounter,
  loadStoreWithTransaction,
  loadTransaction,
  required,
  step,
  type CounterpayDeps,
  type StaffActor,
} from './context';
import { beginAndSettle } from './settlement';

const clerk = (actor: StaffActor): Actor => ({ kind: 'clerk', staffId: actor.staffId });

/** A transaction of the clerk's store. */
export function getTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return loadTransaction(deps.uow.repositories, actor.storeId, id).map((tx) => tx.view());
}

/** The store's transactions, newest first, optionally at one counter or in one status. */
export function listTransactions(
  deps: CounterpayDeps,
  actor: StaffActor,
  query: {
    readonly counterName?: string | undefined;
    readonly status?: TransactionStatus | undefined;
    readonly limit?: number | undefined;
  },
): ResultAsync<TransactionView[], DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const counterId = query.counterName === undefined ? undefined : (yield* loadCounter(repos, actor.storeId, query.counterName)).id;
    const rows = yield* fromInfra(
      repos.transactions.list(actor.storeId, {
        ...(counterId === undefined ? {} : { counterId }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      }),
    );
    return ok(rows.map((tx) => tx.view()));
  });
}

function command(
  deps: CounterpayDeps,
  actor: StaffActor,
  id: string,
  begin: (tx: Transaction, now: Date) => ReturnType<Transaction['beginCapture']>,
  options: { readonly requireActiveStore: boolean },
): ResultAsync<TransactionView, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const { store, transaction } = yield* loadStoreWithTransaction(repos, actor.storeId, id);
    if (options.requireActiveStore) yield* ensureStoreTakesPayments(store);
    const tx = yield* required(transaction, 'transaction.not_found', 'no such transaction');
    const settled = yield* beginAndSettle(deps, store, tx, begin, actor.staffId);
    return ok(settled.view());
  });
}

/** The clerk asks the network to authorize. A decline is an answer (status `declined`), not an error. */
export function authorizeTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return command(deps, actor, id, (tx, now) => tx.beginAuthorization(clerk(actor), now), { requireActiveStore: true });
}

/** The clerk captures an authorized transaction: settlement and sales registration. */
export function captureTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return command(deps, actor, id, (tx, now) => tx.beginCapture(clerk(actor), now), { requireActiveStore: false });
}

/** The clerk releases an authorization instead of capturing it. */
export function voidTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return command(deps, actor, id, (tx, now) => tx.beginVoid(clerk(actor), now), { requireActiveStore: false });
}

/** F2 refund after the customer confirmed; the network voids instead when the sale is not settled yet. */
export function refundTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return command(deps, actor, id, (tx, now) => tx.beginRefund(clerk(actor), now), { requireActiveStore: false });
}

/** Ends a transaction with no money taken: by the clerk (cancel) or because it expired. Frees its schedule entry. */
function endUnpaid(
  deps: CounterpayDeps,
  storeId: string,
  tx: Transaction,
  end: (tx: Transaction, now: Date) => ReturnType<Transaction['cancel']>,
): ResultAsync<Transaction, DomainError> {
  return step(end(tx, deps.clock.now())).andThen(() =>
    deps.uow.run((repos) =>
      repos.transactions.update(tx).andThen(() => {
        const entryId = tx.snapshot().scheduleEntryId;
        if (entryId === null || tx.status === 'captured') return ok(tx);
        return fromInfra(repos.schedules.findEntry(storeId, entryId)).andThen((entry) =>
          entry === null || entry.transactionId !== tx.id ? ok(tx) : repos.schedules.updateEntry(releaseEntry(entry)).map(() => tx),
        );
      }),
    ),
  );
}

/** The clerk cancels a transaction the customer has not paid yet. */
export function cancelTransaction(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return loadTransaction(deps.uow.repositories, actor.storeId, id)
    .andThen((tx) => endUnpaid(deps, actor.storeId, tx, (t, now) => t.cancel(clerk(actor), now)))
    .map((tx) => tx.view());
}

/** Expires one transaction whose customer timeout has passed. */
export function expireTransaction(deps: CounterpayDeps, tx: Transaction): ResultAsync<Transaction, DomainError> {
  return endUnpaid(deps, tx.storeId, tx, (t, now) => t.expire(now));
}

/**
 * F2: the clerk enters the processing number and the amount; the sale is presented at `counterName`
 * for the customer to confirm on the phone.
 */
export function requestCancellation(
  deps: CounterpayDeps,
  actor: StaffActor,
  input: { readonly processingNumber: string; readonly amount: Money; readonly counterName: string },
): ResultAsync<TransactionView, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const { store, counter: found } = yield* loadStoreWithCounter(repos, actor.storeId, input.counterName);
    const counter = yield* required(found, 'counter.not_found', `no counter ${input.counterName}`);
    const tx = yield* fromInfra(repos.transactions.findByProcessingNumber(store.id, input.processingNumber)).andThen((t) =>
      required(t, 'transaction.not_found', 'no sale with this processing number'),
    );
    const now = deps.clock.now();
    yield* step(
      tx.requestCancellation(
        {
          processingNumber: input.processingNumber,
          amount: input.amount,
          counterId: counter.id,
          staffId: actor.staffId,
          expiresAt: new Date(now.getTime() + store.customerTimeoutSeconds * 1000),
        },
        now,
      ),
    );
    yield* repos.transactions.update(tx);
    return ok(tx.view());
  });
}

/** The clerk withdraws a cancellation the customer has not confirmed; the sale stands. */
export function withdrawCancellation(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return loadTransaction(deps.uow.repositories, actor.storeId, id).andThen((tx) =>
    step(tx.withdrawCancellation(clerk(actor), deps.clock.now()))
      .andThen(() => deps.uow.repositories.transactions.update(tx))
      .map(() => tx.view()),
  );
}

/** The clerk lets a phone open the presented transaction again (the first phone lost its token). */
export function releaseClaim(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<TransactionView, DomainError> {
  return loadTransaction(deps.uow.repositories, actor.storeId, id).andThen((tx) =>
    step(tx.releaseClaim(clerk(actor), deps.clock.now()))
      .andThen(() => deps.uow.repositories.transactions.update(tx))
      .map(() => tx.view()),
  );
}

/** Refund (cancel/return) inquiry: may this sale be refunded now? */
export function refundInquiry(deps: CounterpayDeps, actor: StaffActor, id: string): ResultAsync<RefundInquiryOutcome, DomainError> {
  return loadTransaction(deps.uow.repositories, actor.storeId, id).andThen((tx) => {
    const capture = tx.snapshot().capture;
    if (capture === null || tx.status === 'refunded' || tx.status === 'refunding') {
      return errAsync(domainError('transaction.invalid_state', `a ${tx.status} transaction has no sale to refund`, { status: tx.status }));
    }
    return deps.gateway.refundInquiry({ merchant: actor.storeId, processingNumber: capture.processingNumber, amount: capture.amount });
  });
}
