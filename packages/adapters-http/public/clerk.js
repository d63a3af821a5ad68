// Clerk terminal: /clerk. Sign in, pick a counter, present payments, follow them live,
// authorize / capture / void / cancel, and run F2 cancellations with refunds.

import { t, applyI18n } from './i18n.js';
import {
  api,
  endSessionOnUnauthorized,
  wireTabs,
  busy,
  byId,
  counterCaption,
  describeMethod,
  enc,
  errorMessage,
  followEvents,
  formatMoney,
  formatDateTime,
  h,
  listOf,
  loadStaffSession,
  newer,
  paintStatus,
  parseAmount,
  processingNumberOf,
  renderItems,
  say,
  session,
  show,
  showSignedIn,
  statusTone,
  transactionOfEvent,
  wireLogin,
} from './common.js';

applyI18n();

const COUNTER_KEY = 'counterpay.clerk.counter';

const state = {
  session: null,
  counters: [],
  counter: null,
  currency: null,
  tx: null,
  stream: null,
  inquiry: null,
  lines: [],
};

const storePath = () => `/api/v1/stores/${enc(state.session.store)}`;
const auth = () => ({ token: state.session.token });

function view(name) {
  for (const id of ['view-login', 'view-counters', 'view-terminal']) show(id, id === `view-${name}`);
}

/** Any 401 means the staff session is over: back to sign-in. */
function handleAuthError(error) {
  return endSessionOnUnauthorized(error, signOut);
}

function signOut() {
  state.stream?.close();
  state.stream = null;
  state.session = null;
  state.tx = null;
  state.counter = null;
  session.remove(COUNTER_KEY);
  showSignedIn(null);
  view('login');
}

async function start(s) {
  state.session = s;
  state.currency = s.storeInfo?.currency ?? s.staff?.store?.currency ?? null;
  showSignedIn(s, signOut);
  await Promise.all([loadStore(), loadCounters()]);
  if (!state.session) return;
  const saved = session.get(COUNTER_KEY);
  const counter = saved && saved.store === s.store ? state.counters.find((c) => c.name === saved.name) : null;
  if (counter) openTerminal(counter);
  else view('counters');
}

/** The store's name and currency (amounts are typed in the store's currency). */
async function loadStore() {
  try {
    const store = await api('GET', storePath(), auth());
    state.currency = store?.currency ?? state.currency;
    state.timezone = store?.timezone ?? null;
    paintCurrency();
  } catch (error) {
    handleAuthError(error);
  }
}

async function loadCounters() {
  say('counters-error', '');
  try {
    const answer = await api('GET', `${storePath()}/counters`, auth());
    state.counters = listOf(answer, 'counters');
    if (!state.currency) state.currency = answer?.store?.currency ?? state.counters[0]?.currency ?? null;
  } catch (error) {
    if (handleAuthError(error)) return;
    say('counters-error', errorMessage(error));
    state.counters = [];
  }
  const list = byId('counter-list');
  list.replaceChildren(
    ...state.counters.map((counter) =>
      h(
        'button',
        {
          type: 'button',
          class: 'counter-choice',
          dataset: { testid: `counter-${counter.name}` },
          disabled: counter.isOpen === false,
          on: { click: () => openTerminal(counter) },
        },
        h('strong', { text: counter.name }),
        h('span', { text: counterCaption(counter) }),
      ),
    ),
  );
  const select = byId('cancel-counter');
  select.replaceChildren(...state.counters.map((c) => h('option', { value: c.name, text: c.name })));
}

// ---------- terminal ----------

