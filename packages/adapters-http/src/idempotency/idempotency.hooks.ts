import { createHash } from 'node:crypto';
import type { Clock, IdempotencyStore } from '@counterpay/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalKey } from '../auth/principal';
import { stateOf } from '../auth/request-state';
import { ApiError } from '../errors/api-error';

/** Longest `Idempotency-Key` accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Header set on a response replayed from the idempotency store. */
export const REPLAYED_HEADER = 'idempotent-replayed';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_SHAPE = /^[\x21-\x7e]+$/;

interface Claimed {
  readonly scope: string;
  readonly key: string;
}

/**
 * The scope of a key: who calls, and which operation. A key is only ever replayed to the same
 * caller for the same route; the fingerprint then tells a retry from a different request.
 */
function scopeOf(request: FastifyRequest): string {
  const principal = stateOf(request).principal;
  return [principal === null ? 'anonymous' : principalKey(principal), request.method, request.routeOptions.url ?? request.url].join(' ');
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`, 'utf8')
    .update(stateOf(request).rawBody ?? '', 'utf8')
    .digest('hex');
}

function storedBody(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload.length === 0) return null;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}

function keyOf(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  if (typeof header !== 'string' || header.length > MAX_IDEMPOTENCY_KEY_LENGTH || !KEY_SHAPE.test(header)) {
    throw new ApiError('validation.failed', `Idempotency-Key is 1-${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`, {
      field: 'headers.idempotency-key',
    });
  }
  return header;
}

/**
 * `Idempotency-Key` on every mutating route of `app` (Stripe's semantics, through the
 * {@link IdempotencyStore} shared by all server processes): the first request runs and its answer
 * is stored; a retry with the same body gets that answer again with `Idempotent-Replayed: true`;
 * the same key with another body is `422 idempotency.mismatch`; while the first still runs,
 * `409 idempotency.in_flight`. Server errors (5xx) are not stored, so the key can be retried.
 * Runs after authentication and validation, so neither a stranger nor a malformed body uses a key.
 */
export function installIdempotency(app: FastifyInstance, deps: { readonly store: IdempotencyStore; readonly clock: Clock }): void {
  const claimed = new WeakMap<FastifyRequest, Claimed>();

  const settle = async (request: FastifyRequest, reply: FastifyReply, payload: unknown, answered: boolean): Promise<void> => {
    const claim = claimed.get(request);
    if (claim === undefined) return;
    claimed.delete(request);
    if (!answered || reply.statusCode >= 500) {
      await deps.store.release(claim.scope, claim.key);
    } else {
      await deps.store.complete(claim.scope, claim.key, { status: reply.statusCode, body: storedBody(payload) }, deps.clock.now());
    }
  };

  /** Claims the key, or answers from it (true: the reply is sent, the handler must not run). */
  const begin = async (request: FastifyRequest, reply: FastifyReply, key: string): Promise<boolean> => {
    const scope = scopeOf(request);
    const begun = await deps.store.begin(scope, key, fingerprintOf(request), deps.clock.now());
    switch (begun.kind) {
      case 'started':
        claimed.set(request, { scope, key });
        return false;
      case 'replay':
        void reply
          .code(begun.response.status)
          .header(REPLAYED_HEADER, 'true')
          .type('application/json; charset=utf-8')
          .send(begun.response.body === null ? undefined : begun.response.body);
        return true;
      case 'mismatch':
        throw new ApiError('idempotency.mismatch', 'this Idempotency-Key was already used with a different request');
      case 'in_flight':
        throw new ApiError('idempotency.in_flight', 'a request with this Idempotency-Key is still being processed; retry later');
    }
  };

  // Callback-style hooks with a synchronous way through for the requests that carry no key (every
  // GET): an async hook costs every request a promise and a turn of the microtask queue.
  app.addHook('preHandler', (request, reply, done) => {
    const key = MUTATING_METHODS.has(request.method) ? keyOf(request) : null;
    if (key === null) return done();
    begin(request, reply, key).then(
      (answered) => {
        if (!answered) done();
      },
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (!claimed.has(request)) return done(null, payload);
    settle(request, reply, payload, true).then(
      () => done(null, payload),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  });

  app.addHook('onResponse', (request, reply, done) => {
    if (!claimed.has(request)) return done();
    settle(request, reply, undefined, false).then(
      () => done(),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  });
}
