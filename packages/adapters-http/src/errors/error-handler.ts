import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error';

interface ValidationIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

interface FrameworkError {
  readonly code?: string;
  readonly statusCode?: number;
  readonly message?: string;
  readonly validation?: readonly ValidationIssue[];
  readonly validationContext?: string;
}

const PROTOCOL_ERRORS: Readonly<Record<string, () => ApiError>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new ApiError('request.too_large', 'the request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new ApiError('request.unsupported_media_type', 'send application/json (or text/csv where documented)'),
  FST_ERR_CTP_INVALID_JSON_BODY: () =>
    new ApiError('validation.failed', 'the body is not valid JSON, or has a forbidden __proto__ or constructor key', { field: 'body' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new ApiError('validation.failed', 'a JSON content type was sent with an empty body', { field: 'body' }),
  FST_ERR_BAD_URL: () => new ApiError('validation.failed', 'the URL is not valid percent-encoded UTF-8', { field: 'url' }),
  FST_ERR_MAX_PARAM_LENGTH: () => new ApiError('validation.failed', 'a path parameter is too long', { field: 'params' }),
};

/** The dotted field a validation issue is about, e.g. `body.amount.value`. */
function fieldOf(context: string, issue: ValidationIssue): string {
  const path = (issue.instancePath ?? '').split('/').filter((p) => p.length > 0);
  const extra = issue.params?.['missingProperty'] ?? issue.params?.['additionalProperty'];
  if (typeof extra === 'string') path.push(extra);
  return [context, ...path].join('.');
}

function validationError(error: FrameworkError & { validation: readonly ValidationIssue[] }): ApiError {
  const context = error.validationContext ?? 'body';
  const errors = error.validation.map((issue) => {
    const field = fieldOf(context, issue);
    const message = issue.keyword === 'additionalProperties' ? 'is not a known field' : (issue.message ?? 'is invalid');
    return { field, message };
  });
  const first = errors[0];
  return new ApiError('validation.failed', first === undefined ? 'the request is invalid' : `${first.field} ${first.message}`, { errors });
}

/** Turns anything thrown by a route into an {@link ApiError}; unknown failures become `internal`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  if (Array.isArray(framework.validation)) {
    return validationError(framework as FrameworkError & { validation: readonly ValidationIssue[] });
  }
  const protocol = framework.code === undefined ? undefined : PROTOCOL_ERRORS[framework.code];
  if (protocol !== undefined) return protocol();
  const status = framework.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new ApiError('request.too_large', 'the request body is too large');
    if (status === 415) return new ApiError('request.unsupported_media_type', 'unsupported content type');
    if (status === 429) return new ApiError('request.rate_limited', 'too many requests, slow down');
    return new ApiError('validation.failed', 'the request is malformed');
  }
  return new ApiError('internal', 'an unexpected error occurred on the server');
}

/**
 * Fastify error handler of the API: every failure leaves as the contract's error body, never with a
 * stack trace. Server-side failures are logged (without the request body, which may hold a card).
 */
export function handleApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const apiError = toApiError(error);
  if (apiError.statusCode >= 500 && apiError.code === 'internal') {
    request.log.error({ err: error }, 'request failed');
  } else if (apiError.statusCode >= 500) {
    request.log.warn({ code: apiError.code }, apiError.message);
  }
  void reply.code(apiError.statusCode).type('application/json; charset=utf-8').send(apiError.toBody());
}

/**
 * Fastify's `frameworkErrors` option for the instance that hosts the counterpay plugin:
 * `Fastify({ frameworkErrors: counterpayFrameworkErrors })`. The router refuses a URL it cannot
 * percent-decode, and a path parameter over `maxParamLength`, before any plugin runs; without this
 * option Fastify answers them with its own body (echoing the whole URL) and a `414`. With it, they
 * are `400 validation.failed` in the contract's error body like every other malformed request.
 */
export const counterpayFrameworkErrors: (error: unknown, request: FastifyRequest, reply: FastifyReply) => void = handleApiError;
