import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AssetStore } from './static-files';
import { renderPage, type PageName } from './views';

export { resolveAssetPath } from './static-files';

/**
 * The pages' Content Security Policy: everything from this origin only, no inline script or style,
 * no plugins, no framing. The QR code and the sales chart are same-origin SVG.
 */
export const PAGES_CSP = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Options of {@link pagesPlugin}. */
export interface PagesOptions {
  /** Folder of the static files; defaults to the package's `public/`. */
  readonly publicDir?: string;
}

const DEFAULT_PUBLIC_DIR = path.join(__dirname, '../../public');
const ASSET_MAX_AGE_SECONDS = 3600;

/**
 * The web pages of counterpay as a Fastify plugin: the portal (`/`), the customer pay page
 * (`/c/:store/:counter`), the clerk terminal (`/clerk`), the manager dashboard (`/store`, and the
 * printable counter poster at `/store/poster/:counter`), and their static files under `/assets/`.
 * The pages are static shells; their scripts talk to the public HTTP API only.
 */
export async function pagesPlugin(app: FastifyInstance, options: PagesOptions = {}): Promise<void> {
  const assets = new AssetStore(options.publicDir ?? DEFAULT_PUBLIC_DIR);
  const html = new Map<PageName, string>();
  const page = (name: PageName) => {
    let body = html.get(name);
    if (body === undefined) {
      body = renderPage(name);
      html.set(name, body);
    }
    return body;
  };
  const sendPage = (reply: FastifyReply, name: PageName) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGES_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .send(page(name));

  app.get('/', async (_req, reply) => sendPage(reply, 'portal'));
  app.get('/c/:store/:counter', async (_req, reply) => sendPage(reply, 'pay'));
  app.get('/clerk', async (_req, reply) => sendPage(reply, 'clerk'));
  app.get('/store', async (_req, reply) => sendPage(reply, 'store'));
  app.get('/store/*', async (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    return sendPage(reply, /^poster\/[^/]+\/?$/.test(rest) ? 'poster' : 'store');
  });

  app.get('/assets/*', async (req, reply) => {
    const requested = (req.params as { '*': string })['*'];
    const asset = await assets.get(requested);
    if (asset === null) {
      return reply.code(404).send({ error: { code: 'asset.not_found', message: 'no such asset', details: {} } });
    }
    reply
      .header('cache-control', `public, max-age=${ASSET_MAX_AGE_SECONDS}, must-revalidate`)
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  });
}
