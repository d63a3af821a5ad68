import { err, ok, type ResultAsync, safeTry } from 'neverthrow';
import { domainError, type DomainError } from '../domain/shared/domain-error';
import { parseBarcode } from '../domain/barcode/barcode';
import { priceAt, type Price, type Product } from '../domain/catalog/product';
import { moneyEquals, type Money } from '../domain/money/money';
import { fromInfra, loadStore, type CounterpayDeps } from './context';

/** A product with its price in force and its price table. */
export interface CatalogItem {
  readonly product: Product;
  readonly price: Money | null;
  readonly prices: readonly Price[];
}

/**
 * Puts a product in the master (by barcode, check digit verified) and, when the price changes,
 * starts a new row of the price table now.
 */
export function putProduct(
  deps: CounterpayDeps,
  storeId: string,
  barcodeText: string,
  input: { readonly name: string; readonly sku: string; readonly price: Money },
): ResultAsync<CatalogItem, DomainError> {
  return safeTry(async function* () {
    const store = yield* loadStore(deps.uow.repositories, storeId);
    const barcode = yield* parseBarcode(barcodeText);
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) return err(domainError('validation.failed', 'name is 1-200 characters', { field: 'name' }));
    if (input.sku.length > 64) return err(domainError('validation.failed', 'sku is at most 64 characters', { field: 'sku' }));
    if (input.price.currency !== store.currency) return err(domainError('money.currency_mismatch', `the store sells in ${store.currency}`));
    if (input.price.value <= 0) return err(domainError('money.invalid_amount', 'price must be greater than zero'));
    const now = deps.clock.now();
    const product: Product = { storeId: store.id, barcode: barcode.value, sku: input.sku, name };
    const price = input.price;
    yield* deps.uow.run((repos) =>
      safeTry(async function* () {
        yield* repos.catalog.upsertProduct(product);
        const current = priceAt(yield* fromInfra(repos.catalog.pricesOf(store.id, barcode.value)), now);
        if (current === null || !moneyEquals(current.price, price)) {
          yield* repos.catalog.addPrice({ storeId: store.id, barcode: barcode.value, price, validFrom: now, validTo: null });
        }
        return ok(undefined);
      }),
    );
    return getProduct(deps, store.id, barcode.value);
  });
}

/** A product by barcode with its price now. */
export function getProduct(deps: CounterpayDeps, storeId: string, barcodeText: string): ResultAsync<CatalogItem, DomainError> {
  const repos = deps.uow.repositories;
  return safeTry(async function* () {
    const barcode = yield* parseBarcode(barcodeText);
    const product = yield* fromInfra(repos.catalog.findProduct(storeId, barcode.value));
    if (product === null) return err(domainError('product.not_found', `no product with barcode ${barcode.value}`));
    const prices = yield* fromInfra(repos.catalog.pricesOf(storeId, barcode.value));
    return ok({ product, price: priceAt(prices, deps.clock.now())?.price ?? null, prices });
  });
}
