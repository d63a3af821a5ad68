import type { PaymentMethodType, Price, Product, SalesLedgerEntry } from '@counterpay/core';
import type { PriceEntity } from '../entities/price.entity';
import type { ProductEntity } from '../entities/product.entity';
import type { SalesLedgerEntryEntity } from '../entities/sales-ledger-entry.entity';
import { moneyOf } from './money.mapper';

/** Product ↔ row. */
export const productMapper = {
  toEntity(p: Product): ProductEntity {
    return { storeId: p.storeId, barcode: p.barcode, sku: p.sku, name: p.name };
  },
  toDomain(r: ProductEntity): Product {
    return { storeId: r.storeId, barcode: r.barcode, sku: r.sku, name: r.name };
  },
};

/** Price table row ↔ row. */
export const priceMapper = {
  toEntity(p: Price): PriceEntity {
    return {
      storeId: p.storeId,
      barcode: p.barcode,
      validFrom: p.validFrom,
      validTo: p.validTo,
      amountMinor: p.price.value,
      currency: p.price.currency,
    };
  },
  toDomain(r: PriceEntity): Price {
    return {
      storeId: r.storeId,
      barcode: r.barcode,
      price: moneyOf(r.amountMinor, r.currency),
      validFrom: r.validFrom,
      validTo: r.validTo,
    };
  },
};

/** Sales ledger entry ↔ row. */
export const ledgerEntryMapper = {
  toEntity(e: SalesLedgerEntry): SalesLedgerEntryEntity {
    return {
      storeId: e.storeId,
      id: e.id,
      transactionId: e.transactionId,
      kind: e.kind,
      amountMinor: e.amount.value,
      currency: e.amount.currency,
      counterId: e.counterId,
      staffId: e.staffId,
      method: e.method,
      processingNumber: e.processingNumber,
      businessDay: e.businessDay,
      occurredAt: e.occurredAt,
    };
  },
  toDomain(r: SalesLedgerEntryEntity): SalesLedgerEntry {
    return {
      id: r.id,
      storeId: r.storeId,
      transactionId: r.transactionId,
      kind: r.kind as 'sale' | 'reversal',
      amount: moneyOf(r.amountMinor, r.currency),
      counterId: r.counterId,
      staffId: r.staffId,
      method: r.method as PaymentMethodType,
      processingNumber: r.processingNumber,
      businessDay: r.businessDay,
      occurredAt: r.occurredAt,
    };
  },
};
