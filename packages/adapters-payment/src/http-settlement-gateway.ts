import { setTimeout as delay } from 'node:timers/promises';
import { domainError, type DomainError, type SettlementGateway } from '@counterpay/core';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import type { NetworkOperation } from './faults';
import type {
  AuthorizeRequest,
  CaptureRequest,
  InquireRequest,
  RefundInquiryRequest,
  RefundRequest,
  TokenizeRequest,
  VoidRequest,
} from './mock-card-network';
import { NETWORK_PATHS, parseNetworkAnswer, type NetworkAnswers, type NetworkRequests } from './mock-card-network.protocol';

/** How {@link HttpSettlementGateway} retries a call that got no usable answer. */
export interface RetryPolicy {
  /** Tries per call, the first included; 1 turns retries off. Default 3. */
  readonly attempts: number;
  /** Ceiling of the first backoff, doubled on each further retry; the wait is drawn below it (full jitter). Default 50 ms. */
  readonly baseDelayMs: number;
  /** Ceiling of any backoff. Default 1000 ms. */
  readonly maxDelayMs: number;
}

/** Settings of an {@link HttpSettlementGateway}. */
export interface HttpSettlementGatewayOptions {
  /** Base URL of the network, such as `http://127.0.0.1:4100`. */
  readonly baseUrl: string;
  /** Time each attempt may take, answer body included; default 2000 ms. */
  readonly timeoutMs?: number;
  /** Retries of a call that got no usable answer; default {@link DEFAULT_RETRY_POLICY}. */
  readonly retry?: Partial<RetryPolicy>;
  /** Source of the backoff jitter, answering numbers in [0, 1); default `Math.random`. */
  readonly random?: () => number;
}

/** Three tries, backoff drawn below 50 ms, then 100 ms. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 50, maxDelayMs: 1000 };

/**
 * Why a call got no usable answer, as `details.cause` of `settlement.unavailable`: no answer in
 * time, a connection refused, reset or closed, a status that leaves the outcome unknown (`5xx`,
 * `408`, `429`), or an answer that is not an outcome.
 */
export type TransportFailureCause = 'timeout' | 'connection' | 'http_status' | 'bad_answer';

type Reply =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'failure'; readonly cause: 'timeout' | 'connection'; readonly transportCode: string | undefined };

interface Failure {
  readonly cause: TransportFailureCause;
  readonly status?: number;
  readonly transportCode?: string | undefined;
}

