// Customer pay page: /c/{store}/{counter}, on the customer's own phone.
// The card number goes from this page to the API once and is never kept anywhere.

import { t, applyI18n } from './i18n.js';
import {
  api,
  ApiError,
  byId,
  describeMethod,
  enc,
  errorMessage,
  followEvents,
  formatMoney,
  exponentOf,
  newer,
  paintStatus,
  parseAmount,
  processingNumberOf,
  renderItems,
  say,
  session,
  show,
  transactionOfEvent,
  busy,
  TERMINAL,
} from './common.js';

applyI18n();

const [, , rawStore = '', rawCounter = ''] = location.pathname.split('/');
const storeCode = decodeURIComponent(rawStore);
const counterName = decodeURIComponent(rawCounter);
const claimKey = `counterpay.customer.${storeCode}/${counterName}`;
const POLL_MS = 3000;
/** A phone left on the waiting screen stops looking after this long, so it cannot claim a later customer's payment. */
const MAX_WAIT_MS = 5 * 60 * 1000;

const state = {
  tx: null,
  token: null,
  store: null,
  counter: null,
  stream: null,
  pollTimer: null,
};

byId('store-name').textContent = storeCode;
byId('counter-name').textContent = counterName;

function view(name) {
  for (const id of ['view-loading', 'view-waiting', 'view-claimed', 'view-error', 'view-tx']) show(id, id === `view-${name}`);
}

let pollsWaiting = 0;
let waitingSince = Date.now();

/** Looks again soon: every 3 s for the first minute of waiting, then every 6 s, for 5 minutes. */
function schedulePoll(ms) {
  clearTimeout(state.pollTimer);
  pollsWaiting += 1;
  if (Date.now() - waitingSince > MAX_WAIT_MS) {
    show('waiting-spinner', false);
    show('waiting-retry', true);
    return;
  }
  state.pollTimer = setTimeout(openCounter, ms ?? (pollsWaiting > 20 ? POLL_MS * 2 : POLL_MS));
}

/** Opens the counter: the first phone gets the customer token, later visits of this phone reuse it. */
async function openCounter() {
  clearTimeout(state.pollTimer);
  const saved = session.get(claimKey);
  let answer;
  try {
    answer = await api('GET', `/api/v1/portal/${enc(storeCode)}/${enc(counterName)}`, { customerToken: saved?.token });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'transaction.claimed' && saved?.token) {
      // Our token is for an earlier transaction (or an earlier claim): open afresh.
      session.remove(claimKey);
      return openCounter();
    }
    if (error instanceof ApiError && error.code === 'counter.nothing_presented' && saved?.token && saved.transactionId) {
      if (await showOwnReceipt(saved)) return;
    }
    return showOpenError(error);
  }
  if (answer.customerToken) session.set(claimKey, { token: answer.customerToken, transactionId: answer.transaction?.id ?? null });
  state.token = answer.customerToken ?? saved?.token ?? null;
  state.store = answer.store ?? null;
  state.counter = answer.counter ?? null;
  paintHeader();
  if (!answer.transaction) {
    view('waiting');
    schedulePoll();
    return;
  }
  state.tx = answer.transaction;
  view('tx');
  render();
  follow();
}

/** After a reload, this phone's finished payment (its receipt) rather than an empty counter. */
async function showOwnReceipt(saved) {
  try {
    const tx = await api('GET', `/api/v1/customer/transactions/${enc(saved.transactionId)}`, { customerToken: saved.token });
    if (!tx || !['captured', ...TERMINAL].includes(tx.status)) return false;
    state.token = saved.token;
    state.tx = tx;
    view('tx');
    render();
    return true;
  } catch {
    return false;
  }
}

function showOpenError(error) {
  if (error instanceof ApiError && error.status === 429) {
    // Rate limited (many phones behind one shop Wi-Fi): keep the current screen and slow down.
    if (!state.tx) view('waiting');
    schedulePoll(POLL_MS * 5);
    return;
  }
  if (error instanceof ApiError && error.code === 'transaction.claimed') {
    view('claimed');
    return;
  }
  if (error instanceof ApiError && error.status === 404) {
    const unknownPlace = /^(store|counter)\./.test(error.code) && !/nothing|no_transaction|not_presented/.test(error.code);
    if (unknownPlace) {
      byId('error-title').textContent = t('pay.unknownCounter.title');
      byId('error-body').textContent = t('pay.unknownCounter.body', { store: storeCode, counter: counterName });
      view('error');
      schedulePoll(POLL_MS * 3);
      return;
    }
    view('waiting');
    schedulePoll();
    return;
  }
  byId('error-title').textContent = t('pay.error.title');
  byId('error-body').textContent = errorMessage(error);
  view('error');
  schedulePoll(POLL_MS * 2);
}

