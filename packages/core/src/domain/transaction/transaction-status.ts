/**
 * The payment lifecycle as one transition table. Each edge names the only actor allowed to take it:
 * - `clerk`: staff at the clerk terminal (or a store API client);
 * - `customer`: the phone holding the customer token;
 * - `network`: the card network's answer to an operation;
 * - `system`: counterpay itself (expiry worker, recovery worker, auto-capture).
 *
 * A `…ing` state is saved before the network is called, and left only by the network's answer or
 * by recovery (`system`) when the network says it never applied the operation.
 */
export const TRANSACTION_TRANSITIONS = {
  awaiting_amount: [
    { to: 'awaiting_method', by: 'customer' },
    { to: 'cancelled', by: 'clerk' },
    { to: 'expired', by: 'system' },
  ],
  awaiting_method: [
    { to: 'method_registered', by: 'customer' },
    { to: 'cancelled', by: 'clerk' },
    { to: 'expired', by: 'system' },
  ],
  method_registered: [
    { to: 'authorizing', by: 'clerk' },
    { to: 'authorizing', by: 'system' },
    { to: 'cancelled', by: 'clerk' },
    { to: 'expired', by: 'system' },
  ],
  authorizing: [
    { to: 'authorized', by: 'network' },
    { to: 'declined', by: 'network' },
    { to: 'method_registered', by: 'system' },
  ],
  declined: [
    { to: 'method_registered', by: 'customer' },
    { to: 'cancelled', by: 'clerk' },
    { to: 'expired', by: 'system' },
  ],
  authorized: [
    { to: 'capturing', by: 'clerk' },
    { to: 'capturing', by: 'system' },
    { to: 'voiding', by: 'clerk' },
  ],
  capturing: [
    { to: 'captured', by: 'network' },
    { to: 'authorized', by: 'system' },
  ],
  voiding: [
    { to: 'voided', by: 'network' },
    { to: 'authorized', by: 'system' },
  ],
  captured: [{ to: 'cancel_requested', by: 'clerk' }],
  cancel_requested: [
    { to: 'cancel_confirmed', by: 'customer' },
    { to: 'captured', by: 'clerk' },
    { to: 'captured', by: 'system' },
  ],
  cancel_confirmed: [{ to: 'refunding', by: 'clerk' }],
  refunding: [
    { to: 'refunded', by: 'network' },
    { to: 'cancel_confirmed', by: 'system' },
  ],
  voided: [],
  cancelled: [],
  expired: [],
  refunded: [],
} as const satisfies Record<string, readonly { readonly to: string; readonly by: ActorKind }[]>;

/** Who moves a transaction. */
export type ActorKind = 'clerk' | 'customer' | 'network' | 'system';

/** A state of the payment lifecycle. */
export type TransactionStatus = keyof typeof TRANSACTION_TRANSITIONS;

/** Every state, in lifecycle order. */
export const TRANSACTION_STATUSES = Object.keys(TRANSACTION_TRANSITIONS) as TransactionStatus[];

/** The state a transaction is created in: F3 waits for the customer's amount, the others for a method. */
export const INITIAL_STATUSES: readonly TransactionStatus[] = ['awaiting_amount', 'awaiting_method'];

/** States with no way out. */
export const TERMINAL_STATUSES: readonly TransactionStatus[] = TRANSACTION_STATUSES.filter((s) => TRANSACTION_TRANSITIONS[s].length === 0);

/** States in which a network operation may have been sent and its outcome is not yet recorded. */
export const IN_FLIGHT_STATUSES = ['authorizing', 'capturing', 'voiding', 'refunding'] as const satisfies readonly TransactionStatus[];

/**
 * States in which the transaction occupies its counter: the customer's phone or the clerk still
 * has something to do there. A counter presents at most one transaction in these states.
 */
export const LIVE_STATUSES = [
  'awaiting_amount',
  'awaiting_method',
  'method_registered',
  'authorizing',
  'declined',
  'authorized',
  'capturing',
  'voiding',
  'cancel_requested',
  'cancel_confirmed',
  'refunding',
] as const satisfies readonly TransactionStatus[];

/** States the expiry worker ends when the customer timeout has passed. */
export const EXPIRABLE_STATUSES = [
  'awaiting_amount',
  'awaiting_method',
  'method_registered',
  'declined',
  'cancel_requested',
] as const satisfies readonly TransactionStatus[];

/** True when the table has the edge `from → to` for `actor`. */
export function isAllowedTransition(from: TransactionStatus, to: TransactionStatus, actor: ActorKind): boolean {
  return TRANSACTION_TRANSITIONS[from].some((edge) => edge.to === to && edge.by === actor);
}

/** True when the table has the edge `from → to` for any actor. */
export function isKnownTransition(from: TransactionStatus, to: TransactionStatus): boolean {
  return TRANSACTION_TRANSITIONS[from].some((edge) => edge.to === to);
}

/** True when the status occupies the counter. */
export function isLive(status: TransactionStatus): boolean {
  return (LIVE_STATUSES as readonly TransactionStatus[]).includes(status);
}

/** True when the status waits for a network outcome. */
export function isInFlight(status: TransactionStatus): boolean {
  return (IN_FLIGHT_STATUSES as readonly TransactionStatus[]).includes(status);
}
