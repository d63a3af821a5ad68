import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Content types of the files the pages ship; anything else under `public/` is not served. */
export const ASSET_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file ready to send. */
export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Maps the part of a URL after `/assets/` to a file inside `root`, or `null` when the request tries
 * to leave `root` (`..`, absolute paths, backslashes, encoded separators, NUL), names a dot-file, or
 * asks for a type we do not serve.
 */
export function resolveAssetPath(root: string, requested: string): string | null {
  if (requested.length === 0 || requested.length > 200) return null;
  const segments = requested.split('/');
  if (!segments.every((s) => SAFE_SEGMENT.test(s) && s !== '..' && !s.includes('..'))) return null;
  if (!(path.extname(requested).toLowerCase() in ASSET_CONTENT_TYPES)) return null;
  const absoluteRoot = path.resolve(root);
  const file = path.resolve(absoluteRoot, ...segments);
  return file.startsWith(absoluteRoot + path.sep) ? file : null;
}

/**
 * Reads assets from disk once and keeps them with a content hash as ETag. The files do not change
 * while the server runs (they ship with the package), so the cache is never invalidated; misses are
 * not cached, so guessed names cannot grow it.
 */
export class AssetStore {
  private readonly cache = new Map<string, Promise<Asset | null>>();

  constructor(private readonly root: string) {}

  /** The asset at `requested` (the URL path after `/assets/`), or `null` when there is none. */
  get(requested: string): Promise<Asset | null> {
    const file = resolveAssetPath(this.root, requested);
    if (file === null) return Promise.resolve(null);
    let pending = this.cache.get(file);
    if (pending === undefined) {
      pending = load(file);
      this.cache.set(file, pending);
      void pending.then((asset) => {
        if (asset === null) this.cache.delete(file);
      });
    }
    return pending;
  }
}

async function load(file: string): Promise<Asset | null> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return null;
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    const contentType = ASSET_CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return { body, contentType, etag };
  } catch {
    return null;
  }
}
