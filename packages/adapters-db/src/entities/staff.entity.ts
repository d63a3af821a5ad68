import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StoreEntity } from './store.entity';

/**
 * A staff member. Usernames are unique per store regardless of case: the expression index
 * `uq_staff_username` on `(store_id, lower(username))` lives in the migration (TypeORM cannot
 * declare expression indexes, so it is marked `synchronize: false`).
 */
@Entity({ name: 'staff' })
@Index('uq_staff_username', { synchronize: false })
@Check('ck_staff_role', `"role" IN ('clerk', 'manager')`)
export class StaffEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_staff' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_staff' })
  id!: string;

  @Column({ type: 'varchar', length: 64, name: 'username' })
  username!: string;

  @Column({ type: 'varchar', length: 200, name: 'name' })
  name!: string;

  @Column({ type: 'varchar', length: 16, name: 'role' })
  role!: string;

  @Column({ type: 'text', name: 'password_hash' })
  passwordHash!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'store_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_staff_store' })
  store?: StoreEntity;
}
