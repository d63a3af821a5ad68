import { writeSync } from 'node:fs';
import { mulberry32 } from '@counterpay/adapters-payment';
import type { DomainError, Repositories, SettlementGateway, UnitOfWork } from '@counterpay/core';
import type { ResultAsync } from 'neverthrow';

/**
 * Where a crash can be injected (tests only):
 * - `after-network-answer`: the card network answered a money-moving call (authorize, capture,
 *   void, refund) and the outcome is not yet recorded;
 * - `before-commit`: a unit of work did its writes and has not committed them (the database rolls
 *   them back when the connection drops).
 */
export const CRASH_POINTS = ['after-network-answer', 'before-commit'] as const;

/** A crash point. */
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** Probability of a crash at each point it is set for, and the seed of the draws. */
export interface CrashSettings {
  readonly probabilities: Readonly<Partial<Record<CrashPoint, number>>>;
  readonly seed: number;
}

/**
 * Parses `COUNTERPAY_CRASH_POINTS` (`after-network-answer:0.05,before-commit:0.02`). Throws on an
 * unknown point or a probability outside 0..1, so that a typo never runs a test without its faults.
 */
export function parseCrashPoints(value: string): Readonly<Partial<Record<CrashPoint, number>>> {
  const probabilities: Partial<Record<CrashPoint, number>> = {};
  for (const item of value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const match = /^([a-z-]+):([0-9]*\.?[0-9]+)$/.exec(item);
    const point = match?.[1];
    const probability = Number(match?.[2]);
    if (point === undefined || !(CRASH_POINTS as readonly string[]).includes(point)) {
      throw new Error(`COUNTERPAY_CRASH_POINTS: expected <point>:<probability> with a point of ${CRASH_POINTS.join(', ')}, got ${item}`);
    }
    if (!(probability >= 0 && probability <= 1))
      throw new Error(`COUNTERPAY_CRASH_POINTS: ${point} must be within 0..1, got ${match?.[2]}`);
    probabilities[point as CrashPoint] = probability;
  }
  return probabilities;
}

/**
 * Draws, at each crash point reached, whether the process dies there; a death is a `SIGKILL` of
 * the process itself (no cleanup, no flush: what a power cut or the OOM killer does). Disarmed
 * until {@link arm} so that start-up (migrations, the demo seed) is never cut short. Writes one
 * line to stderr before dying, naming the point and the operation only.
 */
export class CrashHook {
  readonly #settings: CrashSettings;
  readonly #random: () => number;
  readonly #kill: () => void;
  readonly #announce: (line: string) => void;
  #armed = false;

  /** `effects` replace the SIGKILL and the stderr line (tests of the hook itself). */
  constructor(settings: CrashSettings, effects: { readonly kill?: () => void; readonly announce?: (line: string) => void } = {}) {
    this.#settings = settings;
    this.#random = mulberry32(settings.seed);
    this.#kill = effects.kill ?? (() => process.kill(process.pid, 'SIGKILL'));
    this.#announce = effects.announce ?? ((line) => writeSync(2, line));
  }

  /** Starts drawing. */
  arm(): void {
    this.#armed = true;
  }

  /** Called at a crash point; may not return. */
  reach(point: CrashPoint, operation: string): void {
    const probability = this.#settings.probabilities[point] ?? 0;
    if (!this.#armed || probability === 0) return;
    if (this.#random() >= probability) return;
    this.#announce(`counterpay: crash point ${point} (${operation}) reached, SIGKILL\n`);
    this.#kill();
  }
}

/** A {@link SettlementGateway} that may die right after the network answered a money-moving call. */
export class CrashingSettlementGateway implements SettlementGateway {
  constructor(
    private readonly inner: SettlementGateway,
    private readonly hook: CrashHook,
  ) {}

  #after<T>(operation: string, answer: ResultAsync<T, DomainError>): ResultAsync<T, DomainError> {
    return answer.map((outcome) => {
      this.hook.reach('after-network-answer', operation);
      return outcome;
    });
  }

  tokenize(request: Parameters<SettlementGateway['tokenize']>[0]): ReturnType<SettlementGateway['tokenize']> {
    return this.inner.tokenize(request);
  }

  authorize(request: Parameters<SettlementGateway['authorize']>[0]): ReturnType<SettlementGateway['authorize']> {
    return this.#after('authorize', this.inner.authorize(request));
  }

  capture(request: Parameters<SettlementGateway['capture']>[0]): ReturnType<SettlementGateway['capture']> {
    return this.#after('capture', this.inner.capture(request));
  }

  void(request: Parameters<SettlementGateway['void']>[0]): ReturnType<SettlementGateway['void']> {
    return this.#after('void', this.inner.void(request));
  }

  refundInquiry(request: Parameters<SettlementGateway['refundInquiry']>[0]): ReturnType<SettlementGateway['refundInquiry']> {
    return this.inner.refundInquiry(request);
  }

  refund(request: Parameters<SettlementGateway['refund']>[0]): ReturnType<SettlementGateway['refund']> {
    return this.#after('refund', this.inner.refund(request));
  }

  inquire(request: Parameters<SettlementGateway['inquire']>[0]): ReturnType<SettlementGateway['inquire']> {
    return this.inner.inquire(request);
  }
}

/** A {@link UnitOfWork} that may die after the work of a unit and before its commit. */
export class CrashingUnitOfWork implements UnitOfWork {
  constructor(
    private readonly inner: UnitOfWork,
    private readonly hook: CrashHook,
  ) {}

  get repositories(): Repositories {
    return this.inner.repositories;
  }

  run<T>(work: (repositories: Repositories) => ResultAsync<T, DomainError>): ResultAsync<T, DomainError> {
    return this.inner.run((repositories) =>
      work(repositories).map((value) => {
        this.hook.reach('before-commit', 'unit of work');
        return value;
      }),
    );
  }
}
