import type { MockCardNetwork } from '@counterpay/adapters-payment';
import { IN_FLIGHT_STATUSES, type Repositories, type TransactionView } from '@counterpay/core';

/** What the database and the network agree (or not) on, per store. */
export interface Agreement {
  readonly transactions: number;
  readonly inFlight: number;
  /** Captures the network applied more than once for one transaction. */
  readonly capturedTwice: number;
  /** Captures the network applied that the database does not show as a sale. */
  readonly chargedButUnrecorded: number;
  /** Sales the database shows that the network never captured. */
  readonly recordedButNotCharged: number;
  /** Refunds on one side only. */
  readonly refundMismatches: number;
  /** Network captured − refunded, and the sales ledger's net, in minor units. */
  readonly networkNet: number;
  readonly ledgerNet: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

const SOLD = new Set(['captured', 'cancel_requested', 'cancel_confirmed', 'refunding', 'refunded']);

/** Compares every transaction of a store with the network's ledger. */
export async function checkAgreement(
  repos: Repositories,
  network: MockCardNetwork,
  storeId: string,
  transactions: readonly TransactionView[],
): Promise<Agreement> {
  const captures = new Map<string, number>();
  const refunds = new Map<string, number>();
  for (const entry of network.ledger(storeId)) {
    const txId = entry.reference.split(':')[0] ?? '';
    if (entry.operation === 'capture' && entry.outcome.outcome === 'captured') captures.set(txId, (captures.get(txId) ?? 0) + 1);
    if (entry.operation === 'refund' && entry.outcome.outcome === 'refunded') refunds.set(txId, (refunds.get(txId) ?? 0) + 1);
  }
  const byStatus: Record<string, number> = {};
  let inFlight = 0;
  let capturedTwice = 0;
  let chargedButUnrecorded = 0;
  let recordedButNotCharged = 0;
  let refundMismatches = 0;
  for (const view of transactions) {
    byStatus[view.status] = (byStatus[view.status] ?? 0) + 1;
    if ((IN_FLIGHT_STATUSES as readonly string[]).includes(view.status)) inFlight += 1;
    const n = captures.get(view.id) ?? 0;
    if (n > 1) capturedTwice += 1;
    if (n > 0 && !SOLD.has(view.status)) chargedButUnrecorded += 1;
    if (n === 0 && SOLD.has(view.status)) recordedButNotCharged += 1;
    if ((refunds.get(view.id) ?? 0) !== (view.status === 'refunded' ? 1 : 0)) refundMismatches += 1;
  }
  const totals = network.totals(storeId);
  const ledger = await repos.ledger.totals(storeId, {}, 'method');
  return {
    transactions: transactions.length,
    inFlight,
    capturedTwice,
    chargedButUnrecorded,
    recordedButNotCharged,
    refundMismatches,
    networkNet: totals.captured - totals.refunded,
    ledgerNet: ledger.reduce((sum, t) => sum + t.net, 0),
    byStatus,
  };
}