function openTerminal(counter) {
  state.counter = counter;
  state.tx = null;
  state.inquiry = null;
  session.set(COUNTER_KEY, { store: state.session.store, name: counter.name });
  view('terminal');
  byId('t-counter').textContent = counter.name;
  byId('t-counter-label').textContent = counterCaption(counter);
  const payUrl = counter.payUrl ?? `${location.origin}/c/${enc(state.session.store)}/${enc(counter.name)}`;
  const qr = byId('counter-qr');
  qr.src = `${storePath()}/counters/${enc(counter.name)}/qr`;
  qr.alt = t('clerk.qrAlt', { counter: counter.name });
  const link = byId('counter-url');
  link.href = payUrl;
  link.textContent = payUrl.replace(/^https?:\/\//, '');
  byId('cancel-counter').value = counter.name;
  paintCurrency();
  render();
  loadCurrent();
  follow();
}

function paintCurrency() {
  for (const el of document.querySelectorAll('.store-currency')) el.textContent = state.currency ?? '';
}

/** The newest transaction of the counter (the live one if any). */
async function loadCurrent() {
  try {
    const answer = await api('GET', `${storePath()}/transactions?counter=${enc(state.counter.name)}`, auth());
    const list = listOf(answer, 'transactions');
    if (list.length === 0) return;
    const byNewest = [...list].sort((a, b) => String(b.updatedAt ?? b.createdAt).localeCompare(String(a.updatedAt ?? a.createdAt)));
    const live = byNewest.find((tx) => !['captured', 'voided', 'cancelled', 'expired', 'refunded'].includes(tx.status));
    setCurrent(live ?? (state.tx ? null : byNewest[0]));
  } catch (error) {
    handleAuthError(error);
  }
}

function setCurrent(tx) {
  if (!tx) return;
  if (!state.currency && (tx.amount?.currency || tx.currency)) {
    state.currency = tx.amount?.currency ?? tx.currency;
    paintCurrency();
  }
  if (state.tx && state.tx.id !== tx.id) state.inquiry = null;
  state.tx = newer(state.tx, tx);
  render();
}

async function refreshCurrent() {
  if (!state.tx) return loadCurrent();
  try {
    setCurrent(await api('GET', `${storePath()}/transactions/${enc(state.tx.id)}`, auth()));
  } catch (error) {
    handleAuthError(error);
  }
}

function follow() {
  state.stream?.close();
  const counterName = state.counter.name;
  state.stream = followEvents(`${storePath()}/counters/${enc(counterName)}/events`, {
    headers: { Authorization: `Bearer ${state.session.token}` },
    onOpen: () => (state.tx ? refreshCurrent() : loadCurrent()),
    onEvent: async ({ data }) => {
      if (state.counter?.name !== counterName) return;
      const { transaction, id } = transactionOfEvent(data);
      if (transaction) setCurrent(transaction);
      else if (id) {
        try {
          setCurrent(await api('GET', `${storePath()}/transactions/${enc(id)}`, auth()));
        } catch (error) {
          handleAuthError(error);
        }
      }
    },
    onState: (s) => {
      const live = byId('live');
      live.className = `live-badge ${s === 'open' ? 'on' : s === 'reconnecting' ? 'off' : ''}`;
      live.textContent = s === 'open' ? t('live.on') : s === 'reconnecting' ? t('live.reconnecting') : '';
    },
    onFatal: (error) => {
      if (!handleAuthError(error)) say('current-error', errorMessage(error));
    },
  });
}

const CLERK_STATUS_DETAIL = {
  awaiting_amount: 'clerk.s.awaiting_amount',
  awaiting_method: 'clerk.s.awaiting_method',
  method_registered: 'clerk.s.method_registered',
  authorizing: 'clerk.s.authorizing',
  authorized: 'clerk.s.authorized',
  capturing: 'clerk.s.capturing',
  captured: 'clerk.s.captured',
  declined: 'clerk.s.declined',
  voiding: 'clerk.s.voiding',
  voided: 'clerk.s.voided',
  cancelled: 'clerk.s.cancelled',
  expired: 'clerk.s.expired',
  cancel_requested: 'clerk.s.cancel_requested',
  cancel_confirmed: 'clerk.s.cancel_confirmed',
  refunding: 'clerk.s.refunding',
  refunded: 'clerk.s.refunded',
};

function render() {
  const tx = state.tx;
  show('current-empty', !tx);
  show('current-tx', Boolean(tx));
  if (!tx) return;
  const status = tx.status;
  paintStatus(byId('clerk-status'), status);
  byId('clerk-status-title').textContent = t(`status.${status}`, {}, status);
  const reason = tx.declineReason ?? tx.decline?.reason;
  byId('clerk-status-detail').textContent = t(CLERK_STATUS_DETAIL[status] ?? 'clerk.s.unknown', {
    reason: reason ? t(`decline.${reason}`, {}, reason) : t('decline.generic'),
    processing: processingNumberOf(tx) ?? '',
  });
  byId('c-amount').textContent = tx.amount ? formatMoney(tx.amount) : t('clerk.amountByCustomer');
  byId('c-reference').textContent = tx.reference ?? '';
  byId('c-method').textContent = tx.paymentMethod ? describeMethod(tx.paymentMethod) : t('clerk.noMethodYet');
  byId('c-method').classList.toggle('placeholder', !tx.paymentMethod);
  const authCode = tx.authorization?.code;
  show('c-auth-row', Boolean(authCode));
  byId('c-auth').textContent = authCode ?? '';
  const processing = processingNumberOf(tx);
  show('c-processing-row', Boolean(processing));
  byId('c-processing').textContent = processing ?? '';
  renderItems(byId('c-items'), tx.items);

  const can = {
    authorize: status === 'method_registered',
    capture: status === 'authorized',
    void: status === 'authorized',
    cancel: ['awaiting_amount', 'awaiting_method', 'method_registered', 'declined'].includes(status),
  };
  byId('act-authorize').disabled = !can.authorize;
  byId('act-capture').disabled = !can.capture;
  byId('act-void').disabled = !can.void;
  byId('act-cancel').disabled = !can.cancel;
  const refundPhase = ['cancel_requested', 'cancel_confirmed', 'refunding'].includes(status);
  const finished = ['captured', 'voided', 'cancelled', 'expired', 'refunded'].includes(status);
  show('actions', !finished);
  for (const id of ['act-authorize', 'act-capture', 'act-void', 'act-cancel']) show(id, !refundPhase);
  show('act-inquiry', refundPhase);
  show(
    'release-claim-row',
    Boolean(tx.claimed) &&
      ['awaiting_amount', 'awaiting_method', 'method_registered', 'declined', 'authorized', 'cancel_requested'].includes(status),
  );
  show('act-refund', refundPhase);
  const inquiry = state.inquiry && state.inquiry.id === tx.id ? state.inquiry : null;
  byId('act-inquiry').disabled = status !== 'cancel_confirmed';
  byId('act-refund').disabled = !(status === 'cancel_confirmed' && inquiry?.refundable);
  const note = byId('inquiry-result');
  if (inquiry && status === 'cancel_confirmed') {
    note.textContent = inquiry.refundable
      ? t(inquiry.kind === 'void' ? 'clerk.inquiry.void' : 'clerk.inquiry.ok')
      : t('clerk.inquiry.no', { reason: inquiry.reason ?? '' });
    note.className = `note tone-${inquiry.refundable ? 'ok' : 'danger'}`;
    note.hidden = false;
  } else {
    note.hidden = true;
  }
  byId('current').dataset.status = status;
  byId('current').dataset.tone = statusTone(status);
}

async function act(button, op) {
  const tx = state.tx;
  if (!tx) return;
  say('current-error', '');
  await busy(button, async () => {
    try {
      const answer = await api('POST', `${storePath()}/transactions/${enc(tx.id)}/${op}`, auth());
      if (answer && answer.id) setCurrent(answer);
      else refreshCurrent();
    } catch (error) {
      if (handleAuthError(error)) return;
      say('current-error', errorMessage(error));
      refreshCurrent();
    }
  });
  render();
}

byId('act-authorize').addEventListener('click', (e) => act(e.currentTarget, 'authorize'));
byId('act-capture').addEventListener('click', (e) => act(e.currentTarget, 'capture'));
byId('act-void').addEventListener('click', (e) => act(e.currentTarget, 'void'));
byId('act-release-claim').addEventListener('click', (e) => act(e.currentTarget, 'release-claim'));
// Cancelling is final: the first click arms the button, a second click within 4 s cancels.
let cancelArmed = null;
byId('act-cancel').addEventListener('click', (e) => {
  const button = e.currentTarget;
  if (!cancelArmed) {
    button.textContent = t('clerk.confirmCancel');
    cancelArmed = setTimeout(() => {
      cancelArmed = null;
      button.textContent = t('clerk.cancel');
    }, 4000);
    return;
  }
  clearTimeout(cancelArmed);
  cancelArmed = null;
  button.textContent = t('clerk.cancel');
  act(button, 'cancel');
});
byId('act-refund').addEventListener('click', (e) => act(e.currentTarget, 'refund'));
byId('act-inquiry').addEventListener('click', async (e) => {
  const tx = state.tx;
  if (!tx) return;
  say('current-error', '');
  await busy(e.currentTarget, async () => {
    try {
      const answer = await api('POST', `${storePath()}/transactions/${enc(tx.id)}/refund-inquiry`, auth());
      state.inquiry = { id: tx.id, refundable: Boolean(answer?.refundable), reason: answer?.reason ?? null, kind: answer?.kind ?? null };
    } catch (error) {
      if (handleAuthError(error)) return;
      say('current-error', errorMessage(error));
    }
  });
  render();
});

// ---------- new payments ----------

async function present(button, body) {
  say('new-error', '');
  return busy(button, async () => {
    try {
      const tx = await api('POST', `${storePath()}/counters/${enc(state.counter.name)}/transactions`, { ...auth(), body });
      state.inquiry = null;
      state.tx = null;
      setCurrent(tx);
      say('barcode-error', '');
      window.scrollTo({ top: 0 });
      return true;
    } catch (error) {
      if (handleAuthError(error)) return false;
      say('new-error', error.code === 'counter.busy' ? t('error.counter.busy') : errorMessage(error));
      return false;
    }
  });
}

function selectTab(name) {
  for (const tab of document.querySelectorAll('#new-payment [role=tab]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    show(`tab-${tab.dataset.tab}`, selected);
  }
  say('new-error', '');
  if (name === 'barcodes') byId('barcode-input').focus();
  if (name === 'schedule' && !byId('schedule-results').childElementCount) searchSchedule();
}

wireTabs('#new-payment [role=tab]', selectTab);

// F1: amount
byId('amount-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = byId('amount-input');
  const currency = state.currency ?? 'JPY';
  const value = parseAmount(input.value, currency);
  if (value === null) {
    input.setAttribute('aria-invalid', 'true');
    say('new-error', t('clerk.invalidAmount', { currency }));
    return;
  }
  input.removeAttribute('aria-invalid');
  if (await present(event.submitter, { amount: { value, currency } })) input.value = '';
});

// F5: barcodes
function renderLines() {
  const body = byId('barcode-lines-body');
  body.replaceChildren(
    ...state.lines.map((line, index) =>
      h(
        'tr',
        {},
        h('td', { class: 'line-name' }, line.product?.name ?? t('clerk.unknownProduct'), h('small', { text: line.barcode })),
        h(
          'td',
          { class: 'num' },
          h(
            'span',
            { class: 'qty-stepper' },
            h('button', {
              type: 'button',
              class: 'btn btn-secondary btn-sm',
              'aria-label': t('clerk.less'),
              text: '−',
              on: { click: () => changeQty(index, -1) },
            }),
            h('span', { text: String(line.quantity), 'aria-live': 'polite' }),
            h('button', {
              type: 'button',
              class: 'btn btn-secondary btn-sm',
              'aria-label': t('clerk.more'),
              text: '+',
              on: { click: () => changeQty(index, 1) },
            }),
          ),
        ),
        h('td', {
          class: 'num',
          text: line.product?.price
            ? formatMoney({ value: line.product.price.value * line.quantity, currency: line.product.price.currency })
            : '—',
        }),
        h(
          'td',
          { class: 'num' },
          h('button', {
            type: 'button',
            class: 'btn btn-ghost icon-btn',
            'aria-label': t('clerk.remove'),
            text: '×',
            on: { click: () => removeLine(index) },
          }),
        ),
      ),
    ),
  );
  show('barcode-lines', state.lines.length > 0);
  byId('barcode-submit').disabled = state.lines.length === 0;
  const priced = state.lines.filter((l) => l.product?.price);
  const currency = priced[0]?.product.price.currency ?? state.currency;
  const total = priced.reduce((sum, l) => sum + l.product.price.value * l.quantity, 0);
  byId('barcode-total').textContent = priced.length === state.lines.length && currency ? formatMoney({ value: total, currency }) : '—';
}

function changeQty(index, delta) {
  const line = state.lines[index];
  if (!line) return;
  line.quantity = Math.max(1, Math.min(999, line.quantity + delta));
  renderLines();
}

function removeLine(index) {
  state.lines.splice(index, 1);
  renderLines();
}

function productPrice(product) {
  const price = product?.price ?? product?.unitPrice;
  if (price && typeof price.value === 'number') return price;
  return null;
}

byId('barcode-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('barcode-error', '');
  const input = byId('barcode-input');
  const barcode = input.value.normalize('NFKC').replace(/\D/g, '');
  const quantity = Math.max(1, Math.min(999, Number(byId('barcode-qty').value) || 1));
  if (![8, 12, 13].includes(barcode.length)) {
    say('barcode-error', t('clerk.badBarcode'));
    return;
  }
  input.value = '';
  byId('barcode-qty').value = '1';
  input.focus();
  const existing = state.lines.find((l) => l.barcode === barcode);
  if (existing) {
    existing.quantity = Math.min(999, existing.quantity + quantity);
    renderLines();
    return;
  }
  const line = { barcode, quantity, product: null };
  state.lines.push(line);
  renderLines();
  try {
    const product = await api('GET', `${storePath()}/products/${enc(barcode)}`, auth());
    line.product = { name: product?.name ?? barcode, price: productPrice(product) };
  } catch (error) {
    if (handleAuthError(error)) return;
    if (error.status === 404) {
      removeLine(state.lines.indexOf(line));
      say('barcode-error', t('clerk.noSuchProduct', { barcode }));
      return;
    }
    if (error.status === 400) {
      removeLine(state.lines.indexOf(line));
      say('barcode-error', t('clerk.badBarcode'));
      return;
    }
  }
  renderLines();
});