function paintHeader() {
  const storeName = state.store?.name ?? state.store?.code ?? storeCode;
  byId('store-name').textContent = storeName;
  const label = String(state.counter?.label ?? '');
  const name = state.counter?.name ?? counterName;
  byId('counter-name').textContent = label && !label.toLowerCase().includes(name.toLowerCase()) ? `${name} · ${label}` : name;
  document.title = `${storeName} — counterpay`;
}

/** Live updates of our transaction; on every (re)connection the current state is re-read. */
function follow() {
  if (state.stream || !state.tx || !state.token) return;
  const id = state.tx.id;
  state.stream = followEvents(`/api/v1/customer/transactions/${enc(id)}/events`, {
    headers: { 'X-Customer-Token': state.token },
    onOpen: () => refresh(),
    onEvent: ({ data }) => {
      const { transaction, id: eventTxId } = transactionOfEvent(data);
      if (transaction && transaction.id === id) update(transaction);
      else if (!eventTxId || eventTxId === id) refresh();
    },
    onState: (s) => paintLive(s),
    onFatal: () => {
      state.stream = null;
    },
  });
}

function stopFollowing() {
  state.stream?.close();
  state.stream = null;
}

async function refresh() {
  if (!state.tx || !state.token) return;
  try {
    const tx = await api('GET', `/api/v1/customer/transactions/${enc(state.tx.id)}`, { customerToken: state.token });
    update(tx);
  } catch (error) {
    if (lostClaim(error)) stopFollowing();
  }
}

/** The phone's token no longer opens the transaction (e.g. an F2 cancellation started a fresh claim). */
function lostClaim(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 404 || error.code === 'transaction.claimed');
}

/**
 * Claims the transaction again at the counter where it is presented now, for this phone: used when
 * the customer acts on a cancellation after the store re-presented the sale. Returns true when this
 * phone holds the same transaction again.
 */
async function reclaim() {
  const tx = state.tx;
  const counter = tx?.counter ?? counterName;
  const answer = await api('GET', `/api/v1/portal/${enc(storeCode)}/${enc(counter)}`);
  if (!answer?.transaction || answer.transaction.id !== tx.id || !answer.customerToken) return false;
  state.token = answer.customerToken;
  session.set(`counterpay.customer.${storeCode}/${counter}`, { token: answer.customerToken, transactionId: tx.id });
  stopFollowing();
  update(answer.transaction);
  follow();
  return true;
}

function update(tx) {
  if (!tx || (state.tx && tx.id !== state.tx.id)) return;
  state.tx = newer(state.tx, tx);
  render();
}

function paintLive(s) {
  const live = byId('live');
  live.className = `live ${s === 'open' ? 'on' : s === 'reconnecting' ? 'off' : ''}`;
  live.textContent = s === 'open' ? t('live.on') : s === 'reconnecting' ? t('live.reconnecting') : '';
}

const STATUS_TEXT = {
  awaiting_amount: ['pay.s.awaiting_amount', 'pay.s.awaiting_amount.detail'],
  awaiting_method: ['pay.s.awaiting_method', 'pay.s.awaiting_method.detail'],
  method_registered: ['pay.s.method_registered', 'pay.s.method_registered.detail'],
  authorizing: ['pay.s.authorizing', 'pay.s.authorizing.detail'],
  authorized: ['pay.s.authorized', 'pay.s.authorized.detail'],
  capturing: ['pay.s.capturing', 'pay.s.capturing.detail'],
  captured: ['pay.s.captured', 'pay.s.captured.detail'],
  declined: ['pay.s.declined', 'pay.s.declined.detail'],
  voiding: ['pay.s.voiding', ''],
  voided: ['pay.s.voided', 'pay.s.voided.detail'],
  cancelled: ['pay.s.cancelled', 'pay.s.cancelled.detail'],
  expired: ['pay.s.expired', 'pay.s.expired.detail'],
  cancel_requested: ['pay.s.cancel_requested', 'pay.s.cancel_requested.detail'],
  cancel_confirmed: ['pay.s.cancel_confirmed', 'pay.s.cancel_confirmed.detail'],
  refunding: ['pay.s.refunding', 'pay.s.refunding.detail'],
  refunded: ['pay.s.refunded', 'pay.s.refunded.detail'],
};

