import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { newStoreCredential } from '../auth/bearer-secrets';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { roleOf, storeIdOf } from '../auth/principal';
import { principalOf } from '../auth/request-state';
import { bearerSecurity } from '../docs/openapi';
import { emptyBodySchema, errorResponses } from '../dto/common.schema';
import { loginSchema, type LoginDto } from '../dto/login.dto';
import { ApiError } from '../errors/api-error';
import { presentStaff } from '../presenters/store.presenter';
import type { HttpContext } from './http-context';
import { staffSchema } from './store.schemas';
import { loginRateLimit } from './rate-limits';

const sessionSchema = {
  type: 'object',
  properties: {
    token: { type: 'string', description: 'send as Authorization: Bearer <token>' },
    expiresAt: { type: 'string', format: 'date-time' },
    staff: staffSchema,
    store: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
  },
} as const;

/** Staff sign-in and sign-out. Answers the same 401 for an unknown store, user or password. */
export async function authRoutes(app: FastifyInstance, context: HttpContext): Promise<void> {
  const { counterpay, accessTokens, hasher, clock, options } = context;
  const repositories = counterpay.deps.uow.repositories;
  let decoy: Promise<string> | null = null;
  const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex'), options.passwordCost));

  app.post<{ Body: LoginDto }>(
    '/api/v1/auth/login',
    {
      config: loginRateLimit(context),
      schema: {
        tags: ['auth'],
        summary: 'Sign in a staff member of a store; the session token expires (default 12 h)',
        body: loginSchema,
        response: { 200: sessionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { store: code, username, password } = request.body;
      const store = await repositories.stores.findByCode(code);
      const staff = store === null ? null : await repositories.staff.findByUsername(store.id, username);
      const matches = await verifyPassword(password, staff?.passwordHash ?? (await decoyHash()));
      if (store === null || staff === null || !matches) {
        throw new ApiError('auth.invalid_credentials', 'unknown store, username or password');
      }
      const now = clock.now();
      const token = newStoreCredential(store.id);
      const expiresAt = new Date(now.getTime() + options.sessionTtlMs);
      await accessTokens.insert({
        id: counterpay.deps.ids.id(),
        storeId: store.id,
        kind: 'session',
        tokenHash: hasher.hash(token),
        staffId: staff.id,
        role: staff.role,
        label: `session of ${staff.username}`,
        createdAt: now,
        expiresAt,
        revokedAt: null,
      });
      return { token, expiresAt: expiresAt.toISOString(), staff: presentStaff(staff), store: { code: store.code, name: store.name } };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: context.guard.signedIn(),
      schema: {
        tags: ['auth'],
        summary: 'End the current staff session (API keys are revoked with DELETE …/api-keys/{id})',
        security: bearerSecurity,
        body: emptyBodySchema,
        response: { 204: { type: 'null', description: 'signed out' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.kind === 'staff') await accessTokens.revoke(principal.storeId, principal.credentialId, clock.now());
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      onRequest: context.guard.signedIn(),
      schema: {
        tags: ['auth'],
        summary: 'Who the bearer token belongs to',
        security: bearerSecurity,
        response: {
          200: {
            type: 'object',
            properties: {
              role: { type: 'string', enum: ['admin', 'clerk', 'manager', 'api'] },
              store: { type: ['object', 'null'], properties: { code: { type: 'string' }, name: { type: 'string' } } },
              staff: { anyOf: [staffSchema, { type: 'null' }] },
              expiresAt: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const storeId = storeIdOf(principal);
      const store = storeId === null ? null : await repositories.stores.findById(storeId);
      const staff = principal.kind === 'staff' ? await repositories.staff.findById(principal.storeId, principal.staffId) : null;
      return {
        role: roleOf(principal),
        store: store === null ? null : { code: store.code, name: store.name },
        staff: staff === null ? null : presentStaff(staff),
        expiresAt: principal.kind === 'staff' ? (principal.expiresAt?.toISOString() ?? null) : null,
      };
    },
  );
}
