import { DEFAULT_FAULTY_OPERATIONS, mulberry32, type NetworkOperation } from './faults';

/** Kinds of trouble the HTTP mock network injects on the wire, on top of the network's own faults. */
export const WIRE_FAULT_KINDS = ['connection_reset', 'duplicate_answer', 'slow_answer', 'http_500', 'lost_response'] as const;

/**
 * - `connection_reset`: the socket is reset without an answer, before or after the call was
 *   applied (drawn from the seed).
 * - `duplicate_answer`: the request reaches the network twice under the same reference; dedupe
 *   must make the second delivery harmless, and the client gets the second answer.
 * - `slow_answer`: applied, answered after `slowAnswerMs`.
 * - `http_500`: answered `500` without applying the call.
 * - `lost_response`: applied, then answered `502` or reset (drawn from the seed).
 */
export type WireFaultKind = (typeof WIRE_FAULT_KINDS)[number];

/** Seeded wire faults of the HTTP mock network. */
export interface WireFaultOptions {
  /** Seed of the PRNG: the same seed and the same requests give the same faults. */
  readonly seed: number;
  /** Probability (0..1) that a request of `operations` meets a wire fault. */
  readonly rate: number;
  /** Kinds drawn from, uniformly. */
  readonly kinds: readonly WireFaultKind[];
  /** Delay of a `slow_answer`; default 100 ms. */
  readonly slowAnswerMs?: number;
  /** Requests that may meet a fault; default {@link DEFAULT_FAULTY_OPERATIONS}. */
  readonly operations?: readonly NetworkOperation[];
}

/** How many wire faults of each kind were injected. */
export type WireFaultCounts = Readonly<Record<WireFaultKind, number>>;

/** One wire fault, with the variant the seed chose. */
export type WireFault =
  | { readonly kind: 'connection_reset'; readonly afterApplying: boolean }
  | { readonly kind: 'duplicate_answer' }
  | { readonly kind: 'slow_answer'; readonly delayMs: number }
  | { readonly kind: 'http_500' }
  | { readonly kind: 'lost_response'; readonly answer: 'http_502' | 'reset' };

function checked(options: WireFaultOptions): WireFaultOptions {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`wire fault rate must be within 0..1, got ${options.rate}`);
  if (options.rate > 0 && options.kinds.length === 0) throw new RangeError('a wire fault rate above 0 needs at least one kind');
  if (options.slowAnswerMs !== undefined && !(options.slowAnswerMs >= 0)) {
    throw new RangeError(`slowAnswerMs must be 0 or more, got ${options.slowAnswerMs}`);
  }
  return options;
}

/**
 * Decides which requests meet a wire fault: faults queued by {@link WireFaultInjector.failNext}
 * first, then the seeded draw, both only for the configured operations. Built on the same
 * {@link mulberry32} as the network's {@link FaultInjector}, with its own seed.
 */
export class WireFaultInjector {
  #options: WireFaultOptions | null = null;
  #random: () => number = mulberry32(0);
  #queued: WireFaultKind[] = [];
  readonly #counts: Record<WireFaultKind, number> = {
    connection_reset: 0,
    duplicate_answer: 0,
    slow_answer: 0,
    http_500: 0,
    lost_response: 0,
  };

  constructor(options: WireFaultOptions | null = null) {
    this.configure(options);
  }

  /** Replaces the random faults (null: none) and restarts the PRNG from the new seed. */
  configure(options: WireFaultOptions | null): void {
    this.#options = options === null ? null : checked(options);
    this.#random = mulberry32(options?.seed ?? 0);
  }

  /** Makes the next `count` requests of the faulty operations meet `kind`. */
  failNext(kind: WireFaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.#queued.push(kind);
  }

  /** The fault for the next request of `operation`, or null; counts what it injects. */
  next(operation: NetworkOperation): WireFault | null {
    const operations = this.#options?.operations ?? DEFAULT_FAULTY_OPERATIONS;
    if (!operations.includes(operation)) return null;
    const kind = this.#queued.shift() ?? this.#draw();
    if (kind === null) return null;
    this.#counts[kind]++;
    switch (kind) {
      case 'connection_reset':
        return { kind, afterApplying: this.#random() < 0.5 };
      case 'duplicate_answer':
      case 'http_500':
        return { kind };
      case 'slow_answer':
        return { kind, delayMs: this.#options?.slowAnswerMs ?? 100 };
      case 'lost_response':
        return { kind, answer: this.#random() < 0.5 ? 'http_502' : 'reset' };
    }
  }

  /** Wire faults injected so far, by kind. */
  injected(): WireFaultCounts {
    return { ...this.#counts };
  }

  #draw(): WireFaultKind | null {
    const options = this.#options;
    if (options === null || options.rate === 0) return null;
    if (this.#random() >= options.rate) return null;
    return options.kinds[Math.floor(this.#random() * options.kinds.length)] ?? null;
  }
}
