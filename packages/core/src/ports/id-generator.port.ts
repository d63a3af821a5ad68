/** Random identifiers and secrets. Adapters must use a cryptographically secure source. */
export interface IdGenerator {
  /** A random id with at least 122 bits of entropy (a UUID v4). */
  id(): string;
  /** A suffix for a transaction reference: 6 characters of Crockford base32. */
  referenceSuffix(): string;
  /** A secret for a bearer token (customer, session, API key): at least 128 bits, URL-safe. */
  secret(): string;
}

/** One-way hash of bearer secrets so that only hashes are stored (SHA-256 is enough for 128-bit secrets). */
export interface SecretHasher {
  /** A stable hex digest of `secret`. */
  hash(secret: string): string;
}
