import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { NetworkFault, type NetworkOperation } from './faults';
import { MockCardNetwork } from './mock-card-network';
import {
  answerStatus,
  NETWORK_PATHS,
  parseFaultSettings,
  parseNetworkRequest,
  type FaultsBody,
  type FaultSettings,
  type NetworkAnswers,
  type NetworkErrorBody,
  type NetworkRequests,
} from './mock-card-network.protocol';
import { WireFaultInjector, type WireFault, type WireFaultOptions } from './wire-faults';

/** Settings of {@link startMockCardNetworkServer}. */
export interface MockCardNetworkServerOptions {
  /** Port to listen on; default 0, a free port (read it from `url`). */
  readonly port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** The network to serve, with its own faults; default a fresh {@link MockCardNetwork}. */
  readonly network?: MockCardNetwork;
  /** Seeded faults on the wire, on top of the network's own; default none. */
  readonly wireFaults?: WireFaultOptions | null;
  /** Largest request body accepted; default 64 KiB, above it `413`. */
  readonly bodyLimitBytes?: number;
  /**
   * Told about a bug inside the network (answered `500`); default `console.error`. Request bodies
   * are never passed on, so a card number cannot reach a log through it.
   */
  readonly onInternalError?: (error: unknown) => void;
}

/** A running mock card network over HTTP. */
export interface MockCardNetworkServer {
  /** Base URL, such as `http://127.0.0.1:4100`, without a trailing slash. */
  readonly url: string;
  /** The network behind the server, for tests in the same process. */
  readonly network: MockCardNetwork;
  /** The wire faults, for tests in the same process; `POST /v1/faults` changes the same injector. */
  readonly wireFaults: WireFaultInjector;
  /**
   * Stops listening and drops every connection, including requests waiting for a slow answer;
   * calls already inside the network (such as a network `timeout` fault waiting its `timeoutMs`)
   * finish on their own without answering. Calling it again answers the same promise.
   */
  close(): Promise<void>;
}

type NetworkCalls = {
  readonly [K in NetworkOperation]: (network: MockCardNetwork, request: NetworkRequests[K]) => Promise<NetworkAnswers[K]>;
};

const NETWORK_CALLS: NetworkCalls = {
  tokenize: (network, request) => network.tokenize(request),
  authorize: (network, request) => network.authorize(request),
  capture: (network, request) => network.capture(request),
  void: (network, request) => network.void(request),
  refundInquiry: (network, request) => network.refundInquiry(request),
  refund: (network, request) => network.refund(request),
  inquire: (network, request) => network.inquire(request),
};

const OPERATION_BY_PATH: ReadonlyMap<string, NetworkOperation> = new Map(
  Object.entries(NETWORK_PATHS).map(([operation, path]): [string, NetworkOperation] => [path, operation as NetworkOperation]),
);

type Body = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'invalid' | 'too_large' | 'aborted' };

function readJson(request: IncomingMessage, limitBytes: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > limitBytes) return resolve({ kind: 'too_large' });
      try {
        resolve({ kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ kind: 'invalid' });
      }
    });
    request.on('error', () => resolve({ kind: 'aborted' }));
    request.on('close', () => resolve({ kind: 'aborted' }));
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed || response.writableEnded || response.socket === null || response.socket.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body: NetworkErrorBody = { error: { code, message } };
  send(response, status, body);
}

function reset(response: ServerResponse): void {
  const socket = response.socket;
  if (socket !== null && !socket.destroyed) socket.resetAndDestroy();
}

function sendNetworkFault(response: ServerResponse, fault: NetworkFault): void {
  switch (fault.kind) {
    case 'timeout':
      return sendError(response, 504, 'network.timeout', `the card network did not answer ${fault.operation} in time`);
    case 'error':
      return sendError(response, 503, 'network.unavailable', `the card network failed during ${fault.operation}`);
    case 'lost_response':
      return reset(response);
  }
}

/**
 * Starts the mock card network as an HTTP service (protocol: {@link NETWORK_PATHS}). Besides the
 * calls of the port it serves, for tests and tools: `GET /v1/ledger?merchant=` (every reference
 * applied), `GET /v1/totals?merchant=`, `GET /v1/faults` (faults injected so far, by kind),
 * `POST /v1/faults` ({@link FaultSettings}) and `GET /healthz`.
 *
 * Wire faults ({@link WireFaultOptions}) come on top of the network's own faults: a request may be
 * refused with `500`, reset before or after being applied, applied twice under its reference,
 * answered late, or applied and answered `502`. The network's faults show as `504` after its
 * `timeoutMs` (timeout), `503` (error) and a reset (lost response).
 */
