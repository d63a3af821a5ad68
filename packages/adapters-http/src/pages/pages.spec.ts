import { CURRENCY_EXPONENTS } from '@counterpay/core';
import { expect } from 'chai';
import Fastify, { type FastifyInstance } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pagesPlugin, PAGES_CSP } from './index';
import { resolveAssetPath } from './static-files';

const PUBLIC_DIR = path.join(__dirname, '../../public');
const PAGE_URLS = ['/', '/c/demo/C11', '/clerk', '/store', '/store/poster/C11', '/store/anything'];

interface BrowserModules {
  i18n: { DICTIONARIES: Record<string, Record<string, string>>; t: (key: string, vars?: Record<string, unknown>) => string };
  common: {
    parseAmount(text: string, currency: string): number | null;
    formatMoney(amount: { value: number; currency: string }): string;
    minorToDecimalString(value: number, exponent: number): string;
    describeMethod(method: unknown): string;
    uuid(): string;
  };
}

/** The page modules are browser ES modules; Node can load them once `navigator` exists. */
async function loadBrowserModules(): Promise<BrowserModules> {
  if (!('navigator' in globalThis)) {
    Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-US', languages: ['en-US'] }, configurable: true });
  }
  const load = (file: string) => import(pathToFileURL(path.join(PUBLIC_DIR, file)).href);
  return { i18n: await load('i18n.js'), common: await load('common.js') };
}

