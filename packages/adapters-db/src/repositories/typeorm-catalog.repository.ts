import {
  domainError,
  type CatalogRepository,
  type DomainError,
  type PosLookup,
  type Price,
  type PricedProduct,
  type Product,
} from '@counterpay/core';
import { err, ok, type ResultAsync } from 'neverthrow';
import { toSafeInteger } from '../entities/column.transformers';
import { moneyOf } from '../mappers/money.mapper';
import { priceMapper, productMapper } from '../mappers/catalog.mapper';
import { constraintViolation, FOREIGN_KEY_VIOLATION } from '../sql/database.errors';
import { isUuid } from '../sql/tables';
import { TypeOrmRepository } from './repository.base';

/** The product master (`products`), the price table (`prices`) and the barcode lookup over both. */
export class TypeOrmCatalogRepository extends TypeOrmRepository implements CatalogRepository, PosLookup {
  upsertProduct(product: Product): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.products;
      try {
        await this.sql.query(
          `INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders()})
           ON CONFLICT ("store_id", "barcode") DO UPDATE SET "sku" = EXCLUDED."sku", "name" = EXCLUDED."name"`,
          t.values(productMapper.toEntity(product)),
        );
      } catch (e) {
        if (constraintViolation(e)?.code === FOREIGN_KEY_VIOLATION) return err(domainError('store.not_found', 'no such store'));
        throw e;
      }
      return ok(undefined);
    });
  }

  async findProduct(storeId: string, barcode: string): Promise<Product | null> {
    if (!isUuid(storeId)) return null;
    const t = this.tables.products;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "barcode" = $2`, [
      storeId,
      barcode,
    ]);
    return rows[0] === undefined ? null : productMapper.toDomain(t.decode(rows[0]));
  }

  async listProducts(storeId: string): Promise<Product[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.products;
    const { rows } = await this.sql.query(`SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 ORDER BY "barcode"`, [storeId]);
    return rows.map((r) => productMapper.toDomain(t.decode(r))).sort((a, b) => a.barcode.localeCompare(b.barcode));
  }

  /**
   * One statement: closes the open-ended earlier row at the new row's start and inserts the new
   * row. A second row starting at the same instant replaces the first (the price restated).
   */
  addPrice(price: Price): ResultAsync<void, DomainError> {
    return this.outcome(async () => {
      const t = this.tables.prices;
      try {
        await this.sql.query(
          `WITH closed AS (
             UPDATE ${t.table} SET "valid_to" = $3
             WHERE "store_id" = $1 AND "barcode" = $2 AND "valid_to" IS NULL AND "valid_from" < $3
           )
           INSERT INTO ${t.table} (${t.insertColumns}) VALUES (${t.placeholders(3)})
           ON CONFLICT ("store_id", "barcode", "valid_from")
           DO UPDATE SET "valid_to" = EXCLUDED."valid_to", "amount_minor" = EXCLUDED."amount_minor", "currency" = EXCLUDED."currency"`,
          [price.storeId, price.barcode, price.validFrom, ...t.values(priceMapper.toEntity(price))],
        );
      } catch (e) {
        if (constraintViolation(e)?.code === FOREIGN_KEY_VIOLATION)
          return err(domainError('product.not_found', `no product with barcode ${price.barcode}`));
        throw e;
      }
      return ok(undefined);
    });
  }

  async pricesOf(storeId: string, barcode: string): Promise<Price[]> {
    if (!isUuid(storeId)) return [];
    const t = this.tables.prices;
    const { rows } = await this.sql.query(
      `SELECT ${t.select()} FROM ${t.table} WHERE "store_id" = $1 AND "barcode" = $2 ORDER BY "valid_from"`,
      [storeId, barcode],
    );
    return rows.map((r) => priceMapper.toDomain(t.decode(r)));
  }

  /** One round trip: the product joined with the price row in force at `at` (latest start first). */
  async lookup(storeId: string, barcode: string, at: Date): Promise<PricedProduct | null> {
    if (!isUuid(storeId)) return null;
    const { rows } = await this.sql.query<{ sku: string; name: string; amount_minor: unknown; currency: string }>(
      `SELECT p."sku", p."name", pr."amount_minor", pr."currency"
       FROM "products" p
       JOIN "prices" pr ON pr."store_id" = p."store_id" AND pr."barcode" = p."barcode"
       WHERE p."store_id" = $1 AND p."barcode" = $2 AND pr."valid_from" <= $3 AND (pr."valid_to" IS NULL OR $3 < pr."valid_to")
       ORDER BY pr."valid_from" DESC
       LIMIT 1`,
      [storeId, barcode, at],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return { product: { storeId, barcode, sku: row.sku, name: row.name }, price: moneyOf(toSafeInteger(row.amount_minor), row.currency) };
  }
}