export async function startMockCardNetworkServer(options: MockCardNetworkServerOptions = {}): Promise<MockCardNetworkServer> {
  const network = options.network ?? new MockCardNetwork();
  const wireFaults = new WireFaultInjector(options.wireFaults ?? null);
  const bodyLimitBytes = options.bodyLimitBytes ?? 64 * 1024;
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error('mock card network: internal error', error));

  const closing = new AbortController();
  const faultCounts = (): FaultsBody => ({ network: network.faultsInjected(), wire: wireFaults.injected() });

  const applyFaultSettings = (settings: FaultSettings): void => {
    if (settings.network !== undefined) network.setFaults(settings.network);
    if (settings.wire !== undefined) wireFaults.configure(settings.wire);
    for (const queued of settings.failNext ?? []) {
      if (queued.layer === 'network') network.failNext(queued.kind, queued.count ?? 1);
      else wireFaults.failNext(queued.kind, queued.count ?? 1);
    }
  };

  const serveOperation = async <K extends NetworkOperation>(response: ServerResponse, operation: K, request: NetworkRequests[K]) => {
    const call = NETWORK_CALLS[operation] as (network: MockCardNetwork, request: NetworkRequests[K]) => Promise<NetworkAnswers[K]>;
    const fault: WireFault | null = wireFaults.next(operation);
    if (fault?.kind === 'http_500') return sendError(response, 500, 'network.internal', 'the card network failed');
    if (fault?.kind === 'connection_reset' && !fault.afterApplying) return reset(response);

    let answer: NetworkAnswers[K];
    try {
      answer = await call(network, request);
      if (fault?.kind === 'duplicate_answer') {
        const repeat = await call(network, request);
        if (!isDeepStrictEqual(repeat, answer)) {
          onInternalError(new Error(`a repeated ${operation} answered differently: the network does not dedupe by reference`));
        }
        answer = repeat;
      }
    } catch (error) {
      if (error instanceof NetworkFault) return sendNetworkFault(response, error);
      throw error;
    }

    switch (fault?.kind) {
      case 'connection_reset':
        return reset(response);
      case 'lost_response':
        return fault.answer === 'reset'
          ? reset(response)
          : sendError(response, 502, 'network.bad_gateway', 'the card network answer was lost');
      case 'slow_answer':
        try {
          await delay(fault.delayMs, undefined, { signal: closing.signal });
        } catch {
          return reset(response);
        }
        break;
      default:
        break;
    }
    const body = operation === 'inquire' ? { record: answer } : answer;
    send(response, answerStatus(operation, answer), body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    // A client that gave up (timeout, reset) is part of the game, not a failure of the server.
    response.on('error', () => undefined);
    const url = new URL(request.url ?? '/', 'http://mock-card-network.invalid');
    const operation = OPERATION_BY_PATH.get(url.pathname);
    const route = `${request.method ?? ''} ${operation === undefined ? url.pathname : 'operation'}`;

    if (route === 'POST operation' || route === 'POST /v1/faults') {
      const body = await readJson(request, bodyLimitBytes);
      if (body.kind !== 'json') {
        if (body.kind === 'too_large') sendError(response, 413, 'validation.too_large', `the body is larger than ${bodyLimitBytes} bytes`);
        if (body.kind === 'invalid') sendError(response, 400, 'validation.failed', 'the body is not valid JSON');
        return;
      }
      if (operation === undefined) {
        const settings = parseFaultSettings(body.value);
        if (settings.isErr()) return sendError(response, 400, 'validation.failed', settings.error);
        try {
          applyFaultSettings(settings.value);
        } catch (error) {
          if (error instanceof RangeError) return sendError(response, 400, 'validation.failed', error.message);
          throw error;
        }
        return send(response, 200, faultCounts());
      }
      const parsed = parseNetworkRequest(operation, body.value);
      if (parsed.isErr()) return sendError(response, 400, 'validation.failed', parsed.error);
      return serveOperation(response, operation, parsed.value);
    }

    const merchant = url.searchParams.get('merchant') ?? undefined;
    switch (route) {
      case 'GET /healthz':
        return send(response, 200, { status: 'ok' });
      case 'GET /v1/ledger':
        return send(response, 200, { entries: network.ledger(merchant) });
      case 'GET /v1/totals':
        if (merchant === undefined) return sendError(response, 400, 'validation.failed', 'merchant is required');
        return send(response, 200, network.totals(merchant));
      case 'GET /v1/faults':
        return send(response, 200, faultCounts());
      default:
        if (operation !== undefined || url.pathname === '/v1/faults') {
          return sendError(response, 405, 'method_not_allowed', `${request.method ?? ''} is not allowed here`);
        }
        return sendError(response, 404, 'not_found', `no route for ${request.method ?? ''} ${url.pathname}`);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      onInternalError(error);
      sendError(response, 500, 'network.internal', 'the card network failed');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    network,
    wireFaults,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      })),
  };
}
