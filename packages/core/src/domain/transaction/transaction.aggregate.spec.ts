import { expect } from 'chai';
import type { Result } from 'neverthrow';
import { CounterMother, StoreMother, TransactionMother, aMaskedCard, yen } from '../../testing/mothers/object-mothers';
import type { DomainError } from '../shared/domain-error';
import { MAX_FAILED_CARD_ATTEMPTS, Transaction, type Actor } from './transaction.aggregate';
import {
  TRANSACTION_STATUSES,
  TRANSACTION_TRANSITIONS,
  isAllowedTransition,
  type ActorKind,
  type TransactionStatus,
} from './transaction-status';

const store = StoreMother.create();
const counter = CounterMother.create(store);
const now = new Date('2026-11-21T09:30:00Z');
const actorOf = (kind: ActorKind): Actor => (kind === 'clerk' ? { kind, staffId: 'staff-1' } : { kind });

type Command = {
  to: TransactionStatus;
  by: ActorKind;
  fixedActor?: true;
  run: (tx: Transaction, actor: Actor) => Result<void, DomainError>;
};

/** Every command of the aggregate, with the edge it takes. */
const COMMANDS: Command[] = [
  { to: 'awaiting_method', by: 'customer', run: (tx) => tx.registerAmount(yen(800), now) },
  { to: 'method_registered', by: 'customer', run: (tx) => tx.registerPaymentMethod(aMaskedCard(), now) },
  { to: 'authorizing', by: 'clerk', run: (tx, a) => tx.beginAuthorization(a, now) },
  { to: 'authorizing', by: 'system', run: (tx, a) => tx.beginAuthorization(a, now) },
  { to: 'authorized', by: 'network', run: (tx) => tx.completeAuthorization('A1', now) },
  { to: 'declined', by: 'network', run: (tx) => tx.declineAuthorization('generic_decline', now) },
  { to: 'capturing', by: 'clerk', run: (tx, a) => tx.beginCapture(a, now) },
  { to: 'capturing', by: 'system', run: (tx, a) => tx.beginCapture(a, now) },
  { to: 'captured', by: 'network', run: (tx) => tx.completeCapture('123456789012', 'staff-1', now) },
  { to: 'voiding', by: 'clerk', run: (tx, a) => tx.beginVoid(a, now) },
  { to: 'voided', by: 'network', run: (tx) => tx.completeVoid(now) },
  { to: 'cancelled', by: 'clerk', run: (tx, a) => tx.cancel(a, now) },
  { to: 'cancel_confirmed', by: 'customer', run: (tx) => tx.confirmCancellation(now) },
  { to: 'refunding', by: 'clerk', run: (tx, a) => tx.beginRefund(a, now) },
  { to: 'refunded', by: 'network', run: (tx) => tx.completeRefund('refund', now) },
  { to: 'captured', by: 'clerk', run: (tx, a) => tx.withdrawCancellation(a, now) },
  {
    to: 'cancel_requested',
    by: 'clerk',
    fixedActor: true,
    run: (tx) => {
      const capture = tx.snapshot().capture;
      return tx.requestCancellation(
        {
          processingNumber: capture?.processingNumber ?? '000000',
          amount: capture?.amount ?? yen(1),
          counterId: counter.id,
          staffId: 's',
          expiresAt: now,
        },
        now,
      );
    },
  },
];

const ALL_ACTORS: ActorKind[] = ['clerk', 'customer', 'network', 'system'];

function inStatus(status: TransactionStatus): Transaction {
  return TransactionMother.inStatus(store, counter, status, now);
}

