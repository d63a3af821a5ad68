import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** One attempt to hand a delivery to a merchant's endpoint. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The whole exchange (connect, send, status line) must end within this. */
  readonly timeoutMs: number;
}

/** The answer's status; the body is never read into memory or kept. */
export interface WebhookResponse {
  readonly status: number;
}

/** Sends one attempt; rejects when no answer came (refused, unreachable, timed out, forbidden address). */
export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>;

/** Longest endpoint URL. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const PRIVATE_NETWORKS = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_NETWORKS.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:7f00:1` → `127.0.0.1`), or null. */
function mappedIpv4(ipv6: string): string | null {
  const canonical = new URL(`http://[${ipv6}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped === null) return null;
  const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2] ?? '0', 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True for loopback, private, link-local (cloud metadata), shared, documentation, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 4) return PRIVATE_NETWORKS.check(address, 'ipv4');
  const ipv4 = mappedIpv4(address);
  return ipv4 === null ? PRIVATE_NETWORKS.check(address, 'ipv6') : PRIVATE_NETWORKS.check(ipv4, 'ipv4');
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain)$/i;

/**
 * Why `url` cannot be a webhook endpoint, or null when it can. Only `https` to a public host,
 * unless `allowInsecure` (development and tests) also lets `http` and private or loopback
 * addresses through. Host names are checked again, resolved, when each attempt connects.
 */
export function webhookUrlProblem(url: string, allowInsecure: boolean): string | null {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `the URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && !(allowInsecure && parsed.protocol === 'http:')) {
    return allowInsecure ? 'the URL must be http or https' : 'the URL must be https';
  }
  if (parsed.username !== '' || parsed.password !== '') return 'the URL must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') return 'the URL has no host';
  if (!allowInsecure && (isPrivateAddress(host) || LOCAL_NAMES.test(host))) return 'the URL must point to a public host';
  return null;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function refusedAddress(hostname: string, address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${hostname} resolves to the private address ${address}`), { code: 'EPRIVATEADDRESS' });
}

/**
 * DNS resolution that refuses private addresses at connect time, so a public name cannot be
 * re-pointed at an internal service (DNS rebinding) between the check and the connection.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, []);
    const blocked = addresses.find((a) => isPrivateAddress(a.address));
    if (blocked !== undefined) return callback(refusedAddress(hostname, blocked.address), []);
    if (options.all === true) return callback(null, addresses);
    const first = addresses[0];
    if (first === undefined) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
    return callback(null, first.address, first.family);
  });
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number): Error {
  if (timedOut) return new Error(`timeout after ${timeoutMs} ms`);
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return new Error(code === undefined ? error.message : `${code}: ${error.message}`);
  }
  return new Error(String(error));
}

/**
 * Sends webhooks with `node:http`/`node:https` rather than `fetch`, for one reason: a `lookup`
 * hook checks the resolved address of every connection, which `fetch` offers no way to do. Redirects
 * are not followed (a 3xx is a failed attempt), and the answer's body is discarded unread: an
 * endpoint's answer never reaches the delivery log, so the log cannot be used to read internal
 * services. `allowInsecureUrls` (development, tests) lets `http` and private addresses through.
 */
export function httpWebhookSender(options: { readonly allowInsecureUrls?: boolean } = {}): WebhookSender {
  const allowInsecure = options.allowInsecureUrls ?? false;
  return (request) =>
    new Promise<WebhookResponse>((resolve, reject) => {
      const problem = webhookUrlProblem(request.url, allowInsecure);
      if (problem !== null) {
        reject(new Error(problem));
        return;
      }
      const url = new URL(request.url);
      const signal = AbortSignal.timeout(request.timeoutMs);
      const client = url.protocol === 'https:' ? https : http;
      const outgoing = client.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body, 'utf8')) },
          signal,
          ...(allowInsecure ? {} : { lookup: publicOnlyLookup as LookupFunction }),
        },
        (incoming) => {
          incoming.on('error', () => undefined);
          incoming.resume();
          resolve({ status: incoming.statusCode ?? 0 });
        },
      );
      outgoing.on('error', (error) => reject(describe(error, signal.aborted, request.timeoutMs)));
      outgoing.end(request.body);
    });
}
