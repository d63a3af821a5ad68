import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** A pino destination (for example a stream that tests read). */
export interface LogDestination {
  write(line: string): unknown;
}

/** Headers and fields never written to the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-customer-token"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'req.body',
  'body',
  'card',
  'password',
  '*.card',
  '*.password',
  '*.cvc',
  '*.number',
] as const;

/**
 * Logger options for the Fastify instance that hosts {@link counterpayHttp}: pino with the
 * credentials redacted, and requests serialized as method, URL and address only — request bodies
 * (which carry card numbers and passwords) are never logged.
 */
export function counterpayLoggerOptions(
  options: { readonly level?: string; readonly stream?: LogDestination } = {},
): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level: options.level ?? 'info',
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url,
        remoteAddress: request.ip,
      }),
    },
  };
}
