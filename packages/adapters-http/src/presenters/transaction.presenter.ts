import type { LineItem, Money, PublicPaymentMethod, TransactionView } from '@counterpay/core';
import type { NameDirectory } from './name-directory';

/** Who reads the transaction: staff see who opened it; the customer's phone does not. */
export type Audience = 'staff' | 'customer';

/** A payment method on the wire, masked and without the network token: `VISA •••• 4242 12/30`. */
export type PaymentMethodJson =
  | {
      readonly type: 'card' | 'debit' | 'prepaid';
      readonly brand: string;
      readonly last4: string;
      readonly bin: string;
      readonly expMonth: number;
      readonly expYear: number;
    }
  | { readonly type: 'wallet'; readonly provider: string; readonly brand: string; readonly last4: string }
  | { readonly type: 'bank_transfer'; readonly referenceCode: string }
  | { readonly type: 'konbini'; readonly slipNumber: string };

/** The contract's transaction JSON (plus extensions). */
export interface TransactionJson {
  readonly id: string;
  readonly store: string;
  readonly counter: string;
  readonly reference: string;
  readonly source: string;
  readonly status: string;
  readonly currency: string;
  readonly amount: Money | null;
  readonly items: readonly LineItemJson[];
  readonly paymentMethod: PaymentMethodJson | null;
  readonly authorization: { readonly code: string; readonly amount: Money; readonly authorizedAt: string } | null;
  readonly processingNumber: string | null;
  readonly capture: {
    readonly processingNumber: string;
    readonly amount: Money;
    readonly capturedAt: string;
    readonly counter: string;
  } | null;
  readonly declineReason: string | null;
  readonly failedCardAttempts: number;
  readonly cancellation: { readonly requestedAt: string; readonly confirmedAt: string | null } | null;
  readonly refund: { readonly amount: Money; readonly kind: 'refund' | 'void'; readonly refundedAt: string } | null;
  readonly voidedAt: string | null;
  readonly scheduleEntryId: string | null;
  readonly claimed: boolean;
  readonly expiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly openedBy?: string | null;
}

/** A priced line on the wire. */
export interface LineItemJson {
  readonly barcode: string | null;
  readonly sku: string | null;
  readonly name: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly amount: Money;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const money = (m: Money): Money => ({ value: m.value, currency: m.currency });

function lineItem(item: LineItem): LineItemJson {
  return {
    barcode: item.barcode,
    sku: item.sku,
    name: item.name,
    unitPrice: money(item.unitPrice),
    quantity: item.quantity,
    amount: money(item.amount),
  };
}

function paymentMethod(method: PublicPaymentMethod | null): PaymentMethodJson | null {
  if (method === null) return null;
  switch (method.type) {
    case 'card':
    case 'debit':
    case 'prepaid':
      return {
        type: method.type,
        brand: method.brand,
        last4: method.last4,
        bin: method.bin,
        expMonth: method.expMonth,
        expYear: method.expYear,
      };
    case 'wallet':
      return { type: method.type, provider: method.provider, brand: method.brand, last4: method.last4 };
    case 'bank_transfer':
      return { type: method.type, referenceCode: method.referenceCode };
    case 'konbini':
      return { type: method.type, slipNumber: method.slipNumber };
  }
}

/**
 * The contract's JSON of a transaction: store code and counter name instead of ids, ISO dates,
 * money as `{value, currency}`. Built field by field, so nothing new in the view (a token, a claim
 * hash) can leak by accident.
 */
export async function presentTransaction(view: TransactionView, names: NameDirectory, audience: Audience): Promise<TransactionJson> {
  const [store, counter, captureCounter] = await Promise.all([
    names.storeCode(view.storeId),
    names.counterName(view.storeId, view.counterId),
    view.capture === null ? Promise.resolve(null) : names.counterName(view.storeId, view.capture.counterId),
  ]);
  const json: TransactionJson = {
    id: view.id,
    store,
    counter,
    reference: view.reference,
    source: view.source,
    status: view.status,
    currency: view.currency,
    amount: view.amount === null ? null : money(view.amount),
    items: view.items.map(lineItem),
    paymentMethod: paymentMethod(view.paymentMethod),
    authorization:
      view.authorization === null
        ? null
        : {
            code: view.authorization.code,
            amount: money(view.authorization.amount),
            authorizedAt: view.authorization.authorizedAt.toISOString(),
          },
    processingNumber: view.processingNumber,
    capture:
      view.capture === null || captureCounter === null
        ? null
        : {
            processingNumber: view.capture.processingNumber,
            amount: money(view.capture.amount),
            capturedAt: view.capture.capturedAt.toISOString(),
            counter: captureCounter,
          },
    declineReason: view.declineReason,
    failedCardAttempts: view.failedCardAttempts,
    cancellation:
      view.cancellation === null
        ? null
        : { requestedAt: view.cancellation.requestedAt.toISOString(), confirmedAt: iso(view.cancellation.confirmedAt) },
    refund:
      view.refund === null
        ? null
        : { amount: money(view.refund.amount), kind: view.refund.kind, refundedAt: view.refund.refundedAt.toISOString() },
    voidedAt: iso(view.voidedAt),
    scheduleEntryId: view.scheduleEntryId,
    claimed: view.claimed,
    expiresAt: iso(view.expiresAt),
    createdAt: view.createdAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
    version: view.version,
  };
  return audience === 'staff' ? { ...json, openedBy: view.openedBy } : json;
}
