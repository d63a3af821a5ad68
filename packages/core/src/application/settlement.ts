import { err, errAsync, ok, okAsync, type Result, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import type { SalesLedgerEntry } from '../domain/ledger/sales-ledger';
import { localDate } from '../domain/shared/local-time';
import { collectEntry, releaseEntry } from '../domain/schedule/schedule.aggregate';
import type { Store } from '../domain/store/store.aggregate';
import type { Transaction } from '../domain/transaction/transaction.aggregate';
import { isInFlight, type TransactionStatus } from '../domain/transaction/transaction-status';
import type { OperationRecord } from '../ports/settlement-gateway.port';
import type { Repositories } from '../ports/unit-of-work.port';
import { fromInfra, loadTransaction, step, type CounterpayDeps } from './context';

/** The network operation a `…ing` state waits for. */
export type NetworkOperation = OperationRecord['operation'];

const OPERATION_OF: Partial<Record<TransactionStatus, NetworkOperation>> = {
  authorizing: 'authorize',
  capturing: 'capture',
  voiding: 'void',
  refunding: 'refund',
};

/** The operation a transaction in flight waits for. */
export function operationInFlight(tx: Transaction): NetworkOperation | null {
  return OPERATION_OF[tx.status] ?? null;
}

/** Sends the operation the transaction waits for, with its fixed reference. */
export function callNetwork(deps: CounterpayDeps, store: Store, tx: Transaction): ResultAsync<OperationRecord, DomainError> {
  const s = tx.snapshot();
  const merchant = store.id;
  switch (operationInFlight(tx)) {
    case 'authorize': {
      const method = s.paymentMethod;
      if (method === null || !('token' in method) || s.amount === null) return errAsync(missing('a tokenized method and an amount'));
      return deps.gateway
        .authorize({ merchant, reference: tx.gatewayReference('authorize'), token: method.token, amount: s.amount })
        .map((outcome) => ({ operation: 'authorize', outcome }) as const);
    }
    case 'capture': {
      if (s.authorization === null) return errAsync(missing('an authorization'));
      return deps.gateway
        .capture({
          merchant,
          reference: tx.gatewayReference('capture'),
          authorizationCode: s.authorization.code,
          amount: s.authorization.amount,
        })
        .map((outcome) => ({ operation: 'capture', outcome }) as const);
    }
    case 'void': {
      if (s.authorization === null) return errAsync(missing('an authorization'));
      return deps.gateway
        .void({ merchant, reference: tx.gatewayReference('void'), authorizationCode: s.authorization.code })
        .map((outcome) => ({ operation: 'void', outcome }) as const);
    }
    case 'refund': {
      if (s.capture === null) return errAsync(missing('a capture'));
      return deps.gateway
        .refund({
          merchant,
          reference: tx.gatewayReference('refund'),
          processingNumber: s.capture.processingNumber,
          amount: s.capture.amount,
        })
        .map((outcome) => ({ operation: 'refund', outcome }) as const);
    }
    case null:
      return errAsync(domainError('transaction.invalid_state', `nothing in flight in ${tx.status}`));
  }
}

function missing(what: string): DomainError {
  return domainError('transaction.invalid_state', `the transaction lacks ${what}`);
}

/**
 * Applies the network's answer to the transaction in memory and saves it with its side effects
 * (sale or reversal in the ledger, schedule entry collected or released), atomically. Without a
 * schedule entry to change, that is one write (the transaction, its events and its ledger entry
 * together), so one statement and one commit on a database; with one, a unit of work.
 * A rejected capture, void or refund puts the transaction back where the operation started.
 */
function applyRecord(
  deps: CounterpayDeps,
  store: Store,
  tx: Transaction,
  record: OperationRecord,
  staffId: string | null,
): ResultAsync<Transaction, DomainError> {
  const now = deps.clock.now();
  const from = tx.status;
  const applied = (() => {
    switch (record.operation) {
      case 'authorize':
        if (record.outcome.outcome === 'declined') return tx.declineAuthorization(record.outcome.reason, now);
        return tx
          .completeAuthorization(record.outcome.authorizationCode, now)
          .andThen(() => (store.capturePolicy === 'auto' ? tx.beginCapture({ kind: 'system' }, now) : ok(undefined)));
      case 'capture':
        return record.outcome.outcome === 'captured'
          ? tx.completeCapture(record.outcome.processingNumber, staffId, now)
          : tx.abandonInFlight(now);
      case 'void':
        return record.outcome.outcome === 'voided' ? tx.completeVoid(now) : tx.abandonInFlight(now);
      case 'refund':
        return record.outcome.outcome === 'refunded' ? tx.completeRefund(record.outcome.kind, now) : tx.abandonInFlight(now);
    }
  })();
  if (applied.isErr()) return errAsync(applied.error);

  const effects = sideEffectsOf(from, tx);
  const save = (repos: Repositories): ResultAsync<void, DomainError> => {
    if (effects.ledger === null) return repos.transactions.update(tx);
    const entry = ledgerEntry(deps, store, tx, effects.ledger, now);
    return entry.isErr() ? errAsync(entry.error) : repos.transactions.updateWithLedgerEntry(tx, entry.value);
  };
  const scheduleEntryId = tx.snapshot().scheduleEntryId;
  const change = effects.scheduleEntry;
  const saved =
    change === null || scheduleEntryId === null
      ? save(deps.uow.repositories)
      : deps.uow.run((repos) => save(repos).andThen(() => changeScheduleEntry(repos, tx, scheduleEntryId, change)));
  return saved.andThen(() => {
    const rejected = 'outcome' in record && record.outcome.outcome === 'rejected' ? record.outcome.reason : null;
    return rejected === null
      ? okAsync(tx)
      : errAsync(domainError('settlement.rejected', `the network refused the ${record.operation}: ${rejected}`, { reason: rejected }));
  });
}

/** What an outcome changes besides the transaction: a ledger entry, the schedule entry it was opened from. */
function sideEffectsOf(
  from: TransactionStatus,
  tx: Transaction,
): { readonly ledger: 'sale' | 'reversal' | null; readonly scheduleEntry: 'collect' | 'release' | null } {
  if (from === 'capturing' && tx.status === 'captured') return { ledger: 'sale', scheduleEntry: 'collect' };
  if (from === 'refunding' && tx.status === 'refunded') return { ledger: 'reversal', scheduleEntry: null };
  if (from === 'voiding' && tx.status === 'voided') return { ledger: null, scheduleEntry: 'release' };
  return { ledger: null, scheduleEntry: null };
}

function ledgerEntry(
  deps: CounterpayDeps,
  store: Store,
  tx: Transaction,
  kind: 'sale' | 'reversal',
  now: Date,
): Result<SalesLedgerEntry, DomainError> {
  const s = tx.snapshot();
  const capture = s.capture;
  const method = s.paymentMethod;
  if (capture === null || method === null) return err(missing('a capture'));
  return ok({
    id: deps.ids.id(),
    storeId: s.storeId,
    transactionId: s.id,
    kind,
    amount: capture.amount,
    counterId: capture.counterId,
    staffId: s.openedBy,
    method: method.type,
    processingNumber: capture.processingNumber,
    businessDay: localDate(now, store.timezone),
    occurredAt: now,
  });
}

function changeScheduleEntry(
  repos: Repositories,
  tx: Transaction,
  entryId: string,
  change: 'collect' | 'release',
): ResultAsync<void, DomainError> {
  return fromInfra(repos.schedules.findEntry(tx.storeId, entryId)).andThen((entry) =>
    entry === null || entry.transactionId !== tx.id
      ? okAsync(undefined)
      : repos.schedules.updateEntry(change === 'collect' ? collectEntry(entry) : releaseEntry(entry)).map(() => undefined),
  );
}

/**
 * Records an answer; when another command or process recorded the outcome first (version
 * conflict), the stored transaction is the answer.
 */
export function recordOutcome(
  deps: CounterpayDeps,
  store: Store,
  tx: Transaction,
  record: OperationRecord,
  staffId: string | null,
): ResultAsync<Transaction, DomainError> {
  const inFlight = tx.status;
  return applyRecord(deps, store, tx, record, staffId).orElse((e) => {
    if (e.code !== 'transaction.version_conflict') return errAsync(e);
    return loadTransaction(deps.uow.repositories, store.id, tx.id).andThen((current) =>
      current.status === inFlight ? errAsync(e) : okAsync(current),
    );
  });
}

/**
 * Drives a transaction saved in a `…ing` state to its outcome: call, record, and go on while the
 * outcome starts another operation (auto-capture). A network failure leaves it in flight, to be
 * resolved by recovery, and is returned as `settlement.unavailable`.
 */
export function settle(
  deps: CounterpayDeps,
  store: Store,
  start: Transaction,
  staffId: string | null,
): ResultAsync<Transaction, DomainError> {
  return safeTry(async function* () {
    let tx = start;
    while (isInFlight(tx.status)) {
      const record = yield* callNetwork(deps, store, tx);
      tx = yield* recordOutcome(deps, store, tx, record, staffId);
    }
    return ok(tx);
  });
}

/**
 * Resolves a transaction found in a `…ing` state (after a crash or a timeout): asks the network what
 * it did with the same reference; records that outcome, or, when the network never saw the
 * reference, sends the operation again with that same reference (the network applies it once).
 */
export function recoverTransaction(deps: CounterpayDeps, store: Store, tx: Transaction): ResultAsync<Transaction, DomainError> {
  const operation = operationInFlight(tx);
  if (operation === null) return okAsync(tx);
  const reference = tx.gatewayReference(operation);
  const waitedFor = tx.status;
  return deps.gateway.inquire({ merchant: store.id, reference }).andThen((record) => {
    const staffId = tx.snapshot().openedBy;
    if (record === null) return settle(deps, store, tx, staffId);
    return recordOutcome(deps, store, tx, record, staffId).andThen((next) =>
      isInFlight(next.status) && next.status !== waitedFor ? settle(deps, store, next, staffId) : okAsync(next),
    );
  });
}

/** Saves an intent (a move into a `…ing` state) then settles it. */
export function beginAndSettle(
  deps: CounterpayDeps,
  store: Store,
  tx: Transaction,
  begin: (tx: Transaction, now: Date) => ReturnType<Transaction['beginCapture']>,
  staffId: string | null,
): ResultAsync<Transaction, DomainError> {
  return step(begin(tx, deps.clock.now()))
    .andThen(() => deps.uow.repositories.transactions.update(tx))
    .andThen(() => settle(deps, store, tx, staffId));
}
