import { mkdir } from 'node:fs/promises';
import { createPglitePersistence, createPostgresPersistence } from '@counterpay/adapters-db';
import type { AccessTokenStore, EventStream, IdempotencyStore, PosLookup, RateCounter, UnitOfWork } from '@counterpay/core';
import { InMemoryAccessTokenStore, InMemoryIdempotencyStore, InMemoryUnitOfWork } from '@counterpay/core/testing';
// webhooks
import { TypeOrmWebhookStore, type Persistence } from '@counterpay/adapters-db';
import type { EventPublisher, WebhookStore } from '@counterpay/core';
import { InMemoryWebhookStore } from '@counterpay/core/testing';

/** What the server runs on, whichever the database. */
export interface ServerPersistence {
  readonly kind: 'postgres' | 'pglite' | 'memory';
  readonly uow: UnitOfWork;
  readonly posLookup: PosLookup;
  readonly events: EventStream;
  readonly idempotency: IdempotencyStore;
  readonly accessTokens: AccessTokenStore;
  /**
   * Where the rate limits count when several server processes can share the database (Postgres):
   * its `rate_limit_windows`. Null on PGlite and in memory (one process): each process's memory.
   */
  readonly rates: RateCounter | null;
  /** Webhook endpoints and deliveries. */
  readonly webhooks: WebhookStore;
  /**
   * Hands every event committed from now on to `publisher` (the webhook dispatcher). With
   * `durableName`, on a database, it resumes from where any process of the server last handed it
   * events, so that events committed while no process ran reach it too (see `OutboxRelay.addPublisher`).
   */
  addPublisher(publisher: EventPublisher, options?: { readonly durableName?: string }): void;
  /** Database reachable and migrated. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Where to keep the data. */
export type PersistenceChoice =
  { readonly kind: 'postgres'; readonly url: string } | { readonly kind: 'pglite'; readonly dataDir: string } | { readonly kind: 'memory' };

/**
 * Opens the persistence: Postgres when a URL is given, else embedded PGlite in a directory.
 * `memory` (in-memory adapters of `@counterpay/core/testing`, one process, lost on exit) serves
 * tests and a quick look without a database.
 */
export async function openPersistence(choice: PersistenceChoice): Promise<ServerPersistence> {
  switch (choice.kind) {
    case 'postgres': {
      const db = await createPostgresPersistence({ url: choice.url });
      return { kind: 'postgres', ...pick(db), rates: db.rates };
    }
    case 'pglite': {
      await mkdir(choice.dataDir, { recursive: true });
      const db = await createPglitePersistence({ dataDir: choice.dataDir });
      return { kind: 'pglite', ...pick(db), rates: null };
    }
    case 'memory': {
      const uow = new InMemoryUnitOfWork();
      return {
        kind: 'memory',
        uow,
        posLookup: uow.posLookup(),
        events: uow.db.bus,
        idempotency: new InMemoryIdempotencyStore(),
        accessTokens: new InMemoryAccessTokenStore(),
        rates: null,
        webhooks: new InMemoryWebhookStore(),
        addPublisher: (publisher) => void uow.db.bus.subscribeAll((event) => void publisher.publish([event]).catch(() => undefined)),
        ready: () => Promise.resolve(true),
        close: () => Promise.resolve(),
      };
    }
  }
}

function pick(db: Persistence): Omit<ServerPersistence, 'kind' | 'rates'> {
  return {
    uow: db.uow,
    posLookup: db.posLookup,
    events: db.events,
    idempotency: db.idempotency,
    accessTokens: db.accessTokens,
    webhooks: new TypeOrmWebhookStore(db.dataSource),
    addPublisher: (publisher, options) => void db.events.addPublisher(publisher, options),
    ready: () => db.ready(),
    close: () => db.close(),
  };
}
