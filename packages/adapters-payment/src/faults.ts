import { setTimeout as delay } from 'node:timers/promises';

/** Kinds of trouble the mock network can inject. */
export const FAULT_KINDS = ['timeout', 'error', 'lost_response', 'latency'] as const;

/**
 * - `timeout`: waits `timeoutMs`, then fails without applying the call.
 * - `error`: fails at once without applying the call.
 * - `lost_response`: applies the call, then fails (applied but unanswered).
 * - `latency`: applies the call and answers after `latencyMs`.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The calls of the mock network. */
export type NetworkOperation = 'tokenize' | 'authorize' | 'capture' | 'void' | 'refund' | 'refundInquiry' | 'inquire';

/**
 * Calls that fail by default: the money-moving ones. `inquire` is left out so that recovery can
 * always make progress unless a test asks otherwise.
 */
export const DEFAULT_FAULTY_OPERATIONS: readonly NetworkOperation[] = ['authorize', 'capture', 'void', 'refund'];

/** Random fault injection, replayable from `seed`. */
export interface FaultOptions {
  /** Seed of the PRNG: the same seed and the same calls give the same faults. */
  readonly seed: number;
  /** Probability (0..1) that a call of `operations` fails. */
  readonly rate: number;
  /** Kinds drawn from, uniformly. */
  readonly kinds: readonly FaultKind[];
  /** Delay of a `latency` fault; default 10 ms. */
  readonly latencyMs?: number;
  /** Wait before a `timeout` fault answers; default 0 ms. */
  readonly timeoutMs?: number;
  /** Calls that may fail; default {@link DEFAULT_FAULTY_OPERATIONS}. */
  readonly operations?: readonly NetworkOperation[];
}

/** How many faults of each kind were injected. */
export type FaultCounts = Readonly<Record<FaultKind, number>>;

/**
 * Raised by the mock network when a call gets no answer; the gateway turns it into
 * `settlement.unavailable`. Whether the call was applied is not told, as on a real network.
 */
export class NetworkFault extends Error {
  override readonly name = 'NetworkFault';

  constructor(
    readonly kind: Exclude<FaultKind, 'latency'>,
    readonly operation: NetworkOperation,
  ) {
    super(
      kind === 'timeout' ? `card network did not answer ${operation} in time` : `connection to the card network failed during ${operation}`,
    );
  }
}

/** mulberry32: a tiny seeded PRNG answering numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checked(options: FaultOptions): FaultOptions {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`fault rate must be within 0..1, got ${options.rate}`);
  if (options.rate > 0 && options.kinds.length === 0) throw new RangeError('a fault rate above 0 needs at least one kind');
  return options;
}

/**
 * Decides which calls fail. Faults queued by {@link FaultInjector.failNext} come first, then the
 * seeded random draw; both only touch the configured operations.
 */
export class FaultInjector {
  #options: FaultOptions | null = null;
  #random: () => number = mulberry32(0);
  #queued: FaultKind[] = [];
  readonly #counts: Record<FaultKind, number> = { timeout: 0, error: 0, lost_response: 0, latency: 0 };

  constructor(options: FaultOptions | null = null) {
    this.configure(options);
  }

  /** Replaces the random faults (null: none) and restarts the PRNG from the new seed. */
  configure(options: FaultOptions | null): void {
    this.#options = options === null ? null : checked(options);
    this.#random = mulberry32(options?.seed ?? 0);
  }

  /** Makes the next `count` calls of the faulty operations fail with `kind`. */
  failNext(kind: FaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.#queued.push(kind);
  }

  /** The fault for the next call of `operation`, or null; counts what it injects. */
  next(operation: NetworkOperation): FaultKind | null {
    const operations = this.#options?.operations ?? DEFAULT_FAULTY_OPERATIONS;
    if (!operations.includes(operation)) return null;
    const kind = this.#queued.shift() ?? this.#draw();
    if (kind !== null) this.#counts[kind]++;
    return kind;
  }

  /**
   * Runs `apply` (the network applying the call) under the next fault for `operation`: it may not
   * run at all, run and lose its answer, or answer late.
   */
  async run<T>(operation: NetworkOperation, apply: () => T): Promise<T> {
    const kind = this.next(operation);
    switch (kind) {
      case null:
        return apply();
      case 'timeout':
        await this.#wait(this.#options?.timeoutMs ?? 0);
        throw new NetworkFault('timeout', operation);
      case 'error':
        throw new NetworkFault('error', operation);
      case 'lost_response':
        apply();
        throw new NetworkFault('lost_response', operation);
      case 'latency': {
        const answer = apply();
        await this.#wait(this.#options?.latencyMs ?? 10);
        return answer;
      }
    }
  }

  /** Faults injected so far, by kind. */
  injected(): FaultCounts {
    return { ...this.#counts };
  }

  #draw(): FaultKind | null {
    const options = this.#options;
    if (options === null || options.rate === 0) return null;
    if (this.#random() >= options.rate) return null;
    return options.kinds[Math.floor(this.#random() * options.kinds.length)] ?? null;
  }

  async #wait(ms: number): Promise<void> {
    if (ms > 0) await delay(ms);
  }
}
