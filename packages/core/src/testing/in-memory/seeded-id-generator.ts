import type { IdGenerator } from '../../ports/id-generator.port';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** mulberry32: a tiny seeded PRNG, so a simulation can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic ids for replayable tests (not for production: predictable). */
export class SeededIdGenerator implements IdGenerator {
  private readonly random: () => number;
  constructor(seed = 1) {
    this.random = mulberry32(seed);
  }
  private hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.random() * 16).toString(16);
    return s;
  }
  id(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  referenceSuffix(): string {
    let s = '';
    for (let i = 0; i < 6; i++) s += CROCKFORD[Math.floor(this.random() * 32)];
    return s;
  }
  secret(): string {
    return this.hex(40);
  }
}
