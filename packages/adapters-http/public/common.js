// Shared helpers of the counterpay pages: DOM, the HTTP API, live event streams, money.
// No framework and no build step: plain ES modules served from /assets/.

import { t, locale } from './i18n.js';

/** `document.querySelector` / by id. */
export const $ = (selector, root = document) => root.querySelector(selector);
export const byId = (id) => document.getElementById(id);

/**
 * Creates an element. `attrs`: `class`, `text`, `dataset` object, `on` object of listeners,
 * boolean/DOM properties (`disabled`, `hidden`, `value`), any other key becomes an attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (!svg && key === 'selected') el.selected = el.defaultSelected = Boolean(value);
    else if (!svg && (key === 'disabled' || key === 'hidden' || key === 'value' || key === 'checked')) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Shows/hides an element. */
export function show(el, visible = true) {
  if (typeof el === 'string') el = byId(el);
  if (el) el.hidden = !visible;
}

/** Puts a message in an error/ok paragraph (hidden when empty). */
export function say(el, message) {
  if (typeof el === 'string') el = byId(el);
  if (!el) return;
  el.textContent = message ?? '';
  el.hidden = !message;
}

/** Marks a button busy while `work` runs; returns its result. */
export async function busy(button, work) {
  if (!button) return work();
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-busy');
    button.disabled = false;
  }
}

// ---------- ids ----------

/**
 * A random UUID v4 for `Idempotency-Key`. `crypto.randomUUID` only exists on secure origins; a
 * phone on the shop's LAN may open the page over plain http, where getRandomValues still works.
 */
export function uuid() {
  if (globalThis.crypto?.randomUUID) {
    try {
      return crypto.randomUUID();
    } catch {
      /* insecure context */
    }
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ---------- session storage ----------

export const session = {
  get(key) {
    try {
      const raw = sessionStorage.getItem(key);
      return raw === null ? null : JSON.parse(raw);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* private mode: the page still works, it just forgets on reload */
    }
  },
  remove(key) {
    try {
      sessionStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

// ---------- HTTP API ----------

/** An error answer of the API: `{"error":{"code","message","details"}}`, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, code, message, details = {}) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const enc = encodeURIComponent;
export { enc };

/**
 * Calls the API. Mutating requests carry a fresh `Idempotency-Key`; a request that fails at the
 * network level is retried once with the same key, so it is applied at most once.
 * Options: `body` (JSON), `text` + `contentType` (raw body), `token` (bearer), `customerToken`,
 * `accept`, `raw` (return the Response).
 */
export async function api(method, path, options = {}) {
  const headers = { Accept: options.accept ?? 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.customerToken) headers['X-Customer-Token'] = options.customerToken;
  let body;
  if (options.text !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'text/plain';
    body = options.text;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  } else if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
    headers['Content-Type'] = 'application/json';
    body = '{}';
  }
  if (method !== 'GET' && method !== 'HEAD') headers['Idempotency-Key'] = uuid();

  let response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'same-origin' });
      break;
    } catch {
      if (attempt >= 1) throw new ApiError(0, 'network.unreachable', t('error.network'));
      await sleep(600);
    }
  }
  if (options.raw) {
    if (!response.ok) throw await toApiError(response);
    return response;
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') ? response.json() : response.text();
}

async function toApiError(response) {
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    /* not JSON */
  }
  const e = payload?.error ?? {};
  return new ApiError(response.status, e.code ?? `http.${response.status}`, e.message ?? response.statusText, e.details ?? {});
}

/** A human message for an API error, translated when we know the code. */
export function errorMessage(error) {
  if (!(error instanceof ApiError)) return t('error.unexpected');
  const reason = error.details?.reason;
  if (typeof reason === 'string') {
    const specific = t(`error.${error.code}.${reason}`);
    if (specific !== `error.${error.code}.${reason}`) return specific;
  }
  const key = `error.${error.code}`;
  const translated = t(key);
  if (translated !== key) return translated;
  if (error.status === 429) return t('error.tooMany');
  if (error.status === 502 || error.status === 503) return t('error.networkDown');
  if (error.status === 401) return t('error.auth.unauthorized');
  if (error.status === 403) return t('error.forbidden');
  return error.message || t('error.unexpected');
}

