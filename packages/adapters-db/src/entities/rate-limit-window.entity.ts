import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The windows of the HTTP rate limits (`RateCounter`), shared by every server process. Keyed by the
 * limit's key (`login|<ip>|<store code>`, `portal|<ip>`: the store code comes unchecked from the
 * request, before anyone signed in), so it has no `store_id` column; `ix_rate_limit_windows_ends`
 * serves the purge of ended windows.
 */
@Entity({ name: 'rate_limit_windows' })
@Index('ix_rate_limit_windows_ends', ['endsAt'])
export class RateLimitWindowEntity {
  @PrimaryColumn({ type: 'text', name: 'key', primaryKeyConstraintName: 'pk_rate_limit_windows' })
  key!: string;

  @Column({ type: 'integer', name: 'hits' })
  hits!: number;

  @Column({ type: 'timestamptz', name: 'ends_at' })
  endsAt!: Date;
}
