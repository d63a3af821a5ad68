import type { Money } from '../money/money';

/** A product of the store's product master, found by its barcode. */
export interface Product {
  readonly storeId: string;
  readonly barcode: string;
  readonly sku: string;
  readonly name: string;
}

/** A row of the price table: the price of a product between two instants (`validTo` null: open-ended). */
export interface Price {
  readonly storeId: string;
  readonly barcode: string;
  readonly price: Money;
  readonly validFrom: Date;
  readonly validTo: Date | null;
}

/** True when the price applies at `at`. */
export function priceAppliesAt(price: Price, at: Date): boolean {
  const t = at.getTime();
  return price.validFrom.getTime() <= t && (price.validTo === null || t < price.validTo.getTime());
}

/** The price in force at `at`, latest start first. */
export function priceAt(prices: readonly Price[], at: Date): Price | null {
  let best: Price | null = null;
  for (const p of prices) {
    if (priceAppliesAt(p, at) && (best === null || p.validFrom > best.validFrom)) best = p;
  }
  return best;
}
