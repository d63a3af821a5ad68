import type { DomainError } from '../domain/shared/domain-error';
import type { CounterpayDeps } from './context';
import { expireTransaction } from './clerk';
import { recoverTransaction } from './settlement';

/** What one pass of a worker did. */
export interface WorkerReport {
  readonly examined: number;
  readonly resolved: number;
  readonly failed: number;
  readonly errors: readonly DomainError[];
}

/**
 * Expiry worker: ends every transaction whose customer timeout has passed (unpaid → expired;
 * unconfirmed cancellation → the sale stands). Safe to run in several processes at once.
 */
export async function expireDue(deps: CounterpayDeps, batch = 200): Promise<WorkerReport> {
  const now = deps.clock.now();
  let examined = 0;
  let resolved = 0;
  const errors: DomainError[] = [];
  for (const store of await deps.uow.repositories.stores.list()) {
    for (const tx of await deps.uow.repositories.transactions.findExpired(store.id, now, batch)) {
      examined += 1;
      const result = await expireTransaction(deps, tx);
      if (result.isOk()) resolved += 1;
      else if (result.error.code !== 'transaction.version_conflict') errors.push(result.error);
    }
  }
  return { examined, resolved, failed: errors.length, errors };
}

/**
 * Recovery worker: every transaction left in a `…ing` state for longer than `graceMs` (a crash, a
 * timeout, a lost answer) is resolved by asking the network about the same reference. Safe to
 * run in several processes at once: the version check lets one record each outcome.
 */
export async function recoverInFlight(deps: CounterpayDeps, graceMs = 30_000, batch = 200): Promise<WorkerReport> {
  const before = new Date(deps.clock.now().getTime() - graceMs);
  let examined = 0;
  let resolved = 0;
  const errors: DomainError[] = [];
  for (const store of await deps.uow.repositories.stores.list()) {
    for (const tx of await deps.uow.repositories.transactions.findInFlight(store.id, before, batch)) {
      examined += 1;
      const result = await recoverTransaction(deps, store, tx);
      if (result.isOk()) resolved += 1;
      else if (result.error.code !== 'transaction.version_conflict') errors.push(result.error);
    }
  }
  return { examined, resolved, failed: errors.length, errors };
}