const UNKNOWN_OUTCOME_4XX: ReadonlySet<number> = new Set([408, 429]);

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function transportCodeOf(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  const code: unknown = cause !== null && typeof cause === 'object' && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

function errorCodeOf(body: unknown): string | undefined {
  const error: unknown = body !== null && typeof body === 'object' && 'error' in body ? body.error : undefined;
  const code: unknown = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^[a-z0-9_.]{1,60}$/.test(code) ? code : undefined;
}

/**
 * {@link SettlementGateway} over the HTTP mock card network ({@link startMockCardNetworkServer},
 * the `counterpay-mock-network` bin) or any service speaking its protocol ({@link NETWORK_PATHS}).
 *
 * - An answer that is an outcome, with a `2xx` or `4xx` status, is that outcome (a decline is `402`).
 * - A timeout (`timeoutMs` per attempt), a refused, reset or closed connection, a `5xx`, `408` or
 *   `429`, or an answer that is no outcome leave the outcome unknown: the call is sent again, the
 *   same request under the same reference, up to `retry.attempts` tries with jittered exponential
 *   backoff, then answered `err({ code: 'settlement.unavailable' })`. This is safe because the
 *   network applies a reference at most once; a repeated `tokenize` may leave an unused token in
 *   the vault, which moves no money.
 * - Any other `4xx` means the network refused the request without applying it:
 *   `err({ code: 'settlement.rejected' })`.
 *
 * Errors carry the operation, the number of tries, the cause, the status and the transport's error
 * code, never a request: no card number reaches an error or a log. The gateway logs nothing.
 */
export class HttpSettlementGateway implements SettlementGateway {
  readonly #baseUrl: string;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #random: () => number;

  constructor(options: HttpSettlementGatewayOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`baseUrl must be http or https, got ${url.protocol}`);
    this.#baseUrl = url.href.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#random = options.random ?? Math.random;
    if (!(this.#timeoutMs > 0)) throw new RangeError(`timeoutMs must be above 0, got ${this.#timeoutMs}`);
    if (!Number.isInteger(this.#retry.attempts) || this.#retry.attempts < 1) {
      throw new RangeError(`retry.attempts must be an integer of 1 or more, got ${this.#retry.attempts}`);
    }
  }

  tokenize(request: TokenizeRequest): ReturnType<SettlementGateway['tokenize']> {
    return this.#call('tokenize', request);
  }

  authorize(request: AuthorizeRequest): ReturnType<SettlementGateway['authorize']> {
    return this.#call('authorize', request);
  }

  capture(request: CaptureRequest): ReturnType<SettlementGateway['capture']> {
    return this.#call('capture', request);
  }

  void(request: VoidRequest): ReturnType<SettlementGateway['void']> {
    return this.#call('void', request);
  }

  refundInquiry(request: RefundInquiryRequest): ReturnType<SettlementGateway['refundInquiry']> {
    return this.#call('refundInquiry', request);
  }

  refund(request: RefundRequest): ReturnType<SettlementGateway['refund']> {
    return this.#call('refund', request);
  }

  inquire(request: InquireRequest): ReturnType<SettlementGateway['inquire']> {
    return this.#call('inquire', request);
  }

  #call<K extends NetworkOperation>(operation: K, request: NetworkRequests[K]): ResultAsync<NetworkAnswers[K], DomainError> {
    return new ResultAsync(this.#settle(operation, JSON.stringify(request)));
  }

  async #settle<K extends NetworkOperation>(operation: K, payload: string): Promise<Result<NetworkAnswers[K], DomainError>> {
    let failure: Failure = { cause: 'bad_answer' };
    for (let attempt = 1; attempt <= this.#retry.attempts; attempt++) {
      if (attempt > 1) await delay(this.#backoffMs(attempt - 1));
      const reply = await this.#post(NETWORK_PATHS[operation], payload);
      if (reply.kind === 'failure') {
        failure = reply;
        continue;
      }
      const { status, body } = reply;
      const answer = parseNetworkAnswer(operation, body);
      if (answer !== undefined && status >= 200 && status < 500) return ok(answer);
      if (status >= 400 && status < 500 && !UNKNOWN_OUTCOME_4XX.has(status)) {
        const code = errorCodeOf(body);
        return err(
          domainError('settlement.rejected', `the card network refused ${operation} with ${status}`, {
            operation,
            status,
            ...(code === undefined ? {} : { networkCode: code }),
          }),
        );
      }
      failure = { cause: status >= 500 || UNKNOWN_OUTCOME_4XX.has(status) ? 'http_status' : 'bad_answer', status };
    }
    const tries = this.#retry.attempts;
    return err(
      domainError(
        'settlement.unavailable',
        `the card network gave no usable answer to ${operation} in ${tries} ${tries === 1 ? 'try' : 'tries'}`,
        {
          operation,
          attempts: tries,
          cause: failure.cause,
          ...(failure.status === undefined ? {} : { status: failure.status }),
          ...(failure.transportCode === undefined ? {} : { transportCode: failure.transportCode }),
        },
      ),
    );
  }

  async #post(path: string, payload: string): Promise<Reply> {
    try {
      const response = await fetch(`${this.#baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      return { kind: 'answer', status: response.status, body: jsonOrUndefined(await response.text()) };
    } catch (error) {
      return { kind: 'failure', cause: isTimeout(error) ? 'timeout' : 'connection', transportCode: transportCodeOf(error) };
    }
  }

  #backoffMs(retry: number): number {
    const ceiling = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** (retry - 1));
    return Math.floor(this.#random() * ceiling);
  }
}