describe('Transaction aggregate', () => {
  describe('every command, from every state, by every actor that can ask it', () => {
    for (const from of TRANSACTION_STATUSES) {
      for (const command of COMMANDS) {
        const actors = !command.fixedActor && (command.by === 'clerk' || command.by === 'system') ? ALL_ACTORS : [command.by];
        for (const actor of actors) {
          const legal = isAllowedTransition(from, command.to, actor);
          it(`${from} → ${command.to} by ${actor}: ${legal ? 'moves' : 'refused, nothing changes'}`, () => {
            const tx = inStatus(from);
            tx.pullEvents();
            const before = tx.snapshot();
            const result = command.run(tx, actorOf(actor));
            if (legal) {
              expect(result.isOk(), JSON.stringify(result)).to.equal(true);
              expect(tx.status).to.equal(command.to);
              expect(tx.peekEvents()).to.have.length(1);
              expect(tx.peekEvents()[0]!.data).to.deep.include({ from, to: command.to, actor });
            } else {
              expect(result.isErr()).to.equal(true);
              const code = result.isErr() ? result.error.code : '';
              expect(['transaction.invalid_state', 'transaction.forbidden_actor', 'card.too_many_attempts']).to.include(code);
              expect(tx.snapshot()).to.deep.equal(before);
              expect(tx.peekEvents()).to.deep.equal([]);
            }
          });
        }
      }
    }
  });

  it('refuses an actor the table does not name for an edge (customer cannot capture, clerk cannot confirm)', () => {
    const authorized = inStatus('authorized');
    const r1 = authorized.beginCapture({ kind: 'customer' }, now);
    expect(r1.isErr() && r1.error.code).to.equal('transaction.forbidden_actor');
    const requested = inStatus('cancel_requested');
    expect(isAllowedTransition('cancel_requested', 'cancel_confirmed', 'clerk')).to.equal(false);
    expect(requested.status).to.equal('cancel_requested');
  });

  it('walks every edge of the table somewhere in the command list', () => {
    for (const from of TRANSACTION_STATUSES) {
      for (const edge of TRANSACTION_TRANSITIONS[from]) {
        const byCommand = COMMANDS.some((c) => c.to === edge.to && c.by === edge.by);
        const bySystemPath =
          edge.by === 'system' &&
          (['expired', 'method_registered', 'authorized', 'cancel_confirmed', 'captured'] as TransactionStatus[]).includes(edge.to);
        expect(byCommand || bySystemPath, `${from} → ${edge.to} by ${edge.by}`).to.equal(true);
      }
    }
  });

  describe('expiry and recovery (system moves)', () => {
    for (const from of ['awaiting_amount', 'awaiting_method', 'method_registered', 'declined'] as TransactionStatus[]) {
      it(`${from} expires once the customer timeout has passed, not before`, () => {
        const tx = inStatus(from);
        const deadline = tx.snapshot().expiresAt!;
        expect(tx.expire(new Date(deadline.getTime() - 1)).isErr()).to.equal(true);
        expect(tx.status).to.equal(from);
        expect(tx.expire(deadline).isOk()).to.equal(true);
        expect(tx.status).to.equal('expired');
      });
    }
    it('an unconfirmed cancellation lapses and the sale stands', () => {
      const tx = inStatus('cancel_requested');
      expect(tx.expire(tx.snapshot().expiresAt!).isOk()).to.equal(true);
      expect(tx.status).to.equal('captured');
      expect(tx.snapshot().cancellation).to.equal(null);
    });
    for (const [from, back] of [
      ['authorizing', 'method_registered'],
      ['capturing', 'authorized'],
      ['voiding', 'authorized'],
      ['refunding', 'cancel_confirmed'],
    ] as const) {
      it(`recovery puts ${from} back to ${back} when the network never applied it`, () => {
        const tx = inStatus(from);
        expect(tx.abandonInFlight(now).isOk()).to.equal(true);
        expect(tx.status).to.equal(back);
      });
    }
    for (const status of ['authorized', 'captured', 'refunded', 'voided']) {
      it(`nothing in flight in ${status}: recovery cannot move it`, () => {
        expect(
          inStatus(status as TransactionStatus)
            .abandonInFlight(now)
            .isErr(),
        ).to.equal(true);
      });
    }
    for (const status of ['captured', 'authorized', 'refunded', 'voided', 'authorizing']) {
      it(`${status} never expires`, () => {
        expect(inStatus(status as TransactionStatus).isExpiredAt(new Date(8.64e15))).to.equal(false);
      });
    }
  });

  describe('rules beyond the table', () => {
    it('opens F1 awaiting a method and F3 awaiting the amount, with an opened event', () => {
      expect(TransactionMother.open(store, counter).status).to.equal('awaiting_method');
      const f3 = TransactionMother.open(store, counter, { amount: null });
      expect(f3.status).to.equal('awaiting_amount');
      expect(f3.peekEvents().map((e) => e.type)).to.deep.equal(['transaction.opened']);
    });

    it('refuses to open with zero, or in another currency', () => {
      const base = {
        id: 'x',
        storeId: store.id,
        counterId: counter.id,
        reference: 'r',
        source: 'clerk' as const,
        currency: 'JPY' as const,
        openedBy: null,
        expiresAt: now,
        now,
      };
      const zero = Transaction.open({ ...base, amount: yen(0) });
      expect(zero.isErr() && zero.error.code).to.equal('money.invalid_amount');
      const usd = Transaction.open({ ...base, amount: { value: 100, currency: 'USD' } });
      expect(usd.isErr() && usd.error.code).to.equal('money.currency_mismatch');
    });

    it('rehydrates with no events', () => {
      const tx = inStatus('captured');
      expect(Transaction.rehydrate(tx.snapshot()).peekEvents()).to.deep.equal([]);
    });

    it('lets one phone claim; another phone gets transaction.claimed; F2 starts a fresh claim', () => {
      const tx = inStatus('awaiting_method');
      expect(tx.claim('hash-a', now).isOk()).to.equal(true);
      const second = tx.claim('hash-b', now);
      expect(second.isErr() && second.error.code).to.equal('transaction.claimed');
      expect(tx.isClaimedBy('hash-a')).to.equal(true);
      expect(tx.isClaimedBy('hash-b')).to.equal(false);
      const sale = inStatus('captured');
      sale.claim('hash-a', now);
      const cap = sale.snapshot().capture!;
      sale.requestCancellation(
        {
          processingNumber: cap.processingNumber,
          amount: cap.amount,
          counterId: counter.id,
          staffId: null,
          expiresAt: new Date(now.getTime() + 1000),
        },
        now,
      );
      expect(sale.isClaimedBy('hash-a')).to.equal(false);
      expect(sale.claim('hash-b', now).isOk()).to.equal(true);
    });

    it('cannot be claimed when nothing waits for the customer', () => {
      for (const s of ['voided', 'cancelled', 'expired', 'refunded', 'captured', 'cancel_confirmed'] as TransactionStatus[]) {
        const r = inStatus(s).claim('h', now);
        expect(r.isErr() && r.error.code, s).to.equal('counter.nothing_presented');
      }
    });

    it('stops card attempts after the limit of failures', () => {
      const tx = inStatus('awaiting_method');
      for (let i = 0; i < MAX_FAILED_CARD_ATTEMPTS; i++) tx.recordRejectedCard('incorrect_cvc', now);
      const r = tx.registerPaymentMethod(aMaskedCard(), now);
      expect(r.isErr() && r.error.code).to.equal('card.too_many_attempts');
      expect(tx.status).to.equal('awaiting_method');
    });

    it('counts declines as failed attempts', () => {
      const tx = inStatus('declined');
      expect(tx.snapshot().failedCardAttempts).to.equal(1);
    });

    it('requires the processing number and the exact amount to present a sale for cancellation', () => {
      const tx = inStatus('captured');
      const cap = tx.snapshot().capture!;
      const wrongAmount = tx.requestCancellation(
        { processingNumber: cap.processingNumber, amount: yen(cap.amount.value + 1), counterId: counter.id, staffId: null, expiresAt: now },
        now,
      );
      expect(wrongAmount.isErr() && wrongAmount.error.code).to.equal('transaction.amount_mismatch');
      const wrongNumber = tx.requestCancellation(
        { processingNumber: '999999999999', amount: cap.amount, counterId: counter.id, staffId: null, expiresAt: now },
        now,
      );
      expect(wrongNumber.isErr() && wrongNumber.error.code).to.equal('transaction.amount_mismatch');
      expect(tx.status).to.equal('captured');
    });

    it('uses one gateway reference per operation, new per registered card, same on retry', () => {
      const tx = inStatus('authorizing');
      const first = tx.gatewayReference('authorize');
      tx.abandonInFlight(now);
      tx.beginAuthorization({ kind: 'clerk', staffId: null }, now);
      expect(tx.gatewayReference('authorize'), 'retry keeps the reference').to.equal(first);
      tx.declineAuthorization('generic_decline', now);
      tx.registerPaymentMethod(aMaskedCard(), now);
      expect(tx.gatewayReference('authorize'), 'a new card is a new operation').to.not.equal(first);
      expect(tx.gatewayReference('capture')).to.equal(`${tx.id}:capture`);
    });

    it('never shows the network token or the claim in its view', () => {
      const tx = inStatus('captured');
      tx.claim('secret-hash', now);
      const json = JSON.stringify(tx.view());
      expect(json).to.not.include(
        tx.snapshot().paymentMethod && 'token' in tx.snapshot().paymentMethod!
          ? (tx.snapshot().paymentMethod as { token: string }).token
          : 'x',
      );
      expect(json).to.not.include('secret-hash');
      expect(tx.view().processingNumber).to.equal(tx.snapshot().capture?.processingNumber);
    });
  });
});