function render() {
  const tx = state.tx;
  if (!tx) return;
  const status = tx.status;
  const currency = tx.amount?.currency ?? tx.currency ?? state.store?.currency ?? 'JPY';

  const amountEl = byId('tx-amount');
  if (tx.amount) {
    amountEl.textContent = formatMoney(tx.amount);
    amountEl.classList.remove('pending');
  } else {
    amountEl.textContent = t('pay.amountPending');
    amountEl.classList.add('pending');
  }
  byId('bill-label').textContent = t(
    ['cancel_requested', 'cancel_confirmed', 'refunding', 'refunded'].includes(status)
      ? 'pay.saleAmount'
      : status === 'captured'
        ? 'pay.amountPaid'
        : 'pay.amountDue',
  );
  byId('view-tx').classList.toggle('final', status === 'captured' || TERMINAL.includes(status));
  byId('tx-reference').textContent = tx.reference ?? '';
  renderItems(byId('tx-items'), tx.items);

  const method = tx.paymentMethod;
  show('tx-method-row', Boolean(method) && status !== 'declined');
  byId('tx-method').textContent = describeMethod(method);
  const processing = processingNumberOf(tx);
  show('tx-processing-row', Boolean(processing));
  byId('tx-processing').textContent = processing ?? '';

  const [titleKey, detailKey] = STATUS_TEXT[status] ?? ['pay.s.unknown', ''];
  const banner = byId('tx-status');
  paintStatus(banner, status);
  byId('status-title').textContent = t(titleKey);
  const reason = tx.declineReason ?? tx.decline?.reason ?? tx.authorization?.declineReason;
  byId('status-detail').textContent = detailKey
    ? t(detailKey, { processing: processing ?? '', reason: reason ? t(`decline.${reason}`, {}, reason) : t('decline.generic') })
    : '';

  const amountForm = byId('amount-form');
  const wasAmountHidden = amountForm.hidden;
  amountForm.hidden = status !== 'awaiting_amount';
  byId('amount-currency').textContent = currency;
  if (!amountForm.hidden && wasAmountHidden) byId('amount-input').inputMode = exponentOf(currency) === 0 ? 'numeric' : 'decimal';

  const cardForm = byId('card-form');
  cardForm.hidden = !(status === 'awaiting_method' || status === 'declined');
  byId('card-title').textContent = t(status === 'declined' ? 'pay.card.another' : 'pay.card.title');

  show('cancel-panel', status === 'cancel_requested');
  show('check-again', status === 'captured' || TERMINAL.includes(status));
  if (TERMINAL.includes(status)) stopFollowing();
}

// ---------- customer actions ----------

byId('amount-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('action-error', '');
  const tx = state.tx;
  const currency = tx?.currency ?? tx?.amount?.currency ?? state.store?.currency ?? 'JPY';
  const input = byId('amount-input');
  const value = parseAmount(input.value, currency);
  if (value === null) {
    input.setAttribute('aria-invalid', 'true');
    say('action-error', t('pay.amount.invalid', { currency }));
    return;
  }
  input.removeAttribute('aria-invalid');
  await busy(event.submitter, async () => {
    try {
      const answer = await api('POST', `/api/v1/customer/transactions/${enc(tx.id)}/amount`, {
        customerToken: state.token,
        body: { value, currency },
      });
      input.value = '';
      if (answer && answer.id) update(answer);
      else refresh();
    } catch (error) {
      say('action-error', errorMessage(error));
    }
  });
});

const cardNumber = byId('card-number');
const cardExp = byId('card-exp');
const cardCvc = byId('card-cvc');
const cardName = byId('card-name');

