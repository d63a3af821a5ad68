/** A transaction as the database holds it at the end of a run. */
export interface DbTransaction {
  readonly id: string;
  readonly storeId: string;
  readonly status: string;
  readonly processingNumber: string | null;
  readonly capturedMinor: number | null;
  readonly refundedMinor: number | null;
}

/** A row of the database sales ledger. */
export interface DbLedgerEntry {
  readonly storeId: string;
  readonly transactionId: string;
  readonly kind: 'sale' | 'reversal';
  readonly amountMinor: number;
  readonly processingNumber: string;
}

/** A reference the network applied (its `/v1/ledger`, as `MockCardNetworkControl.ledger()` answers it). */
export interface NetworkEntry {
  readonly merchant: string;
  readonly reference: string;
  readonly operation: 'authorize' | 'capture' | 'void' | 'refund';
  readonly amount: { readonly value: number } | null;
  readonly outcome: { readonly outcome: string; readonly processingNumber?: string };
}

/** The network's totals of one merchant (store). */
export interface NetworkTotalsOf {
  readonly captured: number;
  readonly refunded: number;
}

/** A lifecycle whose final answer the driver saw: the status that answer carried. */
export interface Acknowledged {
  readonly transactionId: string;
  readonly storeId: string;
  readonly status: 'captured' | 'refunded' | 'voided';
  readonly processingNumber: string | null;
}

/** Everything the checks compare. */
export interface EndState {
  readonly transactions: readonly DbTransaction[];
  readonly ledger: readonly DbLedgerEntry[];
  readonly network: readonly NetworkEntry[];
  readonly networkTotals: ReadonlyMap<string, NetworkTotalsOf>;
  readonly acknowledged: readonly Acknowledged[];
}

/** Per store: what the database ledger and the network say moved, in minor units. */
export interface StoreFigures {
  readonly storeId: string;
  readonly dbSales: number;
  readonly dbReversals: number;
  readonly networkCaptured: number;
  readonly networkRefunded: number;
}

/** Result of {@link checkInvariants}: the violations (empty when all hold) and the figures. */
export interface InvariantReport {
  readonly violations: readonly string[];
  readonly capturedTwice: number;
  readonly chargedButUnrecorded: number;
  readonly recordedButNotCharged: number;
  readonly leftInFlight: number;
  readonly acknowledgedDisagreeing: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly stores: readonly StoreFigures[];
}

const IN_FLIGHT = new Set(['authorizing', 'capturing', 'voiding', 'refunding']);
const SOLD = new Set(['captured', 'cancel_requested', 'cancel_confirmed', 'refunding', 'refunded']);

function transactionIdOf(reference: string): string {
  return reference.split(':')[0] ?? reference;
}

function succeeded(entry: NetworkEntry): boolean {
  return ['authorized', 'captured', 'voided', 'refunded'].includes(entry.outcome.outcome);
}

/**
 * The end-of-run invariants of the crash test, database against network:
 * no transaction left in a `…ing` state; no transaction captured twice on the network; every
 * network capture recorded as a sale in the database (with the same processing number) and every
 * sale backed by a network capture; refunds and voids agree both ways; per store, the database
 * ledger's sales and reversals equal the network's captured and refunded totals to the minor
 * unit; every acknowledged lifecycle is in the status its final answer carried.
 */
