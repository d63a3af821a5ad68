import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CounterEntity } from './counter.entity';

/** A payment schedule (collection list, delivery route). */
@Entity({ name: 'schedules' })
@Index('ix_schedules_created', ['storeId', 'createdAt'])
export class ScheduleEntity {
  @PrimaryColumn({ type: 'uuid', name: 'store_id', primaryKeyConstraintName: 'pk_schedules' })
  storeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'id', primaryKeyConstraintName: 'pk_schedules' })
  id!: string;

  @Column({ type: 'varchar', length: 200, name: 'name' })
  name!: string;

  @Column({ type: 'uuid', name: 'counter_id' })
  counterId!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @ManyToOne(() => CounterEntity, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn([
    { name: 'store_id', referencedColumnName: 'storeId', foreignKeyConstraintName: 'fk_schedules_counter' },
    { name: 'counter_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_schedules_counter' },
  ])
  counter?: CounterEntity;
}
