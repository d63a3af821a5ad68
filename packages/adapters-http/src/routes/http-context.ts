import type { AccessTokenStore, Clock, Counterpay, EventStream, SecretHasher } from '@counterpay/core';
import type { FastifyRequest } from 'fastify';
import type { AccessGuard } from '../auth/access-guard';
import type { ResolvedHttpOptions } from '../counterpay-http.options';
import type { NameDirectory } from '../presenters/name-directory';
import type { SseHub } from '../sse/sse-hub';

/** What every route module of the API works with. */
export interface HttpContext {
  readonly counterpay: Counterpay;
  readonly events: EventStream;
  readonly accessTokens: AccessTokenStore;
  readonly clock: Clock;
  readonly hasher: SecretHasher;
  readonly names: NameDirectory;
  readonly guard: AccessGuard;
  readonly sse: SseHub;
  readonly options: ResolvedHttpOptions;
}

/** The public base URL: the configured one, else the request's own origin. */
export function publicUrlOf(context: HttpContext, request: FastifyRequest): string {
  return context.options.publicUrl ?? `${request.protocol}://${request.host}`;
}
