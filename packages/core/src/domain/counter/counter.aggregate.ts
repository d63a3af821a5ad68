import { err, ok, type Result } from 'neverthrow';
import { domainError, type DomainError } from '../shared/domain-error';

/** A salesperson's counter, a sales floor, or a delivery route. */
export type CounterKind = 'salesperson' | 'floor' | 'route';

/**
 * A virtual counter of a store, opened by the customer's phone at `/c/{store}/{counter}`.
 * It presents at most one live transaction at a time (enforced by the transaction repository).
 */
export interface Counter {
  readonly id: string;
  readonly storeId: string;
  readonly name: string;
  readonly kind: CounterKind;
  readonly label: string;
  readonly isOpen: boolean;
  readonly createdAt: Date;
}

const COUNTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Validates a new counter. */
export function createCounter(
  input: { storeId: string; name: string; kind: string; label?: string },
  id: string,
  now: Date,
): Result<Counter, DomainError> {
  if (!COUNTER_NAME.test(input.name)) {
    return err(domainError('validation.failed', 'counter name is 1-32 letters, digits, dashes or underscores', { field: 'name' }));
  }
  if (input.kind !== 'salesperson' && input.kind !== 'floor' && input.kind !== 'route') {
    return err(domainError('validation.failed', 'counter kind is salesperson, floor or route', { field: 'kind' }));
  }
  const label = (input.label ?? input.name).trim();
  if (label.length > 200) return err(domainError('validation.failed', 'label is at most 200 characters', { field: 'label' }));
  return ok({ id, storeId: input.storeId, name: input.name, kind: input.kind, label: label || input.name, isOpen: true, createdAt: now });
}

/** A closed counter takes no new transactions. */
export function ensureCounterOpen(counter: Counter): Result<Counter, DomainError> {
  return counter.isOpen ? ok(counter) : err(domainError('counter.closed', `counter ${counter.name} is closed`));
}
