import type { AccessTokenStore, Counterpay, EventStream, IdempotencyStore, RateCounter } from '@counterpay/core';
import type { ScryptCost } from './auth/password-hasher';
import type { WebhookHttpOptions } from './webhooks/webhook-http.options';

/** A rate limit: at most `max` requests per `timeWindowMs` for one key (IP, or IP and store). */
export interface RateLimitRule {
  readonly max: number;
  readonly timeWindowMs: number;
}

/** Rate limits of the routes that guess secrets or names; `false` turns one off. */
export interface RateLimits {
  /** `POST /api/v1/auth/login`, per IP and store; default 10 per minute. */
  readonly login?: RateLimitRule | false;
  /** `GET /api/v1/portal/{store}/{counter}` and the counter QR code, per IP; default 60 per minute. */
  readonly portal?: RateLimitRule | false;
}

/** Options of the {@link counterpayHttp} plugin. */
export interface CounterpayHttpOptions {
  /** The library: every use case. */
  readonly counterpay: Counterpay;
  /** Committed events (from the outbox relay) for the SSE streams. */
  readonly events: EventStream;
  /** Idempotency keys, shared by every server process. */
  readonly idempotency: IdempotencyStore;
  /** Staff sessions and store API keys. */
  readonly accessTokens: AccessTokenStore;
  /** Bearer token of the administration API (at least 16 characters). */
  readonly adminToken: string;
  /** Public base URL (`https://pay.example.com`) for counter QR codes and pay links; default from the request. */
  readonly publicUrl?: string;
  /** Readiness probe of `/readyz` (database reachable, migrations applied); default always ready. */
  readonly readiness?: () => Promise<boolean>;
  /** Lifetime of a staff session; default 12 hours. */
  readonly sessionTtlMs?: number;
  /** Rate limits; `false` turns them all off (tests). */
  readonly rateLimits?: RateLimits | false;
  /**
   * Where the rate limits count (the persistence's `rates`: every server process on the database
   * shares the windows); default each process's own memory, right for a single process.
   */
  readonly rateCounter?: RateCounter;
  /** Interval of SSE heartbeat comments; default 15 s. */
  readonly sseHeartbeatMs?: number;
  /**
   * How long a process remembers a staff session or API key it found (so a signed-in caller's
   * requests do not each look it up); default 1000 ms, 0 turns it off. A logout or key revocation
   * takes effect at once in the process that served it, and in other processes within this time.
   */
  readonly credentialCacheMs?: number;
  /** scrypt cost of passwords set through the API; default N = 2^15. */
  readonly passwordCost?: ScryptCost;
  /** Largest JSON body accepted; default 64 KiB (CSV imports: 1 MiB). */
  readonly bodyLimit?: number;
  /** Serve the OpenAPI document and Swagger UI at `/docs`; default true. */
  readonly docs?: boolean;
  /** Register the web pages (`pagesPlugin`); default true. */
  readonly pages?: boolean;
  /** Webhook endpoints and delivery log routes; absent → not served. */
  readonly webhooks?: WebhookHttpOptions;
}

/** The options with every default applied. */
export interface ResolvedHttpOptions extends CounterpayHttpOptions {
  readonly sessionTtlMs: number;
  readonly readiness: () => Promise<boolean>;
  readonly rateLimits: { readonly login: RateLimitRule | false; readonly portal: RateLimitRule | false };
  readonly sseHeartbeatMs: number;
  readonly credentialCacheMs: number;
  readonly passwordCost: ScryptCost;
  readonly bodyLimit: number;
  readonly docs: boolean;
  readonly pages: boolean;
}

/** Default rate limit of logins. */
export const DEFAULT_LOGIN_LIMIT: RateLimitRule = { max: 10, timeWindowMs: 60_000 };
/** Default rate limit of portal look-ups. */
export const DEFAULT_PORTAL_LIMIT: RateLimitRule = { max: 60, timeWindowMs: 60_000 };

/** Checks the options and applies the defaults. */
export function resolveHttpOptions(options: CounterpayHttpOptions): ResolvedHttpOptions {
  if (typeof options.adminToken !== 'string' || options.adminToken.length < 16) {
    throw new RangeError('counterpayHttp: adminToken must have at least 16 characters');
  }
  const limits: RateLimits = options.rateLimits === false ? { login: false, portal: false } : (options.rateLimits ?? {});
  return {
    ...options,
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl.replace(/\/+$/, '') }),
    sessionTtlMs: options.sessionTtlMs ?? 12 * 60 * 60 * 1000,
    readiness: options.readiness ?? (() => Promise.resolve(true)),
    rateLimits: { login: limits.login ?? DEFAULT_LOGIN_LIMIT, portal: limits.portal ?? DEFAULT_PORTAL_LIMIT },
    sseHeartbeatMs: options.sseHeartbeatMs ?? 15_000,
    credentialCacheMs: options.credentialCacheMs ?? 1000,
    passwordCost: options.passwordCost ?? {},
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    docs: options.docs ?? true,
    pages: options.pages ?? true,
  };
}