/** Unwraps a list answer: a bare array, or `{items}` / `{data}` / a named array. */
export function listOf(payload, ...names) {
  if (Array.isArray(payload)) return payload;
  if (!payload || typeof payload !== 'object') return [];
  for (const name of [...names, 'items', 'data', 'results']) if (Array.isArray(payload[name])) return payload[name];
  return [];
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- live events (SSE over fetch) ----------

/**
 * Follows a Server-Sent Events stream with `fetch` (EventSource cannot send our auth headers) and
 * reconnects with backoff. `onOpen` runs on every (re)connection, so the page can re-read the state
 * it may have missed; `onEvent({event, data, id})` for each message (data parsed as JSON when it
 * is). A 401/403/404/409 answer ends the stream and calls `onFatal(error)`.
 */
export function followEvents(url, { headers = {}, onEvent, onOpen, onState, onFatal }) {
  let stopped = false;
  let controller = null;
  let lastEventId = null;
  let delay = 1000;

  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const requestHeaders = { Accept: 'text/event-stream', ...headers };
        if (lastEventId) requestHeaders['Last-Event-ID'] = lastEventId;
        const response = await fetch(url, { headers: requestHeaders, signal: controller.signal, cache: 'no-store' });
        if (!response.ok) {
          const error = await toApiError(response);
          if ([401, 403, 404, 409, 410].includes(response.status)) {
            stopped = true;
            onState?.('closed');
            onFatal?.(error);
            return;
          }
          throw error;
        }
        delay = 1000;
        onState?.('open');
        onOpen?.();
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let boundary;
          while ((boundary = buffer.search(/\r?\n\r?\n/)) !== -1) {
            const block = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + (buffer[boundary] === '\r' ? 4 : 2));
            const message = parseSseBlock(block);
            if (!message) continue;
            if (message.id) lastEventId = message.id;
            if (message.retry) delay = message.retry;
            if (message.data !== undefined) onEvent?.(message);
          }
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState?.('reconnecting');
      await sleep(delay);
      delay = Math.min(delay * 2, 15000);
    }
  };
  run();
  return {
    close() {
      stopped = true;
      controller?.abort();
      onState?.('closed');
    },
  };
}

function parseSseBlock(block) {
  let event = 'message';
  let id = null;
  let retry = null;
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  }
  if (data.length === 0) return id || retry ? { event, id, retry } : null;
  const text = data.join('\n');
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { event, id, retry, data: parsed };
}

/**
 * The transaction carried by a live event, if it carries one: `{transaction}`, or the event is
 * the transaction itself. Otherwise the id it is about, so the page can fetch it.
 */
export function transactionOfEvent(data) {
  if (!data || typeof data !== 'object') return { transaction: null, id: null };
  if (data.transaction && typeof data.transaction === 'object') return { transaction: data.transaction, id: data.transaction.id };
  if (typeof data.status === 'string' && typeof data.id === 'string' && 'reference' in data) return { transaction: data, id: data.id };
  return { transaction: null, id: data.transactionId ?? null };
}

/** Newer of two views of the same transaction (by version, then updatedAt). */
export function newer(current, incoming) {
  if (!current || current.id !== incoming.id) return incoming;
  if (typeof current.version === 'number' && typeof incoming.version === 'number') {
    return incoming.version >= current.version ? incoming : current;
  }
  if (current.updatedAt && incoming.updatedAt) return incoming.updatedAt >= current.updatedAt ? incoming : current;
  return incoming;
}

// ---------- money ----------

/** ISO 4217 minor-unit exponents: a copy of the core's table for the browser (a test keeps them equal). */
export const CURRENCY_EXPONENTS = {
  AED: 2,
  AUD: 2,
  BHD: 3,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CLP: 0,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 2,
  IDR: 2,
  ILS: 2,
  INR: 2,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  OMR: 3,
  PHP: 2,
  PLN: 2,
  SAR: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TND: 3,
  TRY: 2,
  TWD: 2,
  UGX: 0,
  USD: 2,
  VND: 0,
  XAF: 0,
  XOF: 0,
  ZAR: 2,
};

export const exponentOf = (currency) => CURRENCY_EXPONENTS[currency] ?? 2;

/** `{value: 1200, currency: 'JPY'}` → `¥1,200`; `{value: 1250, currency: 'USD'}` → `$12.50`. */
export function formatMoney(amount) {
  if (!amount || typeof amount.value !== 'number') return '—';
  const exponent = exponentOf(amount.currency);
  const major = minorToDecimalString(amount.value, exponent);
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: amount.currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(major);
  } catch {
    return `${major} ${amount.currency}`;
  }
}

