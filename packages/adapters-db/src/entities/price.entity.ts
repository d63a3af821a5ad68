import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './column.transformers';
import { ProductEntity } from './product.entity';

/** The price table: the price of a product from `valid_from` until `valid_to` (null: open-ended). */
@Entity({ name: 'prices' })
@Check('ck_prices_amount', `"amount_minor" >= 0`)
@Check('ck_prices_range', `"valid_to" IS NULL OR "valid_to" > "valid_from"`)
export class PriceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_prices' })
  storeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 14, name: 'barcode', primaryKeyConstraintName: 'pk_prices' })
  barcode!: string;

  @PrimaryColumn({ type: 'timestamptz', name: 'valid_from', primaryKeyConstraintName: 'pk_prices' })
  validFrom!: Date;

  @Column({ type: 'timestamptz', name: 'valid_to', nullable: true })
  validTo!: Date | null;

  @Column({ type: 'bigint', name: 'amount_minor', transformer: bigintNumber })
  amountMinor!: number;

  @Column({ type: 'char', length: 3, name: 'currency' })
  currency!: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_prices_product' },
    { name: 'barcode', referencedColumnName: 'barcode', foreignKeyConstraintName: 'fk_prices_product' },
  ])
  product?: ProductEntity;
}
