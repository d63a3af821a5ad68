import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, ResultAsync, type Result } from 'neverthrow';

/** The message id: the same on every attempt of one delivery, so receivers can deduplicate. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
/** Unix seconds when the attempt was signed. */
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
/** Space-separated `v1,<base64 HMAC-SHA256>` signatures (more than one while a secret is rotated). */
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';

/** How far a timestamp may be from the receiver's clock, either way (Standard Webhooks: 5 minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
const TIMESTAMP = /^\d{1,15}$/;
const SIGNATURE_ENTRY = /^v1,([A-Za-z0-9+/]+={0,2})$/;
const MAX_SIGNATURE_HEADER_LENGTH = 8192;

/** A signed message body: the raw text, or its bytes as received. */
export type WebhookBody = string | Uint8Array;

/** Request headers as Node (`IncomingHttpHeaders`) or fetch (`Headers`) gives them. */
export type WebhookRequestHeaders = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * A new signing secret: `whsec_` + base64 of 32 random bytes (Standard Webhooks). It is shown to
 * the merchant once; both sides keep it.
 */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key of a `whsec_…` secret (the bytes of its base64 part). Throws on a malformed secret: a configuration bug. */
function keyOf(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < 16) throw new TypeError('a webhook secret is whsec_ followed by base64 of at least 16 bytes');
  return key;
}

