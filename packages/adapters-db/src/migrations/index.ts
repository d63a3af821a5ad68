import { Initial1795219200000 } from './1795219200000-initial.migration';

/** Every migration, oldest first (applied at start by `applyMigrations`). */
export const MIGRATIONS: (new () => object)[] = [Initial1795219200000];