describe('pages plugin', () => {
  let app: FastifyInstance;

  before(async () => {
    app = Fastify();
    await app.register(pagesPlugin);
    await app.ready();
  });

  after(() => app.close());

  describe('page shells', () => {
    for (const url of PAGE_URLS) {
      it(`serves ${url} as HTML under the strict CSP, with no inline script, style or handler`, async () => {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).to.equal(200);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(res.headers['content-security-policy']).to.equal(PAGES_CSP);
        expect(PAGES_CSP).to.match(/^default-src 'self'/);
        expect(PAGES_CSP).not.to.contain('unsafe-inline');
        const html = res.body;
        for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).to.match(/\bsrc="\/assets\/[a-z-]+\.js"/);
        expect(html).not.to.match(/<style\b/i);
        expect(html).not.to.match(/\sstyle=/i);
        expect(html).not.to.match(/\son[a-z]+=/i);
        expect(html).not.to.match(/(src|href)="(https?:)?\/\//);
        expect(html).to.contain('<meta name="viewport"');
      });
    }

    it('gives every form field a label', async () => {
      for (const url of PAGE_URLS) {
        const html = (await app.inject({ method: 'GET', url })).body;
        const ids = [...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
        for (const id of ids) expect(html, `${url}: #${id}`).to.contain(`for="${id}"`);
      }
    });

    it('puts the pay page actions behind stable test ids', async () => {
      const html = (await app.inject({ method: 'GET', url: '/c/demo/C11' })).body;
      for (const id of ['customer-amount', 'customer-reference', 'customer-status', 'card-number', 'card-submit', 'confirm-cancellation']) {
        expect(html).to.contain(`data-testid="${id}"`);
      }
      expect(html).to.match(/id="card-number"[^>]*autocomplete="cc-number"/);
      expect(html).to.match(/id="card-number"[^>]*inputmode="numeric"/);
      expect(html).to.match(/id="card-exp"[^>]*autocomplete="cc-exp"/);
      expect(html).to.match(/id="card-cvc"[^>]*autocomplete="cc-csc"/);
    });
  });

  describe('assets', () => {
    it('serves every script a page loads, and every module those import, as JavaScript', async () => {
      const scripts = new Set<string>();
      for (const url of PAGE_URLS) {
        const html = (await app.inject({ method: 'GET', url })).body;
        for (const m of html.matchAll(/src="\/assets\/([^"]+)"/g)) scripts.add(m[1] as string);
      }
      for (const file of readdirSync(PUBLIC_DIR).filter((f) => f.endsWith('.js'))) {
        for (const m of readFileSync(path.join(PUBLIC_DIR, file), 'utf8').matchAll(/from '\.\/([^']+)'/g)) scripts.add(m[1] as string);
      }
      expect(scripts.size).to.be.greaterThan(5);
      for (const file of scripts) {
        const res = await app.inject({ method: 'GET', url: `/assets/${file}` });
        expect(res.statusCode, file).to.equal(200);
        if (file.endsWith('.js')) expect(res.headers['content-type'], file).to.match(/^text\/javascript/);
      }
    });

    it('serves the stylesheet with a cache header and an ETag, and answers 304 when it did not change', async () => {
      const res = await app.inject({ method: 'GET', url: '/assets/app.css' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/css/);
      expect(res.headers['cache-control']).to.match(/max-age=\d+/);
      const etag = res.headers['etag'] as string;
      expect(etag).to.match(/^".+"$/);
      const again = await app.inject({ method: 'GET', url: '/assets/app.css', headers: { 'if-none-match': etag } });
      expect(again.statusCode).to.equal(304);
      expect(again.body).to.equal('');
    });

    for (const url of [
      '/assets/../package.json',
      '/assets/%2e%2e/package.json',
      '/assets/..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%5cpackage.json',
      '/assets/.hidden.js',
      '/assets/%00app.css',
      '/assets/nope.js',
      '/assets/app.css.map',
    ]) {
      it(`refuses ${url}`, async () => {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode).to.equal(404);
        expect(res.body).not.to.contain('"name"');
      });
    }

    it('resolves only plain names under the public folder', () => {
      const root = '/srv/public';
      expect(resolveAssetPath(root, 'app.css')).to.equal('/srv/public/app.css');
      expect(resolveAssetPath(root, 'img/logo.svg')).to.equal('/srv/public/img/logo.svg');
      for (const bad of ['', '../x.js', 'a/../../x.js', '/etc/passwd.js', 'a//b.js', 'a\\b.js', '.env', 'x.ts', 'a/.git/x.js', 'x..js']) {
        expect(resolveAssetPath(root, bad), bad).to.equal(null);
      }
    });
  });

  describe('browser modules', () => {
    it('has a Japanese text for every English text, with the same placeholders', async () => {
      const { DICTIONARIES } = (await loadBrowserModules()).i18n;
      const en = DICTIONARIES['en'] ?? {};
      const ja = DICTIONARIES['ja'] ?? {};
      expect(Object.keys(ja).sort()).to.deep.equal(Object.keys(en).sort());
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      for (const key of Object.keys(en)) expect(vars(ja[key] ?? ''), key).to.deep.equal(vars(en[key] ?? ''));
    });

    it('translates every data-i18n key of the page shells', async () => {
      const { DICTIONARIES } = (await loadBrowserModules()).i18n;
      for (const url of PAGE_URLS) {
        const html = (await app.inject({ method: 'GET', url })).body;
        for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) expect(DICTIONARIES['en'], m[1]).to.have.property(m[1] as string);
      }
    });

    it("keeps the browser's currency exponents equal to the core's table", async () => {
      const { CURRENCY_EXPONENTS: browser } = (await loadBrowserModules()).common as unknown as {
        CURRENCY_EXPONENTS: Record<string, number>;
      };
      expect(browser).to.deep.equal(CURRENCY_EXPONENTS);
    });

    it('turns typed amounts into integer minor units by the currency exponent, without floats', async () => {
      const { parseAmount } = (await loadBrowserModules()).common;
      expect(parseAmount('1200', 'JPY')).to.equal(1200);
      expect(parseAmount('1,200', 'JPY')).to.equal(1200);
      expect(parseAmount('１２００', 'JPY')).to.equal(1200);
      expect(parseAmount('¥1,200', 'JPY')).to.equal(1200);
      expect(parseAmount('12.5', 'JPY')).to.equal(null);
      expect(parseAmount('12.50', 'USD')).to.equal(1250);
      expect(parseAmount('12.5', 'USD')).to.equal(1250);
      expect(parseAmount('0.29', 'USD')).to.equal(29);
      expect(parseAmount('19.99', 'USD')).to.equal(1999);
      expect(parseAmount('1.005', 'USD')).to.equal(null);
      expect(parseAmount('1.005', 'KWD')).to.equal(1005);
      expect(parseAmount('0', 'JPY')).to.equal(null);
      expect(parseAmount('-5', 'JPY')).to.equal(null);
      expect(parseAmount('abc', 'JPY')).to.equal(null);
      expect(parseAmount('', 'USD')).to.equal(null);
    });

    it('formats money per currency', async () => {
      const { formatMoney, minorToDecimalString } = (await loadBrowserModules()).common;
      expect(formatMoney({ value: 1200, currency: 'JPY' })).to.equal('¥1,200');
      expect(formatMoney({ value: 1250, currency: 'USD' })).to.equal('$12.50');
      expect(formatMoney({ value: 5, currency: 'USD' })).to.equal('$0.05');
      expect(minorToDecimalString(1005, 3)).to.equal('1.005');
      expect(minorToDecimalString(-1250, 2)).to.equal('-12.50');
    });

    it('shows a card only masked, and makes v4 idempotency keys', async () => {
      const { describeMethod, uuid } = (await loadBrowserModules()).common;
      expect(describeMethod({ type: 'card', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2028 })).to.equal('VISA •••• 4242 12/28');
      const key = uuid();
      expect(key).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(uuid()).not.to.equal(key);
    });
  });
});
