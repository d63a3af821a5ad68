import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { AccessGuard } from './auth/access-guard';
import { Authenticator } from './auth/authenticator';
import { CachedAccessTokenStore } from './auth/credential-cache';
import { stateOf } from './auth/request-state';
import { resolveHttpOptions, type CounterpayHttpOptions } from './counterpay-http.options';
import { openApiOptions } from './docs/openapi';
import { ApiError } from './errors/api-error';
import { handleApiError } from './errors/error-handler';
import { installSecurityHeaders } from './headers/security-headers';
import { installIdempotency } from './idempotency/idempotency.hooks';
import { pagesPlugin } from './pages/index';
import { NameDirectory } from './presenters/name-directory';
import { adminRoutes } from './routes/admin.routes';
import { apiKeysRoutes } from './routes/api-keys.routes';
import { authRoutes } from './routes/auth.routes';
import { catalogRoutes } from './routes/catalog.routes';
import { customerRoutes } from './routes/customer.routes';
import { eventsRoutes } from './routes/events.routes';
import type { HttpContext } from './routes/http-context';
import { operationsRoutes } from './routes/operations.routes';
import { rateLimitedError } from './routes/rate-limits';
import { sharedRateLimitStore } from './routes/shared-rate-limit.store';
import { salesRoutes } from './routes/sales.routes';
import { schedulesRoutes } from './routes/schedules.routes';
import { storeRoutes } from './routes/store.routes';
import { transactionsRoutes } from './routes/transactions.routes';
import { webhooksRoutes } from './routes/webhooks.routes';
import { SseHub } from './sse/sse-hub';
import { strictValidatorCompiler } from './validation/strict-validator';
import { strictUtf8 } from './validation/strict-utf8';

/** The strict CSP of everything served here: own origin only, no inline script, never framed. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI sets inline styles; its relaxed policy applies under `/docs` only. */
const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/**
 * JSON bodies keep their raw text (for the idempotency fingerprint); `__proto__`/`constructor` keys
 * are refused; JSON and CSV bodies that are not UTF-8 are refused.
 */
function installBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    strictUtf8((request, body, done) => {
      stateOf(request).rawBody = body;
      parseJson(request, body, done);
    }),
  );
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer' },
    strictUtf8((request, body, done) => {
      stateOf(request).rawBody = body;
      done(null, body);
    }),
  );
}

/**
 * counterpay over HTTP: the REST API of the contract (v1) and its extensions, SSE streams, the
 * OpenAPI document and Swagger UI at `/docs`, `/healthz` and `/readyz`, and the web pages.
 * Encapsulated: its error handler, validator, body parsers and security headers apply to its own
 * routes only. Host it in a Fastify instance whose logger comes from `counterpayLoggerOptions()`.
 */
export const counterpayHttp: FastifyPluginAsync<CounterpayHttpOptions> = async (app, rawOptions) => {
  const options = resolveHttpOptions(rawOptions);
  const deps = options.counterpay.deps;
  const names = new NameDirectory(deps.uow.repositories);
  const accessTokens =
    options.credentialCacheMs > 0 ? new CachedAccessTokenStore(options.accessTokens, options.credentialCacheMs) : options.accessTokens;
  const authenticator = new Authenticator({
    accessTokens,
    hasher: deps.hasher,
    clock: deps.clock,
    adminToken: options.adminToken,
  });
  const sse = new SseHub(options.sseHeartbeatMs);
  const context: HttpContext = {
    counterpay: options.counterpay,
    events: options.events,
    accessTokens,
    clock: deps.clock,
    hasher: deps.hasher,
    names,
    guard: new AccessGuard(authenticator, names),
    sse,
    options,
  };

  app.setValidatorCompiler(strictValidatorCompiler());
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(handleApiError);
  installBodyParsers(app);
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= options.bodyLimit;
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  app.addHook('preClose', async () => sse.closeAll());

  installSecurityHeaders(app, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: rateLimitedError,
    ...(options.rateCounter === undefined ? {} : { store: sharedRateLimitStore(options.rateCounter, deps.clock) }),
  });
  if (options.docs) await app.register(swagger, openApiOptions());

  await app.register(
    async (api) => {
      api.setNotFoundHandler(async (request) => {
        throw new ApiError('route.not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
      });
    },
    { prefix: '/api' },
  );

  await operationsRoutes(app, context);
  await app.register(async (credentials) => {
    await authRoutes(credentials, context);
    await apiKeysRoutes(credentials, context);
  });
  await app.register(async (api) => {
    installIdempotency(api, { store: options.idempotency, clock: deps.clock });
    for (const routes of [
      adminRoutes,
      storeRoutes,
      catalogRoutes,
      schedulesRoutes,
      transactionsRoutes,
      salesRoutes,
      customerRoutes,
      eventsRoutes,
      webhooksRoutes,
    ]) {
      await routes(api, context);
    }
  });

  if (options.docs) {
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CONTENT_SECURITY_POLICY });
  }
  if (options.pages) await app.register(pagesPlugin);
};
