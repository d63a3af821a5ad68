import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { cardBrandOf, type MaskedCard } from '@counterpay/core';

/** What the vault needs to keep a card: the CVC is checked before and never handed over. */
export interface VaultCard {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
}

interface VaultEntry {
  readonly merchant: string;
  readonly number: string;
  readonly masked: MaskedCard;
}

/**
 * The only place the mock network keeps a full card number. Callers get a random `tok_…` token and
 * a masked view; the number is lent to the network's issuer logic for one call at a time and never
 * returned, serialized or shown by `util.inspect`.
 */
export class TokenVault {
  readonly #entries = new Map<string, VaultEntry>();

  /** Keeps `card` for `merchant` and answers its masked view under a fresh token. */
  store(merchant: string, card: VaultCard): MaskedCard {
    const token = this.#freshToken();
    const masked: MaskedCard = {
      type: 'card',
      token,
      brand: cardBrandOf(card.number),
      last4: card.number.slice(-4),
      bin: card.number.slice(0, 6),
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
    this.#entries.set(token, { merchant, number: card.number, masked });
    return masked;
  }

  /** The masked view of `token`, when `merchant` owns it. */
  find(merchant: string, token: string): MaskedCard | undefined {
    const entry = this.#entries.get(token);
    return entry?.merchant === merchant ? entry.masked : undefined;
  }

  /**
   * Lends the number behind `token` to `use` for the length of the call (the issuer's decision);
   * undefined when `merchant` does not own the token.
   */
  withCardNumber<T>(merchant: string, token: string, use: (number: string, card: MaskedCard) => T): T | undefined {
    const entry = this.#entries.get(token);
    return entry?.merchant === merchant ? use(entry.number, entry.masked) : undefined;
  }

  /** How many cards the vault keeps. */
  get size(): number {
    return this.#entries.size;
  }

  /** Serializes as a count, never as cards. */
  toJSON(): { readonly tokens: number } {
    return { tokens: this.size };
  }

  /** Logs as a count, never as cards. */
  [inspect.custom](): string {
    return `TokenVault { tokens: ${this.size} }`;
  }

  #freshToken(): string {
    let token: string;
    do {
      token = `tok_${randomBytes(18).toString('base64url')}`;
    } while (this.#entries.has(token));
    return token;
  }
}
