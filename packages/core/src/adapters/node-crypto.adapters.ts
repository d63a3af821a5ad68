import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import type { IdGenerator, SecretHasher } from '../ports/id-generator.port';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ids and secrets from the operating system's CSPRNG. */
export class CryptoIdGenerator implements IdGenerator {
  id(): string {
    return randomUUID();
  }
  referenceSuffix(): string {
    const bytes = randomBytes(6);
    let out = '';
    for (const b of bytes) out += CROCKFORD[b & 31];
    return out;
  }
  secret(): string {
    return randomBytes(24).toString('base64url');
  }
}

/** SHA-256 of high-entropy bearer secrets (not for passwords). */
export class Sha256SecretHasher implements SecretHasher {
  hash(secret: string): string {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }
}

/** The machine's clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
