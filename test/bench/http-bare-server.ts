import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { BENCH_READY } from './http-process';

const SELECT_TRANSACTION = 'SELECT * FROM "transactions" WHERE "store_id" = $1 AND "id" = $2';

/**
 * The baseline of the stack-overhead benchmark: a bare Fastify server (a child process, like the
 * counterpay bench server) with one route that reads a transaction's row with one query and
 * answers it as JSON. Same database, same pool size, same log level as the counterpay server.
 *
 * Environment: `BENCH_DRIVER`, `DATABASE_URL` or `BENCH_DATA_DIR`, `BENCH_POOL_SIZE`, `LOG_LEVEL`.
 */
async function main(): Promise<void> {
  const env = process.env;
  const driver = env['BENCH_DRIVER'] === 'pglite' ? 'pglite' : 'postgres';
  let query: (storeId: string, id: string) => Promise<unknown>;
  let close: () => Promise<void>;
  if (driver === 'postgres') {
    const pool = new Pool({ connectionString: env['DATABASE_URL'], max: Number(env['BENCH_POOL_SIZE'] ?? 10) });
    query = async (storeId, id) => (await pool.query(SELECT_TRANSACTION, [storeId, id])).rows[0];
    close = () => pool.end();
  } else {
    const db = await PGlite.create({ dataDir: env['BENCH_DATA_DIR'] ?? '' });
    query = async (storeId, id) => (await db.query(SELECT_TRANSACTION, [storeId, id])).rows[0];
    close = () => db.close();
  }
  const app = Fastify({ logger: { level: env['LOG_LEVEL'] ?? 'warn' } });
  app.get<{ Params: { store: string; id: string } }>('/tx/:store/:id', async (request, reply) => {
    const row = await query(request.params.store, request.params.id);
    if (row === undefined) return reply.code(404).send({ error: 'not found' });
    return row;
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${BENCH_READY} ${JSON.stringify({ url: address, driver })}\n`);
  const stop = () => {
    void app
      .close()
      .then(close)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bare server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