cardNumber.addEventListener('input', () => {
  const digits = cardNumber.value.normalize('NFKC').replace(/\D/g, '').slice(0, 19);
  const groups = /^3[47]/.test(digits) ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts = [];
  let i = 0;
  for (const size of groups) {
    if (i >= digits.length) break;
    parts.push(digits.slice(i, i + size));
    i += size;
  }
  cardNumber.value = parts.join(' ');
  cardNumber.removeAttribute('aria-invalid');
});

cardExp.addEventListener('input', (event) => {
  let digits = cardExp.value.normalize('NFKC').replace(/\D/g, '').slice(0, 4);
  if (digits.length === 1 && digits > '1') digits = `0${digits}`;
  const deleting = event.inputType?.startsWith('delete');
  cardExp.value = digits.length > 2 || (digits.length === 2 && !deleting) ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
  cardExp.removeAttribute('aria-invalid');
});

cardCvc.addEventListener('input', () => {
  cardCvc.value = cardCvc.value.normalize('NFKC').replace(/\D/g, '').slice(0, 4);
  cardCvc.removeAttribute('aria-invalid');
});

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function readCard() {
  const number = cardNumber.value.normalize('NFKC').replace(/\D/g, '');
  const exp = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(cardExp.value.normalize('NFKC').replace(/\s/g, ''));
  const cvc = cardCvc.value.normalize('NFKC').replace(/\D/g, '');
  const problems = [];
  if (number.length < 12 || number.length > 19 || !luhn(number)) problems.push([cardNumber, 'pay.card.badNumber']);
  const expMonth = exp ? Number(exp[1]) : NaN;
  const expYear = exp ? (exp[2].length === 2 ? 2000 + Number(exp[2]) : Number(exp[2])) : NaN;
  if (!exp || expMonth < 1 || expMonth > 12) problems.push([cardExp, 'pay.card.badExpiry']);
  if (cvc.length < 3) problems.push([cardCvc, 'pay.card.badCvc']);
  for (const [input] of problems) input.setAttribute('aria-invalid', 'true');
  if (problems.length > 0) return { problem: t(problems[0][1]), focus: problems[0][0] };
  const card = { number, expMonth, expYear, cvc };
  const holderName = cardName.value.trim();
  if (holderName) card.holderName = holderName;
  return { card };
}

function clearCard() {
  for (const input of [cardNumber, cardExp, cardCvc, cardName]) input.value = '';
}

byId('card-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('card-error', '');
  say('action-error', '');
  const { card, problem, focus } = readCard();
  if (!card) {
    say('card-error', problem);
    focus?.focus();
    return;
  }
  const tx = state.tx;
  clearCard();
  await busy(event.submitter, async () => {
    try {
      const answer = await api('POST', `/api/v1/customer/transactions/${enc(tx.id)}/payment-method`, {
        customerToken: state.token,
        body: { type: 'card', card },
      });
      if (answer && answer.id) update(answer);
      else refresh();
    } catch (error) {
      say('card-error', errorMessage(error));
      refresh();
    }
  });
});

byId('confirm-cancel').addEventListener('click', async (event) => {
  say('action-error', '');
  const confirmOnce = () =>
    api('POST', `/api/v1/customer/transactions/${enc(state.tx.id)}/cancellation/confirm`, { customerToken: state.token });
  await busy(event.currentTarget, async () => {
    try {
      let answer;
      try {
        answer = await confirmOnce();
      } catch (error) {
        if (!lostClaim(error)) throw error;
        if (!(await reclaim())) throw error;
        answer = await confirmOnce();
      }
      if (answer && answer.id) update(answer);
      else refresh();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'transaction.claimed') view('claimed');
      else say('action-error', errorMessage(error));
    }
  });
});

function reopen() {
  stopFollowing();
  state.tx = null;
  say('action-error', '');
  view('loading');
  openCounter();
}

byId('check-again').addEventListener('click', () => {
  session.remove(claimKey);
  reopen();
});
byId('waiting-retry').addEventListener('click', () => {
  waitingSince = Date.now();
  pollsWaiting = 0;
  show('waiting-spinner', true);
  show('waiting-retry', false);
  reopen();
});
byId('claimed-retry').addEventListener('click', reopen);
byId('error-retry').addEventListener('click', reopen);

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.tx) refresh();
});

openCounter();
