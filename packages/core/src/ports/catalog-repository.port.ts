import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Price, Product } from '../domain/catalog/product';
import type { Money } from '../domain/money/money';

/** The product master and price table of a store. */
export interface CatalogRepository {
  /** Adds or renames a product. */
  upsertProduct(product: Product): ResultAsync<void, DomainError>;
  /** A product by barcode, in one store. */
  findProduct(storeId: string, barcode: string): Promise<Product | null>;
  /** The store's products, by barcode. */
  listProducts(storeId: string): Promise<Product[]>;
  /** Adds a row to the price table; an open-ended earlier row of the same product is closed at `price.validFrom`. */
  addPrice(price: Price): ResultAsync<void, DomainError>;
  /** The price table rows of a product, oldest first. */
  pricesOf(storeId: string, barcode: string): Promise<Price[]>;
}

/** A product with the price in force. */
export interface PricedProduct {
  readonly product: Product;
  readonly price: Money;
}

/** Barcode → product + price at an instant (F5). */
export interface PosLookup {
  /** The product and its price at `at`; null when the barcode is unknown or has no price then. */
  lookup(storeId: string, barcode: string, at: Date): Promise<PricedProduct | null>;
}
