import type { CatalogItem, Money } from '@counterpay/core';

/** A product on the wire, with its price now and its price table. */
export interface ProductJson {
  readonly barcode: string;
  readonly sku: string;
  readonly name: string;
  readonly price: Money | null;
  readonly prices: readonly { readonly price: Money; readonly validFrom: string; readonly validTo: string | null }[];
}

/** The JSON of a catalog item. */
export function presentProduct(item: CatalogItem): ProductJson {
  return {
    barcode: item.product.barcode,
    sku: item.product.sku,
    name: item.product.name,
    price: item.price,
    prices: item.prices.map((p) => ({ price: p.price, validFrom: p.validFrom.toISOString(), validTo: p.validTo?.toISOString() ?? null })),
  };
}
