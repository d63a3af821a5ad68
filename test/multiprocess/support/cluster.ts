import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@counterpay/adapters-db/testing';
import { MockCardNetworkControl } from '@counterpay/adapters-payment';
import { expect } from 'chai';
import { call, card, login, must, type Json } from './api';
import { startNetworkProcess, startServerProcess, stopProcess, type NetworkProcess, type ServerProcess } from './processes';

/** Two reference server processes on one Postgres database and one mock card network process. */
export interface Cluster {
  readonly a: ServerProcess;
  readonly b: ServerProcess;
  readonly network: NetworkProcess;
  readonly control: MockCardNetworkControl;
  readonly databaseUrl: string;
  /** The demo store's id (the network's merchant). */
  readonly storeId: string;
  /** A demo clerk session (valid on both processes: sessions live in the database). */
  readonly clerk: string;
  close(): Promise<void>;
}

/**
 * Starts the cluster: a fresh database, the network's bin, then server A (which migrates and seeds
 * the demo store) and server B (which finds both done).
 */
export async function startCluster(databaseServerUrl: string): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'counterpay-multiprocess-'));
  let database: TestDatabase | null = null;
  const started: (NetworkProcess | ServerProcess)[] = [];
  const close = async () => {
    for (const child of started.reverse()) await stopProcess(child).catch(() => undefined);
    await database?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    database = await createTestDatabase(databaseServerUrl);
    const network = await startNetworkProcess(join(dir, 'network.log'));
    started.push(network);
    const settings = { databaseUrl: database.url, networkUrl: network.url, port: 0 };
    const a = await startServerProcess({ ...settings, seedDemo: true }, join(dir, 'server-a.log'));
    started.push(a);
    const b = await startServerProcess({ ...settings, seedDemo: false }, join(dir, 'server-b.log'));
    started.push(b);
    const clerk = await login(a.url, 'demo', 'clerk', 'clerk');
    const store = await must(b.url, 'GET', '/api/v1/stores/demo', { token: clerk });
    return { a, b, network, control: new MockCardNetworkControl(network.url), databaseUrl: database.url, storeId: store.id, clerk, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens an F1 transaction at `counter` on A, has the phone claim it and register a Visa card on
 * B, and authorizes it on A; answers the authorized transaction.
 */
export async function authorizedTransaction(cluster: Cluster, counter: string, value: number): Promise<Json> {
  const staff = { token: cluster.clerk };
  const opened = await must(cluster.a.url, 'POST', `/api/v1/stores/demo/counters/${counter}/transactions`, {
    ...staff,
    body: { amount: { value, currency: 'JPY' } },
  });
  const visit = await must(cluster.b.url, 'GET', `/api/v1/portal/demo/${counter}`);
  await must(cluster.b.url, 'POST', `/api/v1/customer/transactions/${opened.id}/payment-method`, {
    customer: visit.customerToken,
    body: { type: 'card', card: card('4242424242424242') },
  });
  const authorized = await call(cluster.a.url, 'POST', `/api/v1/stores/demo/transactions/${opened.id}/authorize`, { ...staff, body: {} });
  expect(authorized.status, JSON.stringify(authorized.body)).to.equal(200);
  expect(authorized.body.status).to.equal('authorized');
  return authorized.body;
}