/** Minor units → exact decimal string (`1250`, 2 → `"12.50"`), no floating point. */
export function minorToDecimalString(value, exponent) {
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * What someone typed → integer minor units of `currency`, or `null` when it is not an amount.
 * Accepts full-width digits (Japanese keyboards), thousands separators and the currency's decimals
 * only (`12.5` USD → 1250; `12.5` JPY → null). String arithmetic: no floats.
 */
export function parseAmount(text, currency) {
  const exponent = exponentOf(currency);
  const cleaned = String(text ?? '')
    .normalize('NFKC')
    .replace(/[\s,_'’¥$€£]/g, '')
    .replace(/^[A-Z]{3}/i, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  if (fraction.length > exponent) return null;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  if (!Number.isSafeInteger(minor) || minor <= 0) return null;
  return minor;
}

/** Minor units → the decimal string an input shows (`1250` USD → `12.50`). */
export function amountInputValue(amount) {
  return amount ? minorToDecimalString(amount.value, exponentOf(amount.currency)) : '';
}

// ---------- transactions ----------

/** Colour family of a status. */
export function statusTone(status) {
  switch (status) {
    case 'captured':
    case 'refunded':
      return 'ok';
    case 'authorized':
      return 'ok';
    case 'authorizing':
    case 'capturing':
    case 'voiding':
    case 'refunding':
      return 'warn';
    case 'declined':
      return 'danger';
    case 'cancel_requested':
    case 'cancel_confirmed':
      return 'cancel';
    case 'voided':
    case 'cancelled':
    case 'expired':
      return 'neutral';
    default:
      return 'info';
  }
}

/** Statuses waiting for the card network. */
export const IN_FLIGHT = ['authorizing', 'capturing', 'voiding', 'refunding'];
/** Statuses with no way out. */
export const TERMINAL = ['voided', 'cancelled', 'expired', 'refunded'];

/** Paints a `.status` banner. */
export function paintStatus(banner, status) {
  banner.classList.remove('tone-info', 'tone-warn', 'tone-ok', 'tone-danger', 'tone-cancel', 'tone-neutral');
  banner.classList.add(`tone-${statusTone(status)}`);
  banner.classList.toggle('busy', IN_FLIGHT.includes(status));
  banner.dataset.status = status;
}

/** `VISA •••• 4242 12/28`: the masked method, the only way a card is shown. */
export function describeMethod(method) {
  if (!method) return '—';
  const brand = String(method.brand ?? method.type ?? '').toUpperCase();
  if (method.last4) {
    const expiry =
      method.expMonth && method.expYear
        ? ` ${String(method.expMonth).padStart(2, '0')}/${String(method.expYear % 100).padStart(2, '0')}`
        : '';
    return `${brand} •••• ${method.last4}${expiry}`;
  }
  if (method.referenceCode) return `${t('method.bank_transfer')} ${method.referenceCode}`;
  if (method.slipNumber) return `${t('method.konbini')} ${method.slipNumber}`;
  return brand || '—';
}

/** What to show under a counter's name: its label when it says more than the name, else its kind. */
export function counterCaption(counter) {
  if (!counter) return '';
  const label = String(counter.label ?? '').trim();
  if (label && !label.toLowerCase().includes(String(counter.name).toLowerCase())) return label;
  return counter.kind ? t(`counter.kind.${counter.kind}`, {}, counter.kind) : '';
}

/** The processing number of a captured sale, wherever the view keeps it. */
export const processingNumberOf = (tx) => tx?.processingNumber ?? tx?.capture?.processingNumber ?? null;

/** Line items as `<li>` rows. */
export function renderItems(list, items) {
  list.replaceChildren(
    ...(items ?? []).map((item) =>
      h(
        'li',
        {},
        h(
          'span',
          {},
          item.name ?? item.sku ?? item.barcode ?? '',
          item.quantity > 1 ? h('span', { class: 'item-qty', text: `× ${item.quantity}` }) : null,
        ),
        h('span', { class: 'num', text: formatMoney(item.amount) }),
      ),
    ),
  );
  list.hidden = !items || items.length === 0;
}

/** A date-time in the reader's language, in the store's time zone when known. */
export function formatDateTime(iso, timeZone) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }
}

/** `YYYY-MM-DD` of `date` in `timeZone` (default: the browser's), for `<input type=date>`. */
export function isoDay(date = new Date(), timeZone) {
  const parts = zonedParts(date, timeZone);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

function zonedParts(date, timeZone) {
  const format = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  });
  const parts = {};
  for (const { type, value } of format.formatToParts(date)) parts[type] = value;
  return parts;
}

/**
 * The instant of a wall-clock time (`YYYY-MM-DDTHH:MM` from `<input type=datetime-local>`) in the
 * store's time zone, as ISO 8601 UTC: a manager abroad still schedules in the store's local time.
 */
export function zonedTimeToIso(local, timeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (!timeZone) return new Date(y, mo - 1, d, h, mi).toISOString();
  const offsetAt = (instant) => {
    const p = zonedParts(new Date(instant), timeZone);
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - instant;
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** Saves a Blob as a file. */
export function downloadBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Staff session (`/clerk` and `/store`) kept in sessionStorage. */
export const STAFF_SESSION_KEY = 'counterpay.staff';

export function loadStaffSession() {
  const s = session.get(STAFF_SESSION_KEY);
  if (!s || typeof s.token !== 'string') return null;
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
    session.remove(STAFF_SESSION_KEY);
    return null;
  }
  return s;
}

/**
 * Wires the shared sign-in form: posts `{store, username, password}` to `/api/v1/auth/login` and
 * calls `onSignedIn(session)`. The password field is cleared whatever the answer.
 */
export function wireLogin({ onSignedIn, requireRole }) {
  const form = byId('login-form');
  const storeInput = byId('login-store');
  const last = session.get('counterpay.lastStore');
  if (last && !storeInput.value) storeInput.value = last;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say('login-error', '');
    const store = storeInput.value.trim();
    const username = byId('login-username').value.trim();
    const password = byId('login-password').value;
    if (!store || !username || !password) {
      say('login-error', t('auth.missing'));
      return;
    }
    const button = form.querySelector('button[type=submit]');
    await busy(button, async () => {
      try {
        const answer = await api('POST', '/api/v1/auth/login', { body: { store, username, password } });
        byId('login-password').value = '';
        const staff = answer.staff ?? {};
        if (requireRole && staff.role && staff.role !== requireRole) {
          say('login-error', t('auth.needRole', { role: t(`role.${requireRole}`) }));
          return;
        }
        const s = { token: answer.token, expiresAt: answer.expiresAt ?? null, staff, store, storeInfo: answer.store ?? null };
        session.set(STAFF_SESSION_KEY, s);
        session.set('counterpay.lastStore', store);
        onSignedIn(s);
      } catch (error) {
        byId('login-password').value = '';
        say('login-error', error.status === 401 || error.status === 404 ? t('auth.invalid') : errorMessage(error));
      }
    });
  });
}

