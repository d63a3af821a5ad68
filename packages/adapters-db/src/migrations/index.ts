import { Initial1795219200000 } from './1795219200000-initial.migration';
import { Webhooks1795392000000 } from './1795392000000-webhooks.migration';
import { RelayAnnounces1795478400000 } from './1795478400000-relay-announces.migration';
import { OutboxCursors1795564800000 } from './1795564800000-outbox-cursors.migration';
import { NoStatisticsOnBodies1795651200000 } from './1795651200000-no-statistics-on-bodies.migration';
import { OutboxAnalyzedOnDoubling1795737600000 } from './1795737600000-outbox-analyzed-on-doubling.migration';
import { SmallerStatisticsSamples1795824000000 } from './1795824000000-smaller-statistics-samples.migration';
import { SharedRateLimits1795910400000 } from './1795910400000-shared-rate-limits.migration';

/** Every migration, oldest first (applied at start by `applyMigrations`). */
export const MIGRATIONS: (new () => object)[] = [
  Initial1795219200000,
  Webhooks1795392000000,
  RelayAnnounces1795478400000,
  OutboxCursors1795564800000,
  NoStatisticsOnBodies1795651200000,
  OutboxAnalyzedOnDoubling1795737600000,
  SmallerStatisticsSamples1795824000000,
  SharedRateLimits1795910400000,
];
