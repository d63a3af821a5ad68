import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far a durable outbox publisher (webhooks…) has been handed the outbox: the (writer, event)
 * position of the last event it took, shared by every server process. A relay that starts resumes
 * its durable publishers from here, so events committed while no process ran still reach them.
 * Not led by `store_id`: the outbox is read across stores, in commit order.
 */
@Entity({ name: 'outbox_cursors' })
export class OutboxCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'publisher', primaryKeyConstraintName: 'pk_outbox_cursors' })
  publisher!: string;

  @Column({ type: 'bigint', name: 'writer_xid' })
  writerXid!: string;

  @Column({ type: 'bigint', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
