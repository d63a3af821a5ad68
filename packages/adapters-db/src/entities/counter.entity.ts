import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StoreEntity } from './store.entity';

/** A virtual counter of a store; its name is unique in the store. */
@Entity({ name: 'counters' })
@Index('uq_counters_name', ['storeId', 'name'], { unique: true })
@Check('ck_counters_kind', `"kind" IN ('salesperson', 'floor', 'route')`)
export class CounterEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_counters' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_counters' })
  id!: string;

  @Column({ type: 'varchar', length: 32, name: 'name' })
  name!: string;

  @Column({ type: 'varchar', length: 16, name: 'kind' })
  kind!: string;

  @Column({ type: 'varchar', length: 200, name: 'label' })
  label!: string;

  @Column({ type: 'boolean', name: 'is_open' })
  isOpen!: boolean;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'store_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_counters_store' })
  store?: StoreEntity;
}
