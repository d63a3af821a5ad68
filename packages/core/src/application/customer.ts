import { err, errAsync, ok, okAsync, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import type { Counter } from '../domain/counter/counter.aggregate';
import type { Money } from '../domain/money/money';
import type { CardInput } from '../domain/payment-method/payment-method';
import type { Store } from '../domain/store/store.aggregate';
import type { Transaction, TransactionView } from '../domain/transaction/transaction.aggregate';
import { fromInfra, required, step, type CounterpayDeps } from './context';

/** What the customer's phone sees when it opens a counter. */
export interface CounterVisit {
  readonly store: Store;
  readonly counter: Counter;
  readonly transaction: TransactionView;
  /** The bearer token of the phone; given once, to the first phone only (null on a revisit). */
  readonly customerToken: string | null;
}

/**
 * A customer token is `<storeId>.<secret>`: the store part scopes every lookup to one tenant, the
 * secret (≥128 bits) proves the claim. Only its hash is stored.
 */
function storeOfToken(token: string): string | null {
  const dot = token.indexOf('.');
  return dot > 0 && dot < token.length - 1 && token.length <= 200 ? token.slice(0, dot) : null;
}

/**
 * The customer's phone opens `/c/{store}/{counter}`: the first phone claims the presented
 * transaction and gets a token; a phone that already holds the token sees it again; any other
 * phone gets `transaction.claimed`.
 */
export function openCounter(
  deps: CounterpayDeps,
  input: { readonly storeCode: string; readonly counterName: string; readonly customerToken?: string | undefined },
): ResultAsync<CounterVisit, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const found = yield* fromInfra(repos.transactions.findPresented(input.storeCode, input.counterName)).andThen((p) =>
      required(p, 'store.not_found', 'no such store'),
    );
    const store = found.store;
    const counter = yield* required(found.counter, 'counter.not_found', `no counter ${input.counterName}`);
    const tx = yield* required(found.transaction, 'counter.nothing_presented', 'nothing is presented at this counter');
    if (input.customerToken !== undefined && tx.isClaimedBy(deps.hasher.hash(input.customerToken))) {
      return ok({ store, counter, transaction: tx.view(), customerToken: null });
    }
    const token = `${store.id}.${deps.ids.secret()}`;
    yield* step(tx.claim(deps.hasher.hash(token), deps.clock.now()));
    yield* repos.transactions
      .update(tx)
      .mapErr((e) =>
        e.code === 'transaction.version_conflict'
          ? domainError('transaction.claimed', 'another phone has already opened this transaction')
          : e,
      );
    return ok({ store, counter, transaction: tx.view(), customerToken: token });
  });
}

/** The transaction behind a customer token; another transaction's token is `transaction.not_found`. */
export function loadForCustomer(
  deps: CounterpayDeps,
  token: string,
  transactionId: string,
): ResultAsync<{ store: Store; tx: Transaction }, DomainError> {
  const notFound = domainError('transaction.not_found', 'no such transaction');
  const storeId = storeOfToken(token);
  if (storeId === null) return errAsync(notFound);
  return fromInfra(deps.uow.repositories.transactions.findWithStore(storeId, transactionId)).andThen((found) => {
    const tx = found?.transaction ?? null;
    if (found === null || tx === null || !tx.isClaimedBy(deps.hasher.hash(token))) return errAsync(notFound);
    return okAsync({ store: found.store, tx });
  });
}

/** The customer's view of their transaction. */
export function customerTransaction(deps: CounterpayDeps, token: string, transactionId: string): ResultAsync<TransactionView, DomainError> {
  return loadForCustomer(deps, token, transactionId).map(({ tx }) => tx.view());
}

/** F3: the customer enters the amount. */
export function registerAmount(
  deps: CounterpayDeps,
  token: string,
  transactionId: string,
  amount: Money,
): ResultAsync<TransactionView, DomainError> {
  return loadForCustomer(deps, token, transactionId).andThen(({ tx }) =>
    step(tx.registerAmount(amount, deps.clock.now()))
      .andThen(() => deps.uow.repositories.transactions.update(tx))
      .map(() => tx.view()),
  );
}

/** The payment method the customer submits: a card typed on the phone (card, debit or prepaid). */
export interface MethodSubmission {
  readonly type: string;
  readonly card?: CardInput;
}

/**
 * The customer registers a card: it is tokenized by the network (the number and CVC go no
 * further), and only the masked method is saved for the clerk to see. A card the network rejects
 * counts toward the limit of failed attempts, after which `card.too_many_attempts`.
 */
export function registerPaymentMethod(
  deps: CounterpayDeps,
  token: string,
  transactionId: string,
  submission: MethodSubmission,
): ResultAsync<TransactionView, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const { store, tx } = yield* loadForCustomer(deps, token, transactionId);
    const type = submission.type;
    if (type !== 'card' && type !== 'debit' && type !== 'prepaid') {
      return err(domainError('payment_method.unsupported', `${type} cannot be registered from the phone yet`));
    }
    if (!store.enabledMethods.includes(type)) {
      return err(domainError('store.method_not_enabled', `the store does not take ${type}`));
    }
    if (submission.card === undefined) return err(domainError('validation.failed', 'card is required', { field: 'card' }));
    yield* step(tx.ensureAcceptsMethod());
    const outcome = yield* deps.gateway.tokenize({ merchant: store.id, card: submission.card });
    const now = deps.clock.now();
    if (outcome.outcome === 'rejected') {
      yield* step(tx.recordRejectedCard(outcome.reason, now));
      yield* repos.transactions.update(tx);
      return err(domainError('card.rejected', `the card was refused: ${outcome.reason}`, { reason: outcome.reason }));
    }
    yield* step(tx.registerPaymentMethod({ ...outcome.method, type }, now));
    yield* repos.transactions.update(tx);
    return ok(tx.view());
  });
}

/** F2: the customer confirms the cancellation on the phone. */
export function confirmCancellation(deps: CounterpayDeps, token: string, transactionId: string): ResultAsync<TransactionView, DomainError> {
  return loadForCustomer(deps, token, transactionId).andThen(({ tx }) =>
    step(tx.confirmCancellation(deps.clock.now()))
      .andThen(() => deps.uow.repositories.transactions.update(tx))
      .map(() => tx.view()),
  );
}
