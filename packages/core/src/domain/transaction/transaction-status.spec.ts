import { expect } from 'chai';
import {
  INITIAL_STATUSES,
  IN_FLIGHT_STATUSES,
  LIVE_STATUSES,
  TERMINAL_STATUSES,
  TRANSACTION_STATUSES,
  TRANSACTION_TRANSITIONS,
  type TransactionStatus,
} from './transaction-status';

describe('transaction transition table', () => {
  it('reaches every state from the initial states', () => {
    const seen = new Set<TransactionStatus>(INITIAL_STATUSES);
    const queue = [...INITIAL_STATUSES];
    while (queue.length > 0) {
      const from = queue.shift()!;
      for (const edge of TRANSACTION_TRANSITIONS[from]) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
    expect([...seen].sort()).to.deep.equal([...TRANSACTION_STATUSES].sort());
  });

  it('names only known states as targets, and only known actors', () => {
    for (const from of TRANSACTION_STATUSES) {
      for (const edge of TRANSACTION_TRANSITIONS[from]) {
        expect(TRANSACTION_STATUSES, `${from} → ${edge.to}`).to.include(edge.to);
        expect(['clerk', 'customer', 'network', 'system']).to.include(edge.by);
      }
    }
  });

  it('has exactly the four final states with no way out', () => {
    expect([...TERMINAL_STATUSES].sort()).to.deep.equal(['cancelled', 'expired', 'refunded', 'voided']);
  });

  it('lets every in-flight state be left by the network and by recovery (system) only', () => {
    for (const status of IN_FLIGHT_STATUSES) {
      const actors = new Set(TRANSACTION_TRANSITIONS[status].map((e) => e.by));
      expect([...actors].sort(), status).to.deep.equal(['network', 'system']);
    }
  });

  it('lets only the network move a transaction into captured, voided, refunded or authorized', () => {
    for (const from of TRANSACTION_STATUSES) {
      for (const edge of TRANSACTION_TRANSITIONS[from]) {
        if (['authorized', 'declined', 'voided', 'refunded'].includes(edge.to) && from !== 'capturing' && from !== 'voiding') {
          expect(edge.by, `${from} → ${edge.to}`).to.equal('network');
        }
      }
    }
  });

  it('frees the counter once a transaction is final or captured', () => {
    for (const s of [...TERMINAL_STATUSES, 'captured'] as TransactionStatus[]) {
      expect(LIVE_STATUSES as readonly string[], s).to.not.include(s);
    }
  });

  it('keeps no duplicate edges', () => {
    for (const from of TRANSACTION_STATUSES) {
      const keys = TRANSACTION_TRANSITIONS[from].map((e) => `${e.to}/${e.by}`);
      expect(new Set(keys).size, from).to.equal(keys.length);
    }
  });
});