byId('barcode-submit').addEventListener('click', async (event) => {
  const items = state.lines.map((l) => ({ barcode: l.barcode, quantity: l.quantity }));
  if (items.length === 0) return;
  if (await present(event.currentTarget, { items })) {
    state.lines = [];
    renderLines();
  }
});

// F4: schedule entries
async function searchSchedule() {
  const list = byId('schedule-results');
  const q = byId('schedule-q').value.trim();
  const dueOn = byId('schedule-due').value;
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (dueOn) params.set('dueOn', dueOn);
  try {
    const answer = await api('GET', `${storePath()}/schedule-entries?${params}`, auth());
    const entries = listOf(answer, 'entries');
    if (entries.length === 0) {
      list.replaceChildren(h('li', { class: 'muted', text: t('clerk.noEntries') }));
      return;
    }
    list.replaceChildren(
      ...entries.map((entry) => {
        const open = entry.status === 'pending' || !entry.status;
        return h(
          'li',
          { dataset: { testid: `entry-${entry.customerRef ?? entry.id}` } },
          h(
            'div',
            { class: 'entry-main' },
            h('strong', { text: entry.customerName ?? entry.customerRef ?? '' }),
            h('span', {
              text: [entry.description, entry.dueAt ? formatDateTime(entry.dueAt, state.timezone) : '', entry.counter, entry.customerRef]
                .filter(Boolean)
                .join(' · '),
            }),
          ),
          h(
            'div',
            { class: 'entry-side' },
            h('span', { class: 'num', text: formatMoney(entry.amount) }),
            open
              ? h('button', {
                  type: 'button',
                  class: 'btn btn-primary btn-sm',
                  text: t('clerk.openEntry'),
                  on: { click: (e) => present(e.currentTarget, { scheduleEntryId: entry.id }).then((ok) => ok && searchSchedule()) },
                })
              : h('span', {
                  class: `badge tone-${entry.status === 'collected' ? 'ok' : 'neutral'}`,
                  text: t(`entry.${entry.status}`, {}, entry.status),
                }),
          ),
        );
      }),
    );
  } catch (error) {
    if (handleAuthError(error)) return;
    list.replaceChildren(h('li', { class: 'form-error', text: errorMessage(error) }));
  }
}

