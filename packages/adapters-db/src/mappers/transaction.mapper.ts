import type { LineItem, TransactionSnapshot, TransactionSource, TransactionStatus } from '@counterpay/core';
import type { TransactionEntity } from '../entities/transaction.entity';
import { currencyOf, minorUnits, moneyOf, optionalMoney } from './money.mapper';
import { maskedMethod, paymentMethodOf } from './payment-method.mapper';

/** Transaction snapshot ↔ row (every field; the round trip is exact). */
export const transactionMapper = {
  toEntity(s: TransactionSnapshot): TransactionEntity {
    const c = s.currency;
    return {
      storeId: s.storeId,
      id: s.id,
      counterId: s.counterId,
      reference: s.reference,
      source: s.source,
      status: s.status,
      currency: c,
      amountMinor: minorUnits(s.amount, c),
      items: [...s.items],
      scheduleEntryId: s.scheduleEntryId,
      openedBy: s.openedBy,
      paymentMethod: s.paymentMethod === null ? null : maskedMethod(s.paymentMethod),
      authorizationAttempt: s.authorizationAttempt,
      authorizationCode: s.authorization?.code ?? null,
      authorizedAmountMinor: minorUnits(s.authorization?.amount ?? null, c),
      authorizedAt: s.authorization?.authorizedAt ?? null,
      declineReason: s.declineReason,
      processingNumber: s.capture?.processingNumber ?? null,
      capturedAmountMinor: minorUnits(s.capture?.amount ?? null, c),
      capturedAt: s.capture?.capturedAt ?? null,
      capturedBy: s.capture?.capturedBy ?? null,
      captureCounterId: s.capture?.counterId ?? null,
      voidedAt: s.voidedAt,
      cancellationRequestedAt: s.cancellation?.requestedAt ?? null,
      cancellationRequestedBy: s.cancellation?.requestedBy ?? null,
      cancellationConfirmedAt: s.cancellation?.confirmedAt ?? null,
      refundedAmountMinor: minorUnits(s.refund?.amount ?? null, c),
      refundKind: s.refund?.kind ?? null,
      refundedAt: s.refund?.refundedAt ?? null,
      claimTokenHash: s.claim?.tokenHash ?? null,
      claimedAt: s.claim?.claimedAt ?? null,
      failedCardAttempts: s.failedCardAttempts,
      expiresAt: s.expiresAt,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      version: s.version,
    };
  },

  toDomain(r: TransactionEntity): TransactionSnapshot {
    const c = r.currency;
    return {
      id: r.id,
      storeId: r.storeId,
      counterId: r.counterId,
      reference: r.reference,
      source: r.source as TransactionSource,
      status: r.status as TransactionStatus,
      currency: currencyOf(c),
      amount: optionalMoney(r.amountMinor, c),
      items: r.items as LineItem[],
      scheduleEntryId: r.scheduleEntryId,
      openedBy: r.openedBy,
      paymentMethod: r.paymentMethod === null ? null : paymentMethodOf(r.paymentMethod),
      authorizationAttempt: r.authorizationAttempt,
      authorization:
        r.authorizationCode === null || r.authorizedAt === null || r.authorizedAmountMinor === null
          ? null
          : { code: r.authorizationCode, amount: moneyOf(r.authorizedAmountMinor, c), authorizedAt: r.authorizedAt },
      declineReason: r.declineReason,
      capture:
        r.processingNumber === null || r.capturedAt === null || r.capturedAmountMinor === null || r.captureCounterId === null
          ? null
          : {
              processingNumber: r.processingNumber,
              amount: moneyOf(r.capturedAmountMinor, c),
              capturedAt: r.capturedAt,
              capturedBy: r.capturedBy,
              counterId: r.captureCounterId,
            },
      voidedAt: r.voidedAt,
      cancellation:
        r.cancellationRequestedAt === null
          ? null
          : { requestedAt: r.cancellationRequestedAt, requestedBy: r.cancellationRequestedBy, confirmedAt: r.cancellationConfirmedAt },
      refund:
        r.refundedAt === null || r.refundKind === null || r.refundedAmountMinor === null
          ? null
          : { amount: moneyOf(r.refundedAmountMinor, c), kind: r.refundKind as 'refund' | 'void', refundedAt: r.refundedAt },
      claim: r.claimTokenHash === null || r.claimedAt === null ? null : { tokenHash: r.claimTokenHash, claimedAt: r.claimedAt },
      failedCardAttempts: r.failedCardAttempts,
      expiresAt: r.expiresAt,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    };
  },
};