export function checkInvariants(state: EndState): InvariantReport {
  const violations: string[] = [];
  const byId = new Map(state.transactions.map((t) => [t.id, t]));
  const byStatus: Record<string, number> = {};
  for (const t of state.transactions) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;

  const leftInFlight = state.transactions.filter((t) => IN_FLIGHT.has(t.status));
  for (const t of leftInFlight) violations.push(`transaction ${t.id} left ${t.status}`);

  const applied = new Map<string, Map<NetworkEntry['operation'], NetworkEntry[]>>();
  for (const entry of state.network) {
    if (!succeeded(entry)) continue;
    const id = transactionIdOf(entry.reference);
    const ops = applied.get(id) ?? new Map<NetworkEntry['operation'], NetworkEntry[]>();
    ops.set(entry.operation, [...(ops.get(entry.operation) ?? []), entry]);
    applied.set(id, ops);
  }
  const sales = new Map<string, DbLedgerEntry[]>();
  const reversals = new Map<string, DbLedgerEntry[]>();
  for (const row of state.ledger) {
    const into = row.kind === 'sale' ? sales : reversals;
    into.set(row.transactionId, [...(into.get(row.transactionId) ?? []), row]);
  }

  let capturedTwice = 0;
  let chargedButUnrecorded = 0;
  let recordedButNotCharged = 0;
  for (const [id, ops] of applied) {
    const captures = ops.get('capture') ?? [];
    const tx = byId.get(id);
    if (captures.length > 1) {
      capturedTwice += 1;
      violations.push(`transaction ${id} captured ${captures.length} times on the network`);
    }
    if ((ops.get('void') ?? []).length > 0 && captures.length > 0)
      violations.push(`transaction ${id} both voided and captured on the network`);
    for (const capture of captures) {
      const sale = sales.get(id)?.[0];
      const recorded =
        tx !== undefined &&
        SOLD.has(tx.status) &&
        tx.processingNumber === capture.outcome.processingNumber &&
        sale !== undefined &&
        sale.processingNumber === capture.outcome.processingNumber &&
        sale.amountMinor === capture.amount?.value;
      if (!recorded) {
        chargedButUnrecorded += 1;
        violations.push(
          `network capture ${capture.reference} (${capture.outcome.processingNumber}) has no matching sale: transaction ${tx?.status ?? 'missing'}, sale ${sale === undefined ? 'missing' : sale.processingNumber}`,
        );
      }
    }
    const refunded = (ops.get('refund') ?? []).length > 0;
    if (refunded && tx?.status !== 'refunded') violations.push(`network refunded ${id}, the database has it ${tx?.status ?? 'missing'}`);
    if (refunded && (reversals.get(id) ?? []).length !== 1) violations.push(`network refunded ${id}, the ledger has no reversal`);
    if ((ops.get('void') ?? []).length > 0 && tx?.status !== 'voided')
      violations.push(`network voided ${id}, the database has it ${tx?.status ?? 'missing'}`);
  }
  for (const t of state.transactions) {
    const ops = applied.get(t.id);
    const captured = (ops?.get('capture') ?? []).length > 0;
    if ((SOLD.has(t.status) || (sales.get(t.id) ?? []).length > 0) && !captured) {
      recordedButNotCharged += 1;
      violations.push(`transaction ${t.id} is ${t.status} (sale ${(sales.get(t.id) ?? []).length}) with no capture on the network`);
    }
    if (t.status === 'refunded' && (ops?.get('refund') ?? []).length === 0)
      violations.push(`transaction ${t.id} refunded with no refund on the network`);
    if (t.status === 'voided' && (ops?.get('void') ?? []).length === 0)
      violations.push(`transaction ${t.id} voided with no void on the network`);
  }

  let acknowledgedDisagreeing = 0;
  for (const ack of state.acknowledged) {
    const tx = byId.get(ack.transactionId);
    const ops = applied.get(ack.transactionId);
    const networkAgrees =
      ack.status === 'voided'
        ? (ops?.get('void') ?? []).length === 1 && (ops?.get('capture') ?? []).length === 0
        : (ops?.get('capture') ?? []).length === 1 &&
          ops?.get('capture')?.[0]?.outcome.processingNumber === ack.processingNumber &&
          (ack.status === 'refunded') === (ops?.get('refund') ?? []).length > 0;
    if (tx?.status !== ack.status || !networkAgrees || (ack.processingNumber !== null && tx.processingNumber !== ack.processingNumber)) {
      acknowledgedDisagreeing += 1;
      violations.push(
        `acknowledged ${ack.status} of ${ack.transactionId} but the database has ${tx?.status ?? 'nothing'} and the network ${networkAgrees ? 'agrees' : 'disagrees'}`,
      );
    }
  }

  const storeIds = new Set([...state.transactions.map((t) => t.storeId), ...state.networkTotals.keys()]);
  const stores: StoreFigures[] = [];
  for (const storeId of [...storeIds].sort()) {
    const rows = state.ledger.filter((r) => r.storeId === storeId);
    const figures: StoreFigures = {
      storeId,
      dbSales: rows.filter((r) => r.kind === 'sale').reduce((sum, r) => sum + r.amountMinor, 0),
      dbReversals: rows.filter((r) => r.kind === 'reversal').reduce((sum, r) => sum + r.amountMinor, 0),
      networkCaptured: state.networkTotals.get(storeId)?.captured ?? 0,
      networkRefunded: state.networkTotals.get(storeId)?.refunded ?? 0,
    };
    stores.push(figures);
    if (figures.dbSales - figures.dbReversals !== figures.networkCaptured - figures.networkRefunded) {
      violations.push(
        `store ${storeId}: database net ${figures.dbSales - figures.dbReversals} ≠ network net ${figures.networkCaptured - figures.networkRefunded}`,
      );
    }
    if (figures.dbSales !== figures.networkCaptured || figures.dbReversals !== figures.networkRefunded) {
      violations.push(
        `store ${storeId}: database sales/reversals ${figures.dbSales}/${figures.dbReversals} ≠ network captured/refunded ${figures.networkCaptured}/${figures.networkRefunded}`,
      );
    }
  }

  return {
    violations,
    capturedTwice,
    chargedButUnrecorded,
    recordedButNotCharged,
    leftInFlight: leftInFlight.length,
    acknowledgedDisagreeing,
    byStatus,
    stores,
  };
}
