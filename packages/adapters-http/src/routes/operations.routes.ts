import type { FastifyInstance } from 'fastify';
import type { HttpContext } from './http-context';

/** Probes for orchestrators: the process is up (`/healthz`), it can serve (`/readyz`). */
export async function operationsRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The process is up',
        response: { 200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'The database is reachable and migrated (503 otherwise)',
        response: {
          200: { type: 'object', properties: { status: { type: 'string', enum: ['ready'] } } },
          503: { type: 'object', properties: { status: { type: 'string', enum: ['not_ready'] } } },
        },
      },
    },
    async (request, reply) => {
      let ready = false;
      try {
        ready = await context.options.readiness();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness probe failed');
      }
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
    },
  );
}