byId('schedule-form').addEventListener('submit', (event) => {
  event.preventDefault();
  searchSchedule();
});

// F3: customer enters the amount
byId('customer-amount-submit').addEventListener('click', (event) => present(event.currentTarget, { customerEntersAmount: true }));

// ---------- F2: cancellation ----------

byId('cancellation-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('cancellation-error', '');
  const processingNumber = byId('cancel-number').value.trim();
  const currency = state.currency ?? 'JPY';
  const value = parseAmount(byId('cancel-amount').value, currency);
  const counterName = byId('cancel-counter').value || state.counter.name;
  if (!processingNumber || value === null) {
    say('cancellation-error', t('clerk.cancellationMissing'));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      const tx = await api('POST', `${storePath()}/cancellations`, {
        ...auth(),
        body: { processingNumber, amount: { value, currency }, counter: counterName },
      });
      byId('cancel-number').value = '';
      byId('cancel-amount').value = '';
      if (counterName !== state.counter.name) {
        const counter = state.counters.find((c) => c.name === counterName);
        if (counter) openTerminal(counter);
      }
      state.inquiry = null;
      state.tx = null;
      setCurrent(tx);
      window.scrollTo({ top: 0 });
    } catch (error) {
      if (handleAuthError(error)) return;
      say('cancellation-error', errorMessage(error));
    }
  });
});

// ---------- boot ----------

byId('change-counter').addEventListener('click', () => {
  state.stream?.close();
  state.stream = null;
  state.tx = null;
  session.remove(COUNTER_KEY);
  view('counters');
  loadCounters();
});

wireLogin({ onSignedIn: (s) => start(s) });

const existing = loadStaffSession();
if (existing) start(existing);
else view('login');
