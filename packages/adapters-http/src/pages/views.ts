/** The pages served by {@link pagesPlugin}. */
export type PageName = 'portal' | 'pay' | 'clerk' | 'store' | 'poster';

/**
 * The HTML shell of a page. Shells are static (the same bytes for every request) and hold no inline
 * script, style or handler: the page's module under `/assets/` reads the URL, translates the
 * `data-i18n` texts (English here) and talks to the API.
 */
export function renderPage(name: PageName): string {
  const view = VIEWS[name];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="#1747c9">
<title>${view.title}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/${view.script}"></script>
</head>
<body class="${view.bodyClass}">
${view.topbar ?? topbar(view.title)}
${view.body}
<noscript><p class="noscript">This page needs JavaScript. / このページには JavaScript が必要です。</p></noscript>
</body>
</html>
`;
}

function topbar(subtitle: string, extra = ''): string {
  return `<header class="topbar">
  <a class="brand" href="/" aria-label="counterpay home"><img class="brand-mark" src="/assets/favicon.svg" alt="" width="28" height="28"><span>counterpay</span></a>
  <span class="topbar-title" data-i18n-page-title>${subtitle}</span>
  ${extra}
</header>`;
}

const signedInBar = `<div class="topbar-right" id="who" hidden>
    <span class="who-name" id="who-name" data-testid="signed-in-as"></span>
    <button type="button" class="btn btn-ghost btn-sm" id="sign-out" data-i18n="auth.signOut" data-testid="sign-out">Sign out</button>
  </div>`;

function loginSection(titleKey: string, title: string): string {
  return `<section id="view-login" class="panel narrow" hidden aria-labelledby="login-title">
    <h1 id="login-title" data-i18n="${titleKey}">${title}</h1>
    <form id="login-form" class="stack" novalidate>
      <div class="field">
        <label for="login-store" data-i18n="auth.store">Store code</label>
        <input id="login-store" name="store" autocomplete="organization" autocapitalize="none" spellcheck="false" required data-testid="login-store">
      </div>
      <div class="field">
        <label for="login-username" data-i18n="auth.username">Username</label>
        <input id="login-username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required data-testid="login-username">
      </div>
      <div class="field">
        <label for="login-password" data-i18n="auth.password">Password</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required data-testid="login-password">
      </div>
      <p class="form-error" id="login-error" role="alert" hidden></p>
      <button type="submit" class="btn btn-primary btn-block" data-i18n="auth.signIn" data-testid="login-submit">Sign in</button>
    </form>
  </section>`;
}

interface View {
  readonly title: string;
  readonly script: string;
  readonly bodyClass: string;
  readonly body: string;
  readonly topbar?: string;
}

const VIEWS: Record<PageName, View> = {
  portal: {
    title: 'counterpay',
    script: 'portal.js',
    bodyClass: 'page-portal',
    topbar: topbar('', ''),
    body: `<main id="main" class="portal">
  <section class="hero">
    <h1 data-i18n="portal.title">Pay at the counter with your phone</h1>
    <p class="lead" data-i18n="portal.lead">Enter the store code and the counter name shown by the clerk.</p>
  </section>
  <form id="portal-form" class="panel stack" novalidate>
    <div class="field">
      <label for="portal-store" data-i18n="portal.store">Store code</label>
      <input id="portal-store" name="store" autocapitalize="none" autocomplete="off" spellcheck="false" required placeholder="demo" data-testid="portal-store">
    </div>
    <div class="field">
      <label for="portal-counter" data-i18n="portal.counter">Counter</label>
      <input id="portal-counter" name="counter" autocapitalize="characters" autocomplete="off" spellcheck="false" required placeholder="C11" data-testid="portal-counter">
    </div>
    <p class="form-error" id="portal-error" role="alert" hidden></p>
    <button type="submit" class="btn btn-primary btn-block btn-lg" data-i18n="portal.open" data-testid="portal-open">Open the counter</button>
  </form>
  <p class="qr-hint"><span class="qr-hint-icon" aria-hidden="true"></span><span data-i18n="portal.scan">or scan the QR code at the counter</span></p>
  <nav class="portal-links" aria-label="Staff">
    <a href="/clerk" data-i18n="portal.clerkLink">Clerk terminal</a>
    <a href="/store" data-i18n="portal.storeLink">Store dashboard</a>
  </nav>
</main>`,
  },

  pay: {
    title: 'counterpay — pay',
    script: 'pay.js',
    bodyClass: 'page-pay',
    topbar: `<header class="topbar">
  <a class="brand" href="/" aria-label="counterpay home"><img class="brand-mark" src="/assets/favicon.svg" alt="" width="28" height="28"><span>counterpay</span></a>
  <span class="topbar-secure"><span class="lock" aria-hidden="true"></span><span data-i18n="pay.secure">Secure payment</span></span>
</header>`,
    body: `<main id="main" class="pay">
  <div class="merchant">
    <p class="merchant-name" id="store-name" data-testid="store-name"></p>
    <p class="merchant-counter"><span data-i18n="pay.counter">Counter</span> <strong id="counter-name" data-testid="counter-name"></strong></p>
  </div>

  <section id="view-loading" class="panel center">
    <div class="spinner" aria-hidden="true"></div>
    <p data-i18n="common.loading">Loading…</p>
  </section>

  <section id="view-waiting" class="panel center" hidden data-testid="customer-waiting">
    <div class="spinner" id="waiting-spinner" aria-hidden="true"></div>
    <h1 data-i18n="pay.nothing.title">Nothing to pay at this counter yet</h1>
    <p class="muted" data-i18n="pay.nothing.body">Ask the clerk to register the amount. This page checks again every few seconds.</p>
    <button type="button" class="btn btn-primary btn-block" id="waiting-retry" hidden data-i18n="pay.checkAgain" data-testid="waiting-retry">Check the counter again</button>
  </section>

  <section id="view-claimed" class="panel center" hidden data-testid="customer-claimed">
    <div class="big-icon big-icon-warn" aria-hidden="true">!</div>
    <h1 data-i18n="pay.claimed.title">Another phone has opened this payment</h1>
    <p class="muted" data-i18n="pay.claimed.body">For your safety only the first phone can pay. If that was not you, tell the clerk.</p>
    <button type="button" class="btn btn-secondary btn-block" id="claimed-retry" data-i18n="common.tryAgain">Try again</button>
  </section>

  <section id="view-error" class="panel center" hidden>
    <div class="big-icon big-icon-danger" aria-hidden="true">!</div>
    <h1 id="error-title"></h1>
    <p class="muted" id="error-body"></p>
    <button type="button" class="btn btn-secondary btn-block" id="error-retry" data-i18n="common.tryAgain">Try again</button>
  </section>

  <section id="view-tx" hidden>
    <div class="bill panel">
      <p class="bill-label" id="bill-label" data-i18n="pay.amountDue">Amount to pay</p>
      <p class="bill-amount" id="tx-amount" data-testid="customer-amount"></p>
      <ul class="items" id="tx-items" hidden></ul>
      <dl class="facts">
        <div><dt data-i18n="tx.reference">Reference</dt><dd id="tx-reference" data-testid="customer-reference"></dd></div>
        <div id="tx-method-row" hidden><dt data-i18n="tx.method">Card</dt><dd id="tx-method" data-testid="customer-method"></dd></div>
        <div id="tx-processing-row" hidden><dt data-i18n="tx.processingNumber">Processing number</dt><dd id="tx-processing" data-testid="customer-processing-number"></dd></div>
      </dl>
    </div>

    <div class="status" id="tx-status" data-testid="customer-status" role="status" aria-live="polite">
      <span class="status-icon" aria-hidden="true"></span>
      <div class="status-text">
        <p class="status-title" id="status-title"></p>
        <p class="status-detail" id="status-detail"></p>
      </div>
    </div>

    <form id="amount-form" class="panel stack" hidden novalidate>
      <h2 data-i18n="pay.amount.title">Enter the amount</h2>
      <div class="field">
        <label for="amount-input"><span data-i18n="pay.amount.label">Amount</span> (<span id="amount-currency"></span>)</label>
        <input id="amount-input" inputmode="decimal" autocomplete="off" required class="input-lg" data-testid="customer-amount-input">
      </div>
      <button type="submit" class="btn btn-primary btn-block btn-lg" data-i18n="pay.amount.submit" data-testid="customer-amount-submit">Confirm amount</button>
    </form>

    <form id="card-form" class="panel stack" hidden novalidate>
      <h2 id="card-title" data-i18n="pay.card.title">Pay by card</h2>
      <div class="field">
        <label for="card-number" data-i18n="pay.card.number">Card number</label>
        <input id="card-number" name="cardnumber" inputmode="numeric" autocomplete="cc-number" maxlength="23" placeholder="1234 5678 9012 3456" required class="input-lg mono" data-testid="card-number">
      </div>
      <div class="row">
        <div class="field">
          <label for="card-exp" data-i18n="pay.card.expiry">Expiry (MM/YY)</label>
          <input id="card-exp" name="cc-exp" inputmode="numeric" autocomplete="cc-exp" maxlength="7" placeholder="MM/YY" required class="input-lg mono" data-testid="card-exp">
        </div>
        <div class="field">
          <label for="card-cvc" data-i18n="pay.card.cvc">Security code</label>
          <input id="card-cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4" placeholder="123" required class="input-lg mono" data-testid="card-cvc">
        </div>
      </div>
      <div class="field">
        <label for="card-name" data-i18n="pay.card.name">Name on card (optional)</label>
        <input id="card-name" name="ccname" autocomplete="cc-name" autocapitalize="characters" spellcheck="false" class="input-lg" data-testid="card-name">
      </div>
      <p class="form-error" id="card-error" role="alert" hidden data-testid="card-error"></p>
      <button type="submit" class="btn btn-primary btn-block btn-lg" data-i18n="pay.card.submit" data-testid="card-submit">Register card</button>
      <p class="fineprint" data-i18n="pay.card.fineprint">The store sees only the card brand and its last four digits.</p>
    </form>

    <section id="cancel-panel" class="panel stack" hidden aria-labelledby="cancel-title">
      <h2 id="cancel-title" data-i18n="pay.cancel.title">Cancel this sale?</h2>
      <p data-i18n="pay.cancel.body">The store asks to cancel the sale above. When you confirm, the amount is refunded to your card.</p>
      <button type="button" class="btn btn-cancel btn-block btn-lg" id="confirm-cancel" data-i18n="pay.cancel.confirm" data-testid="confirm-cancellation">Confirm cancellation</button>
    </section>

    <p class="form-error" id="action-error" role="alert" hidden data-testid="customer-error"></p>
    <button type="button" class="btn btn-ghost btn-block" id="check-again" hidden data-i18n="pay.checkAgain" data-testid="check-again">Check the counter again</button>
  </section>

  <p class="live" id="live" aria-hidden="true"></p>
</main>`,
  },

  clerk: {
    title: 'counterpay — clerk terminal',
    script: 'clerk.js',
    bodyClass: 'page-clerk',
    topbar: topbar('Clerk terminal', signedInBar),
    body: `<main id="main" class="clerk">
  ${loginSection('clerk.signInTitle', 'Sign in to the clerk terminal')}

  <section id="view-counters" class="narrow" hidden aria-labelledby="counters-title">
    <h1 id="counters-title" data-i18n="clerk.chooseCounter">Choose your counter</h1>
    <div id="counter-list" class="counter-grid" data-testid="counter-list"></div>
    <p class="form-error" id="counters-error" role="alert" hidden></p>
  </section>

  <section id="view-terminal" class="terminal" hidden>
    <div class="terminal-head">
      <div>
        <h1><span data-i18n="clerk.counter">Counter</span> <span id="t-counter" data-testid="terminal-counter"></span></h1>
        <p class="muted" id="t-counter-label"></p>
      </div>
      <div class="terminal-head-right">
        <span class="live-badge" id="live" data-testid="clerk-live"></span>
        <button type="button" class="btn btn-ghost btn-sm" id="change-counter" data-i18n="clerk.changeCounter">Change counter</button>
      </div>
    </div>

    <div class="terminal-grid">
      <div class="col-main">
        <section class="panel" id="current" aria-labelledby="current-title">
          <h2 id="current-title" data-i18n="clerk.current">Payment at this counter</h2>
          <p class="muted" id="current-empty" data-testid="clerk-empty" data-i18n="clerk.noPayment">No payment at this counter. Register one below.</p>
          <div id="current-tx" hidden>
            <div class="status" id="clerk-status" data-testid="clerk-status" role="status" aria-live="polite">
              <span class="status-icon" aria-hidden="true"></span>
              <div class="status-text">
                <p class="status-title" id="clerk-status-title"></p>
                <p class="status-detail" id="clerk-status-detail"></p>
              </div>
            </div>
            <div class="tx-summary">
              <p class="tx-amount" id="c-amount" data-testid="clerk-amount"></p>
              <dl class="facts facts-grid">
                <div><dt data-i18n="tx.reference">Reference</dt><dd id="c-reference" data-testid="clerk-reference"></dd></div>
                <div><dt data-i18n="tx.method">Card</dt><dd id="c-method" data-testid="clerk-method"></dd></div>
                <div id="c-auth-row" hidden><dt data-i18n="tx.authorization">Authorization</dt><dd id="c-auth" class="mono" data-testid="clerk-authorization"></dd></div>
                <div id="c-processing-row" hidden><dt data-i18n="tx.processingNumber">Processing number</dt><dd id="c-processing" class="mono" data-testid="clerk-processing-number"></dd></div>
              </dl>
              <ul class="items" id="c-items" hidden></ul>
            </div>
            <div class="actions" id="actions" role="group" aria-label="Actions">
              <button type="button" class="btn btn-primary" id="act-authorize" data-testid="authorize" data-i18n="clerk.authorize">Authorize</button>
              <button type="button" class="btn btn-success" id="act-capture" data-testid="capture" data-i18n="clerk.capture">Capture</button>
              <button type="button" class="btn btn-secondary" id="act-void" data-testid="void" data-i18n="clerk.void">Void</button>
              <button type="button" class="btn btn-danger-outline" id="act-cancel" data-testid="cancel" data-i18n="clerk.cancel">Cancel</button>
              <button type="button" class="btn btn-secondary" id="act-inquiry" data-testid="refund-inquiry" data-i18n="clerk.refundInquiry" hidden>Refund inquiry</button>
              <button type="button" class="btn btn-cancel" id="act-refund" data-testid="refund" data-i18n="clerk.refund" hidden>Refund</button>
            </div>
            <p class="muted" id="release-claim-row" hidden>
              <button type="button" class="btn-link" id="act-release-claim" data-testid="release-claim" data-i18n="clerk.releaseClaim">The customer's phone lost the page? Let a phone open it again</button>
            </p>
            <p class="note" id="inquiry-result" data-testid="refund-inquiry-result" hidden></p>
          </div>
          <p class="form-error" id="current-error" role="alert" hidden data-testid="clerk-error"></p>
        </section>

        <section class="panel" id="new-payment" aria-labelledby="new-title">
          <h2 id="new-title" data-i18n="clerk.newPayment">New payment</h2>
          <div class="tabs" role="tablist" aria-labelledby="new-title">
            <button type="button" role="tab" class="tab" id="tab-btn-amount" aria-controls="tab-amount" aria-selected="true" data-tab="amount" data-testid="tab-amount" data-i18n="clerk.tab.amount">Amount</button>
            <button type="button" role="tab" class="tab" id="tab-btn-barcodes" aria-controls="tab-barcodes" aria-selected="false" tabindex="-1" data-tab="barcodes" data-testid="tab-barcodes" data-i18n="clerk.tab.barcodes">Barcodes</button>
            <button type="button" role="tab" class="tab" id="tab-btn-schedule" aria-controls="tab-schedule" aria-selected="false" tabindex="-1" data-tab="schedule" data-testid="tab-schedule" data-i18n="clerk.tab.schedule">Schedule</button>
            <button type="button" role="tab" class="tab" id="tab-btn-customer" aria-controls="tab-customer" aria-selected="false" tabindex="-1" data-tab="customer" data-testid="tab-customer" data-i18n="clerk.tab.customer">Customer amount</button>
          </div>

          <div role="tabpanel" id="tab-amount" aria-labelledby="tab-btn-amount" class="tabpanel">
            <form id="amount-form" class="stack" novalidate>
              <div class="field">
                <label for="amount-input"><span data-i18n="clerk.amount">Amount</span> (<span class="store-currency"></span>)</label>
                <input id="amount-input" inputmode="decimal" autocomplete="off" required class="input-lg mono" data-testid="amount-input">
              </div>
              <button type="submit" class="btn btn-primary btn-lg" data-i18n="clerk.present" data-testid="amount-submit">Present at the counter</button>
            </form>
          </div>

          <div role="tabpanel" id="tab-barcodes" aria-labelledby="tab-btn-barcodes" class="tabpanel" hidden>
            <form id="barcode-form" class="row row-end" novalidate>
              <div class="field grow">
                <label for="barcode-input" data-i18n="clerk.barcode">Barcode (type or scan, then Enter)</label>
                <input id="barcode-input" inputmode="numeric" autocomplete="off" spellcheck="false" class="mono" data-testid="barcode-input">
              </div>
              <div class="field qty">
                <label for="barcode-qty" data-i18n="clerk.quantity">Qty</label>
                <input id="barcode-qty" type="number" min="1" max="999" value="1" inputmode="numeric" data-testid="barcode-qty">
              </div>
              <button type="submit" class="btn btn-secondary" data-i18n="clerk.addLine" data-testid="barcode-add">Add</button>
            </form>
            <p class="form-error" id="barcode-error" role="alert" hidden></p>
            <table class="lines" id="barcode-lines" hidden>
              <thead><tr><th data-i18n="clerk.item">Item</th><th class="num" data-i18n="clerk.quantity">Qty</th><th class="num" data-i18n="clerk.lineAmount">Amount</th><th><span class="visually-hidden" data-i18n="clerk.remove">Remove</span></th></tr></thead>
              <tbody id="barcode-lines-body"></tbody>
              <tfoot><tr><th data-i18n="clerk.total">Total</th><td></td><td class="num" id="barcode-total"></td><td></td></tr></tfoot>
            </table>
            <button type="button" class="btn btn-primary btn-lg" id="barcode-submit" disabled data-i18n="clerk.present" data-testid="barcode-submit">Present at the counter</button>
          </div>

          <div role="tabpanel" id="tab-schedule" aria-labelledby="tab-btn-schedule" class="tabpanel" hidden>
            <form id="schedule-form" class="row row-end" novalidate>
              <div class="field grow">
                <label for="schedule-q" data-i18n="clerk.scheduleQuery">Customer name or reference</label>
                <input id="schedule-q" type="search" autocomplete="off" data-testid="schedule-q">
              </div>
              <div class="field">
                <label for="schedule-due" data-i18n="clerk.dueOn">Due on</label>
                <input id="schedule-due" type="date" data-testid="schedule-due">
              </div>
              <button type="submit" class="btn btn-secondary" data-i18n="clerk.search" data-testid="schedule-search">Search</button>
            </form>
            <ul class="entry-list" id="schedule-results" data-testid="schedule-results"></ul>
          </div>

          <div role="tabpanel" id="tab-customer" aria-labelledby="tab-btn-customer" class="tabpanel" hidden>
            <p data-i18n="clerk.customerAmountHelp">The customer types the amount on their phone, then their card. Use it for door-to-door sales and donations.</p>
            <button type="button" class="btn btn-primary btn-lg" id="customer-amount-submit" data-i18n="clerk.customerAmountOpen" data-testid="customer-amount-open">Let the customer enter the amount</button>
          </div>
          <p class="form-error" id="new-error" role="alert" hidden data-testid="new-error"></p>
        </section>
      </div>

      <aside class="col-side">
        <section class="panel qr-panel" aria-labelledby="qr-title">
          <h2 id="qr-title" data-i18n="clerk.qrTitle">Customer scans</h2>
          <img id="counter-qr" class="qr" alt="" width="200" height="200" data-testid="counter-qr">
          <a id="counter-url" class="counter-url mono" data-testid="counter-url" target="_blank" rel="noopener"></a>
        </section>

        <section class="panel" id="cancellation" aria-labelledby="cancellation-title">
          <h2 id="cancellation-title" data-i18n="clerk.cancellation">Cancel a sale</h2>
          <p class="muted small" data-i18n="clerk.cancellationHelp">The customer confirms on their phone, then you refund.</p>
          <form id="cancellation-form" class="stack" novalidate>
            <div class="field">
              <label for="cancel-number" data-i18n="tx.processingNumber">Processing number</label>
              <input id="cancel-number" autocomplete="off" spellcheck="false" required class="mono" data-testid="cancel-processing-number">
            </div>
            <div class="field">
              <label for="cancel-amount"><span data-i18n="clerk.amount">Amount</span> (<span class="store-currency"></span>)</label>
              <input id="cancel-amount" inputmode="decimal" autocomplete="off" required class="mono" data-testid="cancel-amount">
            </div>
            <div class="field">
              <label for="cancel-counter" data-i18n="clerk.presentAt">Present at counter</label>
              <select id="cancel-counter" data-testid="cancel-counter"></select>
            </div>
            <p class="form-error" id="cancellation-error" role="alert" hidden data-testid="cancellation-error"></p>
            <button type="submit" class="btn btn-cancel btn-block" data-i18n="clerk.requestCancellation" data-testid="cancel-submit">Request cancellation</button>
          </form>
        </section>
      </aside>
    </div>
  </section>
</main>`,
  },

  store: {
    title: 'counterpay — store dashboard',
    script: 'store.js',
    bodyClass: 'page-store',
    topbar: topbar('Store dashboard', signedInBar),
    body: `<main id="main" class="dashboard">
  ${loginSection('store.signInTitle', 'Sign in as store manager')}

  <section id="view-dashboard" hidden>
    <div class="dash-head">
      <h1 id="dash-store" data-testid="dashboard-store"></h1>
    </div>
    <nav class="tabs tabs-wide" role="tablist" aria-label="Dashboard">
      <button type="button" role="tab" class="tab" data-tab="counters" id="tab-btn-counters" aria-controls="tab-counters" data-i18n="store.tab.counters">Counters</button>
      <button type="button" role="tab" class="tab" data-tab="staff" id="tab-btn-staff" aria-controls="tab-staff" data-i18n="store.tab.staff">Staff</button>
      <button type="button" role="tab" class="tab" data-tab="catalog" id="tab-btn-catalog" aria-controls="tab-catalog" data-i18n="store.tab.catalog">Catalog</button>
      <button type="button" role="tab" class="tab" data-tab="schedules" id="tab-btn-schedules" aria-controls="tab-schedules" data-i18n="store.tab.schedules">Schedules</button>
      <button type="button" role="tab" class="tab" data-tab="sales" id="tab-btn-sales" aria-controls="tab-sales" data-i18n="store.tab.sales">Sales</button>
    </nav>

    <section role="tabpanel" id="tab-counters" aria-labelledby="tab-btn-counters" class="tabpanel" hidden>
      <div class="card-grid" id="counters-grid" data-testid="dashboard-counters"></div>
      <p class="form-error" id="counters-error" role="alert" hidden></p>
    </section>

    <section role="tabpanel" id="tab-staff" aria-labelledby="tab-btn-staff" class="tabpanel" hidden>
      <div class="two-col">
        <div class="panel">
          <h2 data-i18n="store.staff.list">Staff</h2>
          <table class="table" id="staff-table"><thead><tr><th data-i18n="store.staff.name">Name</th><th data-i18n="auth.username">Username</th><th data-i18n="store.staff.role">Role</th></tr></thead><tbody id="staff-body"></tbody></table>
          <p class="form-error" id="staff-error" role="alert" hidden></p>
        </div>
        <form class="panel stack" id="staff-form" novalidate>
          <h2 data-i18n="store.staff.add">Add staff</h2>
          <div class="field"><label for="staff-name" data-i18n="store.staff.name">Name</label><input id="staff-name" required autocomplete="off"></div>
          <div class="field"><label for="staff-username" data-i18n="auth.username">Username</label><input id="staff-username" required autocapitalize="none" autocomplete="off" spellcheck="false"></div>
          <div class="field"><label for="staff-password" data-i18n="auth.password">Password</label><input id="staff-password" type="password" required autocomplete="new-password" minlength="8"></div>
          <div class="field"><label for="staff-role" data-i18n="store.staff.role">Role</label>
            <select id="staff-role"><option value="clerk" data-i18n="role.clerk">Clerk</option><option value="manager" data-i18n="role.manager">Manager</option></select></div>
          <p class="form-error" id="staff-form-error" role="alert" hidden></p>
          <p class="form-ok" id="staff-form-ok" role="status" hidden></p>
          <button type="submit" class="btn btn-primary" data-i18n="store.staff.addButton">Add</button>
        </form>
      </div>
    </section>

    <section role="tabpanel" id="tab-catalog" aria-labelledby="tab-btn-catalog" class="tabpanel" hidden>
      <div class="two-col">
        <div class="panel">
          <h2 data-i18n="store.catalog.products">Products</h2>
          <form id="product-lookup" class="row row-end" novalidate>
            <div class="field grow"><label for="lookup-barcode" data-i18n="store.catalog.lookup">Look up a barcode</label><input id="lookup-barcode" inputmode="numeric" autocomplete="off" class="mono"></div>
            <button type="submit" class="btn btn-secondary" data-i18n="clerk.search">Search</button>
          </form>
          <table class="table" id="products-table" hidden><thead><tr><th data-i18n="store.catalog.barcode">Barcode</th><th data-i18n="store.catalog.name">Name</th><th>SKU</th><th class="num" data-i18n="store.catalog.price">Price</th></tr></thead><tbody id="products-body"></tbody></table>
          <p class="form-error" id="products-error" role="alert" hidden></p>
        </div>
        <form class="panel stack" id="product-form" novalidate>
          <h2 data-i18n="store.catalog.edit">Add or update a product</h2>
          <div class="field"><label for="product-barcode" data-i18n="store.catalog.barcode">Barcode</label><input id="product-barcode" required inputmode="numeric" autocomplete="off" class="mono"></div>
          <div class="field"><label for="product-name" data-i18n="store.catalog.name">Name</label><input id="product-name" required autocomplete="off"></div>
          <div class="field"><label for="product-sku">SKU</label><input id="product-sku" required autocomplete="off" class="mono"></div>
          <div class="field"><label for="product-price"><span data-i18n="store.catalog.price">Price</span> (<span class="store-currency"></span>)</label><input id="product-price" required inputmode="decimal" autocomplete="off" class="mono"></div>
          <p class="form-error" id="product-form-error" role="alert" hidden></p>
          <p class="form-ok" id="product-form-ok" role="status" hidden></p>
          <button type="submit" class="btn btn-primary" data-i18n="store.catalog.save">Save product</button>
        </form>
      </div>
    </section>

    <section role="tabpanel" id="tab-schedules" aria-labelledby="tab-btn-schedules" class="tabpanel" hidden>
      <div class="panel">
        <h2 data-i18n="store.schedules.entries">Schedule entries</h2>
        <form id="entries-form" class="row row-end" novalidate>
          <div class="field grow"><label for="entries-q" data-i18n="clerk.scheduleQuery">Customer name or reference</label><input id="entries-q" type="search" autocomplete="off"></div>
          <div class="field"><label for="entries-due" data-i18n="clerk.dueOn">Due on</label><input id="entries-due" type="date"></div>
          <button type="submit" class="btn btn-secondary" data-i18n="clerk.search">Search</button>
        </form>
        <div class="table-wrap"><table class="table" id="entries-table"><thead><tr><th data-i18n="store.schedules.customer">Customer</th><th data-i18n="store.schedules.description">Description</th><th data-i18n="store.schedules.due">Due</th><th class="num" data-i18n="clerk.amount">Amount</th><th data-i18n="store.schedules.status">Status</th></tr></thead><tbody id="entries-body"></tbody></table></div>
        <p class="form-error" id="entries-error" role="alert" hidden></p>
      </div>
      <div class="two-col">
        <form class="panel stack" id="schedule-create" novalidate>
          <h2 data-i18n="store.schedules.create">New schedule</h2>
          <div class="row">
            <div class="field grow"><label for="schedule-name" data-i18n="store.schedules.name">Name</label><input id="schedule-name" required autocomplete="off"></div>
            <div class="field"><label for="schedule-counter" data-i18n="store.schedules.counter">Route / counter</label><select id="schedule-counter"></select></div>
          </div>
          <fieldset class="entries-editor">
            <legend data-i18n="store.schedules.entries">Schedule entries</legend>
            <div id="entry-rows"></div>
            <button type="button" class="btn btn-ghost btn-sm" id="add-entry-row" data-i18n="store.schedules.addEntry">+ Add entry</button>
          </fieldset>
          <p class="form-error" id="schedule-create-error" role="alert" hidden></p>
          <p class="form-ok" id="schedule-create-ok" role="status" hidden></p>
          <button type="submit" class="btn btn-primary" data-i18n="store.schedules.save">Create schedule</button>
        </form>
        <form class="panel stack" id="schedule-import" novalidate>
          <h2 data-i18n="store.schedules.import">Import CSV</h2>
          <div class="row">
            <div class="field grow"><label for="import-name" data-i18n="store.schedules.name">Name</label><input id="import-name" required autocomplete="off"></div>
            <div class="field"><label for="import-counter" data-i18n="store.schedules.counter">Route / counter</label><select id="import-counter"></select></div>
          </div>
          <p class="muted small" data-i18n="store.schedules.importHelp">One entry per line after a header row. The amount is in minor units (yen: 4200); dueAt is a date-time with its offset.</p>
          <pre class="sample mono small">customerName,customerRef,description,amount,dueAt
Hanako Yamada,C-1,Rice 10kg,4200,2026-11-21T10:00:00+09:00</pre>
          <div class="field"><label for="import-file" data-i18n="store.schedules.file">CSV file</label><input id="import-file" type="file" accept=".csv,text/csv"></div>
          <div class="field"><label for="import-text" data-i18n="store.schedules.orPaste">or paste CSV</label><textarea id="import-text" rows="5" class="mono small" spellcheck="false"></textarea></div>
          <p class="form-error" id="import-error" role="alert" hidden></p>
          <p class="form-ok" id="import-ok" role="status" hidden></p>
          <button type="submit" class="btn btn-primary" data-i18n="store.schedules.importButton">Import</button>
        </form>
      </div>
    </section>

    <section role="tabpanel" id="tab-sales" aria-labelledby="tab-btn-sales" class="tabpanel" hidden>
      <div class="panel">
        <form id="sales-form" class="row row-end" novalidate>
          <div class="field"><label for="sales-from" data-i18n="store.sales.from">From</label><input id="sales-from" type="date" required></div>
          <div class="field"><label for="sales-to" data-i18n="store.sales.to">To</label><input id="sales-to" type="date" required></div>
          <div class="field"><label for="sales-group" data-i18n="store.sales.groupBy">Group by</label>
            <select id="sales-group">
              <option value="day" data-i18n="store.sales.byDay">Day</option>
              <option value="counter" data-i18n="store.sales.byCounter">Counter</option>
              <option value="staff" data-i18n="store.sales.byStaff">Staff</option>
              <option value="method" data-i18n="store.sales.byMethod">Method</option>
            </select></div>
          <button type="submit" class="btn btn-primary" data-i18n="store.sales.show">Show</button>
          <button type="button" class="btn btn-secondary" id="sales-csv" data-i18n="store.sales.csv">Download CSV</button>
        </form>
        <p class="form-error" id="sales-error" role="alert" hidden></p>
        <div class="chart" id="sales-chart" data-testid="sales-chart"></div>
        <div class="table-wrap"><table class="table" id="sales-table" hidden><thead><tr><th id="sales-key-head"></th><th class="num" data-i18n="store.sales.count">Sales</th><th class="num" data-i18n="store.sales.refunds">Refunds</th><th class="num" data-i18n="store.sales.net">Net</th></tr></thead><tbody id="sales-body"></tbody><tfoot><tr><th data-i18n="clerk.total">Total</th><td class="num" id="sales-total-count"></td><td class="num" id="sales-total-refunds"></td><td class="num" id="sales-total-net"></td></tr></tfoot></table></div>
      </div>
    </section>
  </section>
</main>`,
  },

  poster: {
    title: 'counterpay — counter poster',
    script: 'poster.js',
    bodyClass: 'page-poster',
    topbar: `<header class="topbar no-print">
  <a class="brand" href="/store" aria-label="Store dashboard"><img class="brand-mark" src="/assets/favicon.svg" alt="" width="28" height="28"><span>counterpay</span></a>
  <span class="topbar-title" data-i18n="poster.title">Counter poster</span>
  <div class="topbar-right"><button type="button" class="btn btn-primary btn-sm" id="print" data-i18n="poster.print">Print</button></div>
</header>`,
    body: `<main id="main" class="poster">
  <article class="poster-sheet" data-testid="poster">
    <p class="poster-store" id="poster-store"></p>
    <h1 class="poster-headline">Pay here with your phone</h1>
    <p class="poster-headline-ja" lang="ja">スマートフォンでお支払いいただけます</p>
    <img id="poster-qr" class="poster-qr" alt="" width="320" height="320">
    <p class="poster-counter"><span>Counter / カウンター</span> <strong id="poster-counter"></strong></p>
    <p class="poster-url mono" id="poster-url"></p>
    <ol class="poster-steps">
      <li><strong>Scan the QR code</strong><span lang="ja">QRコードを読み取る</span></li>
      <li><strong>Check the amount</strong><span lang="ja">金額を確認する</span></li>
      <li><strong>Enter your card</strong><span lang="ja">カードを入力する</span></li>
    </ol>
    <p class="poster-foot">Your card stays in your hand. / カードはお客様の手元から離れません。</p>
  </article>
</main>`,
  },
};
