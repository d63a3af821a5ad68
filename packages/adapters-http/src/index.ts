export { counterpayHttp, CONTENT_SECURITY_POLICY } from './counterpay-http.plugin';
export {
  resolveHttpOptions,
  DEFAULT_LOGIN_LIMIT,
  DEFAULT_PORTAL_LIMIT,
  type CounterpayHttpOptions,
  type RateLimitRule,
  type RateLimits,
  type ResolvedHttpOptions,
} from './counterpay-http.options';
export { httpModule, HTTP_TOKENS, type RegisterCounterpayHttp } from './http.module';
export { hashPassword, verifyPassword, type ScryptCost } from './auth/password-hasher';
export { ACCESS, type Access } from './auth/access-guard';
export type { Principal, Role } from './auth/principal';
export { ERROR_STATUS, HTTP_ERROR_CODES, statusOf, type ApiErrorCode, type HttpErrorCode } from './errors/error-status';
export { ApiError, type ErrorBody } from './errors/api-error';
export { counterpayFrameworkErrors } from './errors/error-handler';
export { counterpayLoggerOptions, REDACTED_PATHS, type LogDestination } from './logging/logger-options';
export { presentTransaction, type TransactionJson, type PaymentMethodJson, type Audience } from './presenters/transaction.presenter';
export { MAX_IDEMPOTENCY_KEY_LENGTH, REPLAYED_HEADER } from './idempotency/idempotency.hooks';
export {
  verifyWebhook,
  signWebhook,
  webhookHeaders,
  generateWebhookSecret,
  InMemoryWebhookSeenIds,
  WEBHOOK_ID_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type WebhookBody,
  type WebhookRequestHeaders,
  type WebhookSigningInput,
  type WebhookSeenIds,
  type WebhookVerificationInput,
  type WebhookVerificationFailure,
  type WebhookVerificationError,
  type VerifiedWebhook,
} from './webhooks/webhook-signature';
export {
  WebhookDispatcher,
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_USER_AGENT,
  type WebhookDispatcherOptions,
} from './webhooks/webhook-dispatcher';
export {
  httpWebhookSender,
  isPrivateAddress,
  webhookUrlProblem,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookSender,
} from './webhooks/webhook-transport';
export { webhookEventOf, type WebhookEventJson, type WebhookEventDetails } from './webhooks/webhook-payload';
export type { WebhookHttpOptions } from './webhooks/webhook-http.options';
