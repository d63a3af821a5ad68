import {
  isCurrencyCode,
  type AuthorizeOutcome,
  type CaptureOutcome,
  type CardBrand,
  type CardRejectReason,
  type DeclineReason,
  type MaskedCard,
  type Money,
  type OperationRecord,
  type RefundInquiryOutcome,
  type RefundOutcome,
  type TokenizeOutcome,
  type VoidOutcome,
} from '@counterpay/core';
import { err, ok, type Result } from 'neverthrow';
import { FAULT_KINDS, type FaultCounts, type FaultKind, type FaultOptions, type NetworkOperation } from './faults';
import type {
  AuthorizeRequest,
  CaptureRequest,
  InquireRequest,
  LedgerEntry,
  NetworkTotals,
  RefundInquiryRequest,
  RefundRequest,
  TokenizeRequest,
  VoidRequest,
} from './mock-card-network';
import { WIRE_FAULT_KINDS, type WireFaultCounts, type WireFaultKind, type WireFaultOptions } from './wire-faults';

/**
 * The HTTP protocol of the mock card network, shared by its server and its clients. Every call is
 * a `POST` of a JSON request to its path. The answer is the outcome itself: `200` when the network
 * did what was asked, `402` for a card rejected or declined, `409` for a capture, void or refund
 * it refused; a refund inquiry is always `200`, `inquire` answers `200 {"record": … | null}`.
 * A malformed request is `400 {"error": {"code", "message"}}` and was not applied; `5xx`, a reset
 * or no answer at all leave the outcome unknown.
 */
export const NETWORK_PATHS = {
  tokenize: '/v1/tokenize',
  authorize: '/v1/authorize',
  capture: '/v1/capture',
  void: '/v1/void',
  refundInquiry: '/v1/refund-inquiry',
  refund: '/v1/refund',
  inquire: '/v1/inquire',
} as const satisfies Record<NetworkOperation, `/v1/${string}`>;

/** Every call of the network, in the order of {@link NETWORK_PATHS}. */
export const NETWORK_OPERATIONS = Object.keys(NETWORK_PATHS) as readonly NetworkOperation[];

/** Request of each call, as the port has it. */
export interface NetworkRequests {
  readonly tokenize: TokenizeRequest;
  readonly authorize: AuthorizeRequest;
  readonly capture: CaptureRequest;
  readonly void: VoidRequest;
  readonly refundInquiry: RefundInquiryRequest;
  readonly refund: RefundRequest;
  readonly inquire: InquireRequest;
}

/** Answer of each call, as the port has it. */
export interface NetworkAnswers {
  readonly tokenize: TokenizeOutcome;
  readonly authorize: AuthorizeOutcome;
  readonly capture: CaptureOutcome;
  readonly void: VoidOutcome;
  readonly refundInquiry: RefundInquiryOutcome;
  readonly refund: RefundOutcome;
  readonly inquire: OperationRecord | null;
}

/** Body of an answer that is not an outcome (`400`, `404`, `5xx`…). */
export interface NetworkErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** A ledger entry on the wire: `at` as an ISO 8601 string. */
export type LedgerEntryJson = Omit<LedgerEntry, 'at'> & { readonly at: string };

/** Body of `GET /v1/ledger`. */
export interface LedgerBody {
  readonly entries: readonly LedgerEntryJson[];
}

/** Body of `GET /v1/totals`. */
export type TotalsBody = NetworkTotals;

/** Body of `GET /v1/faults` and of the answer to `POST /v1/faults`: faults injected so far. */
export interface FaultsBody {
  readonly network: FaultCounts;
  readonly wire: WireFaultCounts;
}

/** A fault queued ahead of the random ones, on the network itself or on the wire. */
export type QueuedFault =
  | { readonly layer: 'network'; readonly kind: FaultKind; readonly count?: number }
  | { readonly layer: 'wire'; readonly kind: WireFaultKind; readonly count?: number };

/**
 * Body of `POST /v1/faults`: a field left out keeps its setting, `null` turns those faults off,
 * `failNext` queues faults for the next faulty calls.
 */
export interface FaultSettings {
  readonly network?: FaultOptions | null;
  readonly wire?: WireFaultOptions | null;
  readonly failNext?: readonly QueuedFault[];
}

