import type { WebhookStore } from '@counterpay/core';

/** The webhook routes' part of the plugin options. */
export interface WebhookHttpOptions {
  /** Endpoints and the delivery log (the same store the dispatcher works on). */
  readonly store: WebhookStore;
  /** A worker in this process, woken after a manual redelivery so that it goes out at once. */
  readonly dispatcher?: { wake(): void };
  /** Accept `http` and private or loopback endpoint URLs (development, tests); default false. */
  readonly allowInsecureUrls?: boolean;
}
