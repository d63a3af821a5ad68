import type {} from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import type { HttpContext } from './http-context';

/** The answer of a rate limit, as the contract's error body. */
export function rateLimitedError(_request: FastifyRequest, context: { after: string }): ApiError {
  return new ApiError('request.rate_limited', `too many requests; retry in ${context.after}`);
}

/** Route config of the login rate limit: per client IP and store, counted after the body is parsed. */
export function loginRateLimit(context: HttpContext): FastifyContextConfig {
  const rule = context.options.rateLimits.login;
  if (rule === false) return { rateLimit: false };
  return {
    rateLimit: {
      max: rule.max,
      timeWindow: rule.timeWindowMs,
      hook: 'preHandler',
      keyGenerator: (request: FastifyRequest) => {
        const store = (request.body as { store?: unknown } | undefined)?.store;
        return `login|${request.ip}|${typeof store === 'string' ? store : ''}`;
      },
    },
  };
}

/** Route config of the portal rate limit: per client IP, against counter guessing. */
export function portalRateLimit(context: HttpContext): FastifyContextConfig {
  const rule = context.options.rateLimits.portal;
  if (rule === false) return { rateLimit: false };
  return {
    rateLimit: { max: rule.max, timeWindow: rule.timeWindowMs, keyGenerator: (request: FastifyRequest) => `portal|${request.ip}` },
  };
}

/**
 * Route config of the QR image limit: its own bucket, five times the portal's, because every
 * clerk terminal and poster loads QR images and must not starve phones polling the portal.
 */
export function qrRateLimit(context: HttpContext): FastifyContextConfig {
  const rule = context.options.rateLimits.portal;
  if (rule === false) return { rateLimit: false };
  return {
    rateLimit: { max: rule.max * 5, timeWindow: rule.timeWindowMs, keyGenerator: (request: FastifyRequest) => `qr|${request.ip}` },
  };
}
