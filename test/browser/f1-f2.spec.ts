import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER_MAIN = path.join(ROOT, 'examples/reference-server/dist/main.js');
/** `UPDATE_SCREENSHOTS=1` refreshes the ones in the docs; otherwise they go to a temporary folder. */
const SCREENSHOTS =
  process.env['UPDATE_SCREENSHOTS'] === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(os.tmpdir(), 'counterpay-screenshots');
const CHROMIUM = process.env['COUNTERPAY_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STEP_TIMEOUT_MS = 15_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, server: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the reference server exited with code ${server.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the reference server was not ready at ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Waits until the element's `data-status` is `status` (the pages mirror the transaction status there). */
async function waitForStatus(page: Page, testId: string, status: string): Promise<void> {
  try {
    await page.locator(`[data-testid="${testId}"][data-status="${status}"]`).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  } catch (error) {
    const actual = await page
      .getByTestId(testId)
      .getAttribute('data-status')
      .catch(() => null);
    throw new Error(`${testId} should become "${status}" but is "${actual}": ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}

/** Waits until the locator shows `text` and returns its whole text. */
async function waitForText(locator: Locator, text: string): Promise<string> {
  await locator.filter({ hasText: text }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  return (await locator.innerText()).trim();
}

/** Marks the page; {@link expectNotReloaded} fails if the page navigated or reloaded since. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __counterpayMark: boolean }).__counterpayMark = true;
  });
}

async function expectNotReloaded(page: Page, who: string): Promise<void> {
  const marked = await page.evaluate(() => (globalThis as unknown as { __counterpayMark?: boolean }).__counterpayMark === true);
  expect(marked, `${who}'s page must update live, without a reload`).to.equal(true);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled', caret: 'hide' });
}

describe('browser: F1 (clerk amount) and F2 (cancellation) by clicks, clerk desktop + customer phone', function () {
  this.timeout(180_000);

  let server: ChildProcess | undefined;
  let serverOutput = '';
  let dataDir = '';
  let baseUrl = '';
  let browser: Browser | undefined;
  let clerkContext: BrowserContext;
  let customerContext: BrowserContext;
  let clerk: Page;
  let customer: Page;
  const pageProblems: string[] = [];
  let processingNumber = '';

  before(async function () {
    this.timeout(120_000);
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. The browser test needs it and does not skip: ` +
          'install it with "apt-get install -y chromium" (or set COUNTERPAY_CHROMIUM to its path).',
      );
    }
    if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: run "npm run build" first.`);
    mkdirSync(SCREENSHOTS, { recursive: true });

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'counterpay-browser-'));
    server = spawn(process.execPath, [SERVER_MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        COUNTERPAY_DATA_DIR: dataDir,
        COUNTERPAY_SEED_DEMO: 'true',
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
    };
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    await waitForReady(`${baseUrl}/readyz`, server, () => serverOutput, 90_000);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    clerkContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    customerContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'en-US',
      timezoneId: 'Asia/Tokyo',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    });
    clerk = await clerkContext.newPage();
    customer = await customerContext.newPage();
    for (const [who, page] of [
      ['clerk', clerk],
      ['customer', customer],
    ] as const) {
      page.on('pageerror', (error) => pageProblems.push(`${who}: uncaught ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of (404|409)/.test(message.text())) {
          pageProblems.push(`${who}: console error ${message.text()}`);
        }
      });
    }
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('F1: the clerk registers ¥1,200, the customer pays on the phone, both screens follow live', async () => {
    await clerk.goto(`${baseUrl}/clerk`);
    await clerk.getByTestId('login-store').fill('demo');
    await clerk.getByTestId('login-username').fill('clerk');
    await clerk.getByTestId('login-password').fill('clerk');
    await shoot(clerk, 'f1-01-clerk-sign-in');
    await clerk.getByTestId('login-submit').click();

    await clerk.getByTestId('counter-C11').waitFor({ timeout: STEP_TIMEOUT_MS });
    await shoot(clerk, 'f1-02-clerk-choose-counter');
    await clerk.getByTestId('counter-C11').click();
    await clerk.getByTestId('amount-input').fill('1200');
    await clerk.getByTestId('amount-submit').click();
    await waitForStatus(clerk, 'clerk-status', 'awaiting_method');
    expect(await clerk.getByTestId('clerk-amount').innerText()).to.equal('¥1,200');
    const reference = (await clerk.getByTestId('clerk-reference').innerText()).trim();
    expect(reference).to.not.equal('');
    await shoot(clerk, 'f1-03-clerk-amount-presented');
    await markPage(clerk);

    await customer.goto(`${baseUrl}/c/demo/C11`);
    await waitForStatus(customer, 'customer-status', 'awaiting_method');
    expect(await customer.getByTestId('customer-amount').innerText()).to.equal('¥1,200');
    expect((await customer.getByTestId('customer-reference').innerText()).trim()).to.equal(reference);
    await shoot(customer, 'f1-04-customer-opens-counter', true);

    await customer.getByTestId('card-number').fill('4242 4242 4242 4242');
    await customer.getByTestId('card-exp').fill('12/30');
    await customer.getByTestId('card-cvc').fill('123');
    await shoot(customer, 'f1-05-customer-enters-card', true);
    await customer.getByTestId('card-submit').click();
    await waitForStatus(customer, 'customer-status', 'method_registered');
    expect(await customer.getByTestId('card-number').isVisible()).to.equal(false);
    await markPage(customer);
    await shoot(customer, 'f1-06-customer-waits-for-clerk', true);

    expect(await waitForText(clerk.getByTestId('clerk-method'), 'VISA •••• 4242')).to.equal('VISA •••• 4242 12/30');
    await waitForStatus(clerk, 'clerk-status', 'method_registered');
    await expectNotReloaded(clerk, 'the clerk');
    expect(await clerk.getByTestId('capture').isDisabled()).to.equal(true);
    await shoot(clerk, 'f1-07-clerk-sees-masked-card');

    await clerk.getByTestId('authorize').click();
    await waitForStatus(clerk, 'clerk-status', 'authorized');
    expect((await clerk.getByTestId('clerk-authorization').innerText()).trim()).to.not.equal('');
    await shoot(clerk, 'f1-08-clerk-authorized');
    await clerk.getByTestId('capture').click();
    await waitForStatus(clerk, 'clerk-status', 'captured');
    processingNumber = (await clerk.getByTestId('clerk-processing-number').innerText()).trim();
    expect(processingNumber).to.not.equal('');
    await shoot(clerk, 'f1-09-clerk-captured');

    await waitForStatus(customer, 'customer-status', 'captured');
    expect(await waitForText(customer.getByTestId('customer-status'), 'Payment completed')).to.contain(processingNumber);
    expect((await customer.getByTestId('customer-processing-number').innerText()).trim()).to.equal(processingNumber);
    await expectNotReloaded(customer, 'the customer');
    await shoot(customer, 'f1-10-customer-completed', true);
  });

  it('F2: the clerk asks to cancel the sale, the customer confirms on the phone, the clerk refunds', async () => {
    expect(processingNumber, 'F1 must have captured a sale').to.not.equal('');
    await markPage(clerk);
    await clerk.getByTestId('cancel-processing-number').fill(processingNumber);
    await clerk.getByTestId('cancel-amount').fill('1200');
    await clerk.getByTestId('cancel-counter').selectOption('C11');
    await clerk.getByTestId('cancel-submit').click();
    await waitForStatus(clerk, 'clerk-status', 'cancel_requested');
    expect(await clerk.getByTestId('refund').isDisabled()).to.equal(true);
    await shoot(clerk, 'f2-01-clerk-requests-cancellation');

    await customer.goto(`${baseUrl}/c/demo/C11`);
    await waitForStatus(customer, 'customer-status', 'cancel_requested');
    expect(await customer.getByTestId('customer-amount').innerText()).to.equal('¥1,200');
    expect((await customer.getByTestId('customer-processing-number').innerText()).trim()).to.equal(processingNumber);
    await markPage(customer);
    await shoot(customer, 'f2-02-customer-sees-cancellation', true);
    await customer.getByTestId('confirm-cancellation').click();
    await waitForStatus(customer, 'customer-status', 'cancel_confirmed');

    await waitForStatus(clerk, 'clerk-status', 'cancel_confirmed');
    await expectNotReloaded(clerk, 'the clerk');
    await shoot(clerk, 'f2-03-clerk-sees-confirmation');
    await clerk.getByTestId('refund-inquiry').click();
    await clerk.getByTestId('refund-inquiry-result').waitFor({ timeout: STEP_TIMEOUT_MS });
    await clerk.getByTestId('refund').click();
    await waitForStatus(clerk, 'clerk-status', 'refunded');
    await shoot(clerk, 'f2-04-clerk-refunded');

    await waitForStatus(customer, 'customer-status', 'refunded');
    await expectNotReloaded(customer, 'the customer');
    await shoot(customer, 'f2-05-customer-refunded', true);

    expect(pageProblems, 'no script errors or CSP violations on the pages').to.deep.equal([]);
  });
});
