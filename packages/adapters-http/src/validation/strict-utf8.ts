import type { FastifyBodyParser, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The `done` callback of a Fastify content-type parser. */
export type BodyParserDone = (error: Error | null, body?: unknown) => void;

/**
 * A body parser that reads the body as bytes and hands `parse` its text only when the bytes are
 * UTF-8, as JSON must be (RFC 8259 §8.1) and as the CSV import expects. Otherwise the request is
 * `400 validation.failed`: decoding with replacement characters would store `\uFFFD` in names and
 * labels, and give different bytes the same idempotency fingerprint. A leading byte order mark is
 * dropped.
 */
export function strictUtf8(parse: (request: FastifyRequest, text: string, done: BodyParserDone) => void): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body);
    } catch {
      done(new ApiError('validation.failed', 'the body is not valid UTF-8', { field: 'body' }), undefined);
      return;
    }
    parse(request, text, done);
  };
}