function hmac(key: Buffer, id: string, timestamp: string, body: WebhookBody): Buffer {
  return createHmac('sha256', key)
    .update(`${id}.${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}

/** What is signed: the message id, the Unix time in seconds and the exact body. */
export interface WebhookSigningInput {
  readonly secret: string;
  readonly id: string;
  readonly timestamp: number;
  readonly body: WebhookBody;
}

/** `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`. */
export function signWebhook(input: WebhookSigningInput): string {
  return `v1,${hmac(keyOf(input.secret), input.id, String(input.timestamp), input.body).toString('base64')}`;
}

/** The three Standard Webhooks headers of one attempt. */
export function webhookHeaders(input: WebhookSigningInput): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: input.id,
    [WEBHOOK_TIMESTAMP_HEADER]: String(input.timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: signWebhook(input),
  };
}

/**
 * Ids of messages already accepted, for replay protection. `remember` must be one atomic
 * check-and-set when several receiver processes share it (Redis `SET NX PX`, a unique index…).
 */
export interface WebhookSeenIds {
  /**
   * Remembers `id` until `until` (after it, a replay is refused as stale anyway); false when it is
   * already remembered. `now` is the verifier's clock.
   */
  remember(id: string, until: Date, now: Date): boolean | Promise<boolean>;
}

/** Seen ids in this process's memory, each forgotten once its timestamp has left the tolerance window. */
export class InMemoryWebhookSeenIds implements WebhookSeenIds {
  private readonly ids = new Map<string, number>();

  remember(id: string, until: Date, now: Date): boolean {
    for (const [seen, expiry] of this.ids) if (expiry <= now.getTime()) this.ids.delete(seen);
    if (this.ids.has(id)) return false;
    this.ids.set(id, until.getTime());
    return true;
  }

  /** Forgets an id, e.g. when its processing failed and the sender's retry must be accepted. */
  forget(id: string): void {
    this.ids.delete(id);
  }
}

/** Why a delivery was refused. */
export type WebhookVerificationFailure = 'malformed' | 'timestamp_stale' | 'signature_mismatch' | 'replayed';

/** A refused delivery: answer it with a 4xx (for `replayed`, a 2xx is fine too: you already have it). */
export interface WebhookVerificationError {
  readonly reason: WebhookVerificationFailure;
  readonly message: string;
}

/** A delivery whose signature, timestamp and (when checked) freshness hold. */
export interface VerifiedWebhook {
  /** The `webhook-id`: deduplicate on it. */
  readonly id: string;
  /** When the attempt was signed. */
  readonly timestamp: Date;
  /** The body parsed as JSON (a {@link WebhookEventJson} for counterpay's deliveries). */
  readonly payload: unknown;
}

/** What {@link verifyWebhook} checks. */
export interface WebhookVerificationInput {
  /** The endpoint's `whsec_…` secret. */
  readonly secret: string;
  readonly headers: WebhookRequestHeaders;
  /** The body exactly as received (not re-serialized JSON). */
  readonly rawBody: WebhookBody;
  /** The receiver's clock (default: now). */
  readonly now?: Date;
  /** Largest distance between `webhook-timestamp` and `now`, either way (default 300 s). */
  readonly toleranceSeconds?: number;
  /** Replay protection: ids already accepted; a `Set` works in one process. */
  readonly seen?: WebhookSeenIds | Set<string>;
}

function headerOf(headers: WebhookRequestHeaders, name: string): string | null {
  if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get(name);
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.length === 1 ? (value[0] ?? null) : null;
}

const refuse = (reason: WebhookVerificationFailure, message: string): WebhookVerificationError => ({ reason, message });

function checkSignature(input: WebhookVerificationInput, now: Date): Result<VerifiedWebhook, WebhookVerificationError> {
  const key = keyOf(input.secret);
  const id = headerOf(input.headers, WEBHOOK_ID_HEADER);
  const timestamp = headerOf(input.headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatures = headerOf(input.headers, WEBHOOK_SIGNATURE_HEADER);
  if (id === null || !MESSAGE_ID.test(id)) return err(refuse('malformed', `${WEBHOOK_ID_HEADER} is missing or malformed`));
  if (timestamp === null || !TIMESTAMP.test(timestamp)) {
    return err(refuse('malformed', `${WEBHOOK_TIMESTAMP_HEADER} must be Unix seconds`));
  }
  if (signatures === null || signatures.trim() === '' || signatures.length > MAX_SIGNATURE_HEADER_LENGTH) {
    return err(refuse('malformed', `${WEBHOOK_SIGNATURE_HEADER} is missing or malformed`));
  }
  const tolerance = input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (skew > tolerance) return err(refuse('timestamp_stale', `signed ${skew} s ago, more than ${tolerance} s`));
  if (-skew > tolerance) return err(refuse('timestamp_stale', `signed ${-skew} s in the future, more than ${tolerance} s`));

  const expected = hmac(key, id, timestamp, input.rawBody);
  const matches = signatures
    .split(/\s+/)
    .map((entry) => SIGNATURE_ENTRY.exec(entry)?.[1])
    .filter((sig): sig is string => sig !== undefined)
    .some((sig) => {
      const given = Buffer.from(sig, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches) return err(refuse('signature_mismatch', 'no v1 signature matches the secret, id, timestamp and body'));

  const text = typeof input.rawBody === 'string' ? input.rawBody : Buffer.from(input.rawBody).toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text) as unknown;
  } catch {
    return err(refuse('malformed', 'the body is not JSON'));
  }
  return ok({ id, timestamp: new Date(Number(timestamp) * 1000), payload });
}

function rememberOnce(seen: WebhookSeenIds | Set<string>, id: string, until: Date, now: Date): Promise<boolean> {
  if (seen instanceof Set) {
    if (seen.has(id)) return Promise.resolve(false);
    seen.add(id);
    return Promise.resolve(true);
  }
  return Promise.resolve(seen.remember(id, until, now));
}

/**
 * Verifies a webhook delivery the Standard Webhooks way, for the merchant's receiver: the headers
 * are well formed, `webhook-timestamp` is within the tolerance of `now` (either way), one of the
 * `v1` signatures is the HMAC-SHA256 of `${id}.${timestamp}.${rawBody}` under the secret (compared
 * in constant time), and — with `seen` — the id was not accepted before. Only a delivery that
 * passes every other check is remembered in `seen`, so forged requests cannot fill it.
 *
 * ```ts
 * const verified = await verifyWebhook({ secret, headers: request.headers, rawBody, seen });
 * if (verified.isErr()) return reply.code(verified.error.reason === 'replayed' ? 200 : 400).send();
 * ```
 */
export function verifyWebhook(input: WebhookVerificationInput): ResultAsync<VerifiedWebhook, WebhookVerificationError> {
  const now = input.now ?? new Date();
  const checked = checkSignature(input, now);
  const seen = input.seen;
  if (checked.isErr() || seen === undefined) return new ResultAsync(Promise.resolve(checked));
  const verified = checked.value;
  const until = new Date(verified.timestamp.getTime() + (input.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS) * 1000);
  return ResultAsync.fromSafePromise(rememberOnce(seen, verified.id, until, now)).andThen(
    (fresh): Result<VerifiedWebhook, WebhookVerificationError> =>
      fresh ? ok(verified) : err(refuse('replayed', `message ${verified.id} was already accepted`)),
  );
}
