import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StoreEntity } from './store.entity';

/** The product master: one row per barcode and store. */
@Entity({ name: 'products' })
export class ProductEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_products' })
  storeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 14, name: 'barcode', primaryKeyConstraintName: 'pk_products' })
  barcode!: string;

  @Column({ type: 'varchar', length: 64, name: 'sku' })
  sku!: string;

  @Column({ type: 'varchar', length: 200, name: 'name' })
  name!: string;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'store_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_products_store' })
  store?: StoreEntity;
}