/** Shows who is signed in, with a sign-out button. */
export function showSignedIn(s, onSignOut) {
  const who = byId('who');
  if (!who) return;
  who.hidden = !s;
  if (!s) return;
  byId('who-name').textContent = `${s.staff?.name ?? s.staff?.username ?? ''} · ${s.store}`;
  byId('sign-out').onclick = () => {
    session.remove(STAFF_SESSION_KEY);
    api('POST', '/api/v1/auth/logout', { token: s.token }).catch(() => undefined);
    onSignOut();
  };
}

/** Tabs (role=tab) under `selector`: a click or the arrow keys select one through `selectTab(name)`. */
export function wireTabs(selector, selectTab) {
  const tabs = [...document.querySelectorAll(selector)];
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
    tab.addEventListener('keydown', (event) => {
      const i = tabs.indexOf(tab);
      const next =
        event.key === 'ArrowRight'
          ? tabs[(i + 1) % tabs.length]
          : event.key === 'ArrowLeft'
            ? tabs[(i + tabs.length - 1) % tabs.length]
            : null;
      if (next) {
        event.preventDefault();
        next.focus();
        selectTab(next.dataset.tab);
      }
    });
  }
}

/** A 401 means the staff session is over: forget it, run the page's `signOut`, say why. True when it was one. */
export function endSessionOnUnauthorized(error, signOut) {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  session.remove(STAFF_SESSION_KEY);
  signOut();
  say('login-error', t('auth.expired'));
  return true;
}