/** HTTP status of an answer of `operation`: see {@link NETWORK_PATHS}. */
export function answerStatus<K extends NetworkOperation>(operation: K, answer: NetworkAnswers[K]): number {
  if (answer === null || operation === 'inquire' || operation === 'refundInquiry' || !('outcome' in answer)) return 200;
  switch (answer.outcome) {
    case 'declined':
      return 402;
    case 'rejected':
      return operation === 'tokenize' ? 402 : 409;
    default:
      return 200;
  }
}

type Fields = Readonly<Record<string, unknown>>;
type Parsed<T> = Result<T, string>;

type OkValues<T extends readonly Parsed<unknown>[]> = { -readonly [K in keyof T]: T[K] extends Parsed<infer U> ? U : never };

function all<T extends readonly Parsed<unknown>[]>(results: T): Parsed<OkValues<T>> {
  const values: unknown[] = [];
  for (const result of results) {
    if (result.isErr()) return err(result.error);
    values.push(result.value);
  }
  return ok(values as OkValues<T>);
}

function objectOf(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function onlyFields(body: Fields, path: string, required: readonly string[], optional: readonly string[] = []): Parsed<Fields> {
  const unknown = Object.keys(body).find((key) => !required.includes(key) && !optional.includes(key));
  if (unknown !== undefined) return err(`${path}${unknown} is not a known field`);
  const missing = required.find((key) => body[key] === undefined);
  if (missing !== undefined) return err(`${path}${missing} is required`);
  return ok(body);
}

function text(body: Fields, key: string, path = ''): Parsed<string> {
  const value = body[key];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? ok(value) : err(`${path}${key} must be a non-empty string`);
}

function anyString(body: Fields, key: string, path = ''): Parsed<string> {
  const value = body[key];
  return typeof value === 'string' && value.length <= 200 ? ok(value) : err(`${path}${key} must be a string`);
}

function integer(body: Fields, key: string, path = ''): Parsed<number> {
  const value = body[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? ok(value) : err(`${path}${key} must be an integer`);
}

function moneyField(body: Fields, key: string): Parsed<Money> {
  const amount = objectOf(body[key]);
  if (amount === undefined) return err(`${key} must be {"value", "currency"}`);
  return onlyFields(amount, `${key}.`, ['value', 'currency']).andThen(() => {
    const currency = amount['currency'];
    if (typeof currency !== 'string' || !isCurrencyCode(currency)) return err(`${key}.currency must be a known ISO 4217 code`);
    return integer(amount, 'value', `${key}.`).map((value): Money => ({ value, currency }));
  });
}

function parseTokenize(body: Fields): Parsed<TokenizeRequest> {
  const card = objectOf(body['card']);
  if (card === undefined) return err('card must be an object');
  return onlyFields(card, 'card.', ['number', 'expMonth', 'expYear', 'cvc'], ['holderName']).andThen(() =>
    all([
      text(body, 'merchant'),
      text(card, 'number', 'card.'),
      integer(card, 'expMonth', 'card.'),
      integer(card, 'expYear', 'card.'),
      anyString(card, 'cvc', 'card.'),
      card['holderName'] === undefined ? ok(undefined) : anyString(card, 'holderName', 'card.'),
    ] as const).map(([merchant, number, expMonth, expYear, cvc, holderName]): TokenizeRequest => ({
      merchant,
      card: holderName === undefined ? { number, expMonth, expYear, cvc } : { number, expMonth, expYear, cvc, holderName },
    })),
  );
}

const REQUEST_FIELDS = {
  tokenize: ['merchant', 'card'],
  authorize: ['merchant', 'reference', 'token', 'amount'],
  capture: ['merchant', 'reference', 'authorizationCode', 'amount'],
  void: ['merchant', 'reference', 'authorizationCode'],
  refundInquiry: ['merchant', 'processingNumber', 'amount'],
  refund: ['merchant', 'reference', 'processingNumber', 'amount'],
  inquire: ['merchant', 'reference'],
} as const satisfies Record<NetworkOperation, readonly string[]>;

/**
 * Checks the JSON body of a request of `operation`: unknown fields, missing fields and wrong types
 * are refused with a message that names the field and never repeats its value.
 */
export function parseNetworkRequest<K extends NetworkOperation>(operation: K, value: unknown): Parsed<NetworkRequests[K]> {
  const body = objectOf(value);
  if (body === undefined) return err('the body must be a JSON object');
  const fields = onlyFields(body, '', REQUEST_FIELDS[operation]);
  if (fields.isErr()) return err(fields.error);
  const parsed = ((): Parsed<NetworkRequests[NetworkOperation]> => {
    switch (operation) {
      case 'tokenize':
        return parseTokenize(body);
      case 'authorize':
        return all([text(body, 'merchant'), text(body, 'reference'), text(body, 'token'), moneyField(body, 'amount')] as const).map(
          ([merchant, reference, token, amount]): AuthorizeRequest => ({ merchant, reference, token, amount }),
        );
      case 'capture':
        return all([
          text(body, 'merchant'),
          text(body, 'reference'),
          text(body, 'authorizationCode'),
          moneyField(body, 'amount'),
        ] as const).map(([merchant, reference, authorizationCode, amount]): CaptureRequest => ({
          merchant,
          reference,
          authorizationCode,
          amount,
        }));
      case 'void':
        return all([text(body, 'merchant'), text(body, 'reference'), text(body, 'authorizationCode')] as const).map(
          ([merchant, reference, authorizationCode]): VoidRequest => ({ merchant, reference, authorizationCode }),
        );
      case 'refundInquiry':
        return all([text(body, 'merchant'), text(body, 'processingNumber'), moneyField(body, 'amount')] as const).map(
          ([merchant, processingNumber, amount]): RefundInquiryRequest => ({ merchant, processingNumber, amount }),
        );
      case 'refund':
        return all([
          text(body, 'merchant'),
          text(body, 'reference'),
          text(body, 'processingNumber'),
          moneyField(body, 'amount'),
        ] as const).map(([merchant, reference, processingNumber, amount]): RefundRequest => ({
          merchant,
          reference,
          processingNumber,
          amount,
        }));
      case 'inquire':
        return all([text(body, 'merchant'), text(body, 'reference')] as const).map(([merchant, reference]): InquireRequest => ({
          merchant,
          reference,
        }));
      default:
        throw new TypeError(`unknown network operation ${String(operation)}`);
    }
  })();
  return parsed as Parsed<NetworkRequests[K]>;
}

const CARD_REJECT_REASONS: readonly CardRejectReason[] = [
  'invalid_number',
  'incorrect_cvc',
  'invalid_expiry',
  'expired_card',
  'unsupported_brand',
];
const DECLINE_REASONS: readonly DeclineReason[] = [
  'generic_decline',
  'insufficient_funds',
  'expired_card',
  'processing_error',
  'do_not_honor',
];
const CARD_BRANDS: readonly CardBrand[] = ['visa', 'mastercard', 'amex', 'jcb', 'discover', 'diners', 'unionpay', 'unknown'];
const MASKED_CARD_TYPES: readonly MaskedCard['type'][] = ['card', 'debit', 'prepaid'];
const REFUND_KINDS: readonly ('refund' | 'void')[] = ['refund', 'void'];

function stringAt(body: Fields, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

function numberAt(body: Fields, key: string): number | undefined {
  const value = body[key];
  return typeof value === 'number' ? value : undefined;
}

function maskedCard(value: unknown): MaskedCard | undefined {
  const body = objectOf(value);
  if (body === undefined) return undefined;
  const type = oneOf(body['type'], MASKED_CARD_TYPES);
  const token = stringAt(body, 'token');
  const brand = oneOf(body['brand'], CARD_BRANDS);
  const last4 = stringAt(body, 'last4');
  const bin = stringAt(body, 'bin');
  const expMonth = numberAt(body, 'expMonth');
  const expYear = numberAt(body, 'expYear');
  if (type === undefined || token === undefined || brand === undefined || last4 === undefined || bin === undefined) return undefined;
  if (expMonth === undefined || expYear === undefined) return undefined;
  return { type, token, brand, last4, bin, expMonth, expYear };
}

function tokenizeOutcome(body: Fields): TokenizeOutcome | undefined {
  if (body['outcome'] === 'tokenized') {
    const method = maskedCard(body['method']);
    return method === undefined ? undefined : { outcome: 'tokenized', method };
  }
  const reason = oneOf(body['reason'], CARD_REJECT_REASONS);
  return body['outcome'] === 'rejected' && reason !== undefined ? { outcome: 'rejected', reason } : undefined;
}

function authorizeOutcome(body: Fields): AuthorizeOutcome | undefined {
  const authorizationCode = stringAt(body, 'authorizationCode');
  if (body['outcome'] === 'authorized') return authorizationCode === undefined ? undefined : { outcome: 'authorized', authorizationCode };
  const reason = oneOf(body['reason'], DECLINE_REASONS);
  return body['outcome'] === 'declined' && reason !== undefined ? { outcome: 'declined', reason } : undefined;
}

function rejection(body: Fields): { readonly outcome: 'rejected'; readonly reason: string } | undefined {
  const reason = stringAt(body, 'reason');
  return body['outcome'] === 'rejected' && reason !== undefined ? { outcome: 'rejected', reason } : undefined;
}

function captureOutcome(body: Fields): CaptureOutcome | undefined {
  const processingNumber = stringAt(body, 'processingNumber');
  if (body['outcome'] === 'captured') return processingNumber === undefined ? undefined : { outcome: 'captured', processingNumber };
  return rejection(body);
}

function voidOutcome(body: Fields): VoidOutcome | undefined {
  return body['outcome'] === 'voided' ? { outcome: 'voided' } : rejection(body);
}

function refundOutcome(body: Fields): RefundOutcome | undefined {
  const kind = oneOf(body['kind'], REFUND_KINDS);
  if (body['outcome'] === 'refunded') return kind === undefined ? undefined : { outcome: 'refunded', kind };
  return rejection(body);
}

function refundInquiryOutcome(body: Fields): RefundInquiryOutcome | undefined {
  if (body['refundable'] === true) {
    const kind = oneOf(body['kind'], REFUND_KINDS);
    return kind === undefined ? undefined : { refundable: true, kind };
  }
  const reason = stringAt(body, 'reason');
  return body['refundable'] === false && reason !== undefined ? { refundable: false, reason } : undefined;
}

function operationRecord(value: unknown): OperationRecord | null | undefined {
  if (value === null) return null;
  const body = objectOf(value);
  const outcome = objectOf(body?.['outcome']);
  if (body === undefined || outcome === undefined) return undefined;
  switch (body['operation']) {
    case 'authorize': {
      const answer = authorizeOutcome(outcome);
      return answer && { operation: 'authorize', outcome: answer };
    }
    case 'capture': {
      const answer = captureOutcome(outcome);
      return answer && { operation: 'capture', outcome: answer };
    }
    case 'void': {
      const answer = voidOutcome(outcome);
      return answer && { operation: 'void', outcome: answer };
    }
    case 'refund': {
      const answer = refundOutcome(outcome);
      return answer && { operation: 'refund', outcome: answer };
    }
    default:
      return undefined;
  }
}

/**
 * Reads the JSON body of an answer to `operation` as its outcome, keeping only the fields the port
 * knows; undefined when the body is not such an outcome (an error body, or garbage).
 */
export function parseNetworkAnswer<K extends NetworkOperation>(operation: K, value: unknown): NetworkAnswers[K] | undefined {
  const body = objectOf(value);
  if (body === undefined) return undefined;
  const answer = ((): NetworkAnswers[NetworkOperation] | undefined => {
    switch (operation) {
      case 'tokenize':
        return tokenizeOutcome(body);
      case 'authorize':
        return authorizeOutcome(body);
      case 'capture':
        return captureOutcome(body);
      case 'void':
        return voidOutcome(body);
      case 'refundInquiry':
        return refundInquiryOutcome(body);
      case 'refund':
        return refundOutcome(body);
      case 'inquire':
        return 'record' in body ? operationRecord(body['record']) : undefined;
      default:
        return undefined;
    }
  })();
  return answer as NetworkAnswers[K] | undefined;
}

function kindsOf<T extends string>(value: unknown, allowed: readonly T[], path: string): Parsed<readonly T[]> {
  if (!Array.isArray(value)) return err(`${path} must be an array`);
  const kinds = value.map((kind) => oneOf(kind, allowed));
  return kinds.every((kind) => kind !== undefined) ? ok(kinds as T[]) : err(`${path} may only hold ${allowed.join(', ')}`);
}

function optionalMs(body: Fields, key: string, path: string): Parsed<number | undefined> {
  const value = body[key];
  if (value === undefined) return ok(undefined);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? ok(value) : err(`${path}${key} must be 0 or more`);
}

function optionalOperations(body: Fields, path: string): Parsed<readonly NetworkOperation[] | undefined> {
  return body['operations'] === undefined ? ok(undefined) : kindsOf(body['operations'], NETWORK_OPERATIONS, `${path}operations`);
}

function seedAndRate(body: Fields, path: string): Parsed<{ readonly seed: number; readonly rate: number }> {
  const { seed, rate } = body;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) return err(`${path}seed must be an integer`);
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) return err(`${path}rate must be within 0..1`);
  return ok({ seed, rate });
}

/** Checks {@link FaultOptions} read from JSON (`POST /v1/faults`, `MOCK_NETWORK_FAULTS`); null turns faults off. */
export function parseFaultOptions(value: unknown, path = ''): Parsed<FaultOptions | null> {
  if (value === null) return ok(null);
  const body = objectOf(value);
  if (body === undefined) return err(`${path || 'fault options'} must be an object or null`);
  return onlyFields(body, path, ['seed', 'rate', 'kinds'], ['latencyMs', 'timeoutMs', 'operations']).andThen(() =>
    all([
      seedAndRate(body, path),
      kindsOf(body['kinds'], FAULT_KINDS, `${path}kinds`),
      optionalMs(body, 'latencyMs', path),
      optionalMs(body, 'timeoutMs', path),
      optionalOperations(body, path),
    ] as const).map(([{ seed, rate }, kinds, latencyMs, timeoutMs, operations]): FaultOptions => ({
      seed,
      rate,
      kinds,
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(operations === undefined ? {} : { operations }),
    })),
  );
}

/** Checks {@link WireFaultOptions} read from JSON (`POST /v1/faults`, `MOCK_NETWORK_WIRE_FAULTS`); null turns them off. */
export function parseWireFaultOptions(value: unknown, path = ''): Parsed<WireFaultOptions | null> {
  if (value === null) return ok(null);
  const body = objectOf(value);
  if (body === undefined) return err(`${path || 'wire fault options'} must be an object or null`);
  return onlyFields(body, path, ['seed', 'rate', 'kinds'], ['slowAnswerMs', 'operations']).andThen(() =>
    all([
      seedAndRate(body, path),
      kindsOf(body['kinds'], WIRE_FAULT_KINDS, `${path}kinds`),
      optionalMs(body, 'slowAnswerMs', path),
      optionalOperations(body, path),
    ] as const).map(([{ seed, rate }, kinds, slowAnswerMs, operations]): WireFaultOptions => ({
      seed,
      rate,
      kinds,
      ...(slowAnswerMs === undefined ? {} : { slowAnswerMs }),
      ...(operations === undefined ? {} : { operations }),
    })),
  );
}

function queuedFault(value: unknown, index: number): Parsed<QueuedFault> {
  const path = `failNext[${index}].`;
  const body = objectOf(value);
  if (body === undefined) return err(`failNext[${index}] must be an object`);
  const count = body['count'];
  if (count !== undefined && !(typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= 10_000)) {
    return err(`${path}count must be an integer within 1..10000`);
  }
  const counted = count === undefined ? {} : { count };
  return onlyFields(body, path, ['layer', 'kind'], ['count']).andThen((): Parsed<QueuedFault> => {
    if (body['layer'] === 'network') {
      const kind = oneOf(body['kind'], FAULT_KINDS);
      return kind === undefined ? err(`${path}kind must be one of ${FAULT_KINDS.join(', ')}`) : ok({ layer: 'network', kind, ...counted });
    }
    if (body['layer'] === 'wire') {
      const kind = oneOf(body['kind'], WIRE_FAULT_KINDS);
      return kind === undefined
        ? err(`${path}kind must be one of ${WIRE_FAULT_KINDS.join(', ')}`)
        : ok({ layer: 'wire', kind, ...counted });
    }
    return err(`${path}layer must be network or wire`);
  });
}

/** Checks the body of `POST /v1/faults`. */
export function parseFaultSettings(value: unknown): Parsed<FaultSettings> {
  const body = objectOf(value);
  if (body === undefined) return err('the body must be a JSON object');
  const failNext = body['failNext'];
  if (failNext !== undefined && !Array.isArray(failNext)) return err('failNext must be an array');
  return onlyFields(body, '', [], ['network', 'wire', 'failNext']).andThen(() =>
    all([
      body['network'] === undefined ? ok(undefined) : parseFaultOptions(body['network'], 'network.'),
      body['wire'] === undefined ? ok(undefined) : parseWireFaultOptions(body['wire'], 'wire.'),
      all((failNext ?? []).map((item: unknown, index: number) => queuedFault(item, index))),
    ] as const).map(([network, wire, queued]): FaultSettings => ({
      ...(network === undefined ? {} : { network }),
      ...(wire === undefined ? {} : { wire }),
      ...(queued.length === 0 ? {} : { failNext: queued }),
    })),
  );
}
