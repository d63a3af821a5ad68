import { domainError, type DomainError, type SettlementGateway } from '@counterpay/core';
import { err, ok, ResultAsync, type Result } from 'neverthrow';
import { NetworkFault } from './faults';
import type {
  AuthorizeRequest,
  CaptureRequest,
  InquireRequest,
  MockCardNetwork,
  RefundInquiryRequest,
  RefundRequest,
  TokenizeRequest,
  VoidRequest,
} from './mock-card-network';

/**
 * {@link SettlementGateway} over the in-process {@link MockCardNetwork}. A call the network leaves
 * unanswered (timeout, failed or lost connection) is `settlement.unavailable`; any other exception
 * is a bug and rejects the result's promise.
 */
export class MockSettlementGateway implements SettlementGateway {
  readonly #network: MockCardNetwork;

  constructor(network: MockCardNetwork) {
    this.#network = network;
  }

  tokenize(request: TokenizeRequest): ReturnType<SettlementGateway['tokenize']> {
    return answer(() => this.#network.tokenize(request));
  }

  authorize(request: AuthorizeRequest): ReturnType<SettlementGateway['authorize']> {
    return answer(() => this.#network.authorize(request));
  }

  capture(request: CaptureRequest): ReturnType<SettlementGateway['capture']> {
    return answer(() => this.#network.capture(request));
  }

  void(request: VoidRequest): ReturnType<SettlementGateway['void']> {
    return answer(() => this.#network.void(request));
  }

  refundInquiry(request: RefundInquiryRequest): ReturnType<SettlementGateway['refundInquiry']> {
    return answer(() => this.#network.refundInquiry(request));
  }

  refund(request: RefundRequest): ReturnType<SettlementGateway['refund']> {
    return answer(() => this.#network.refund(request));
  }

  inquire(request: InquireRequest): ReturnType<SettlementGateway['inquire']> {
    return answer(() => this.#network.inquire(request));
  }
}

function answer<T>(call: () => Promise<T>): ResultAsync<T, DomainError> {
  return new ResultAsync(
    call().then<Result<T, DomainError>, Result<T, DomainError>>(
      (value) => ok(value),
      (error: unknown) => {
        if (error instanceof NetworkFault) {
          return err(domainError('settlement.unavailable', error.message, { operation: error.operation }));
        }
        throw error;
      },
    ),
  );
}
