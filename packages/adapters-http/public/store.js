// Store manager dashboard: /store — counters (with QR posters), staff, catalog, schedules, sales.

import { t, applyI18n } from './i18n.js';
import {
  api,
  endSessionOnUnauthorized,
  wireTabs,
  amountInputValue,
  busy,
  byId,
  downloadBlob,
  enc,
  errorMessage,
  formatDateTime,
  formatMoney,
  h,
  isoDay,
  listOf,
  loadStaffSession,
  parseAmount,
  say,
  zonedTimeToIso,
  show,
  showSignedIn,
  wireLogin,
} from './common.js';

applyI18n();

const state = { session: null, currency: null, counters: [], tab: null, products: new Map() };
const storePath = () => `/api/v1/stores/${enc(state.session.store)}`;
const auth = () => ({ token: state.session.token });
const TABS = ['counters', 'staff', 'catalog', 'schedules', 'sales'];

function handleAuthError(error) {
  return endSessionOnUnauthorized(error, signOut);
}

function signOut() {
  state.session = null;
  showSignedIn(null);
  show('view-dashboard', false);
  show('view-login', true);
}

async function start(s) {
  state.session = s;
  state.currency = s.storeInfo?.currency ?? null;
  showSignedIn(s, signOut);
  show('view-login', false);
  show('view-dashboard', true);
  byId('dash-store').textContent = s.storeInfo?.name ?? s.store;
  await Promise.all([loadStore(), loadCounters()]);
  if (!state.session) return;
  selectTab(TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'counters');
}

function paintCurrency() {
  for (const el of document.querySelectorAll('.store-currency')) el.textContent = state.currency ?? '';
}

function selectTab(name) {
  state.tab = name;
  for (const tab of document.querySelectorAll('.tabs-wide [role=tab]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    show(`tab-${tab.dataset.tab}`, selected);
  }
  if (location.hash.slice(1) !== name) history.replaceState(null, '', `#${name}`);
  if (name === 'staff') loadStaff();
  if (name === 'catalog') loadProducts();
  if (name === 'schedules') {
    searchEntries();
    if (!byId('entry-rows').childElementCount) addEntryRow();
  }
  if (name === 'sales') loadSales();
}

wireTabs('.tabs-wide [role=tab]', selectTab);

// ---------- counters ----------

/** The store's name and currency (prices and amounts are typed in the store's currency). */
async function loadStore() {
  try {
    const store = await api('GET', storePath(), auth());
    state.currency = store?.currency ?? state.currency;
    state.timezone = store?.timezone ?? null;
    defaultSalesRange();
    if (store?.name) byId('dash-store').textContent = store.name;
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
    if (!state.currency) state.currency = answer?.store?.currency ?? null;
    if (answer?.store?.name) byId('dash-store').textContent = answer.store.name;
  } catch (error) {
    if (handleAuthError(error)) return;
    say('counters-error', errorMessage(error));
  }
  paintCurrency();
  byId('counters-grid').replaceChildren(
    ...state.counters.map((counter) => {
      const payUrl = counter.payUrl ?? `${location.origin}/c/${enc(state.session.store)}/${enc(counter.name)}`;
      return h(
        'article',
        { class: 'panel counter-card', dataset: { testid: `dashboard-counter-${counter.name}` } },
        h('img', {
          src: `${storePath()}/counters/${enc(counter.name)}/qr`,
          alt: t('clerk.qrAlt', { counter: counter.name }),
          width: 96,
          height: 96,
          loading: 'lazy',
        }),
        h(
          'div',
          {},
          h(
            'h2',
            {},
            counter.name,
            ' ',
            h('span', {
              class: `badge tone-${counter.isOpen === false ? 'neutral' : 'info'}`,
              text: counter.isOpen === false ? t('store.counter.closed') : t(`counter.kind.${counter.kind}`, {}, counter.kind ?? ''),
            }),
          ),
          counter.label && counter.label !== counter.name ? h('p', { class: 'counter-label', text: counter.label }) : null,
          h('p', { class: 'mono small counter-url', text: payUrl.replace(/^https?:\/\//, '') }),
          h(
            'div',
            { class: 'links' },
            // rel=opener: the poster tab gets this tab's session (same origin) to print the store's name.
            h('a', {
              href: `/store/poster/${enc(counter.name)}?store=${enc(state.session.store)}`,
              target: '_blank',
              rel: 'opener',
              text: t('store.counter.poster'),
            }),
            h('a', { href: payUrl, target: '_blank', rel: 'noopener', text: t('store.counter.payPage') }),
          ),
        ),
      );
    }),
  );
  for (const id of ['schedule-counter', 'import-counter']) {
    byId(id).replaceChildren(
      ...state.counters.map((c) => h('option', { value: c.name, text: `${c.name} · ${c.label}`, selected: c.kind === 'route' })),
    );
  }
}

// ---------- staff ----------

async function loadStaff() {
  say('staff-error', '');
  try {
    const answer = await api('GET', `${storePath()}/staff`, auth());
    const staff = listOf(answer, 'staff');
    byId('staff-body').replaceChildren(
      ...staff.map((member) =>
        h(
          'tr',
          {},
          h('td', { text: member.name ?? '' }),
          h('td', { class: 'mono', text: member.username ?? '' }),
          h(
            'td',
            {},
            h('span', {
              class: `badge tone-${member.role === 'manager' ? 'cancel' : 'info'}`,
              text: t(`role.${member.role}`, {}, member.role ?? ''),
            }),
          ),
        ),
      ),
    );
  } catch (error) {
    if (handleAuthError(error)) return;
    say('staff-error', errorMessage(error));
  }
}

byId('staff-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('staff-form-error', '');
  say('staff-form-ok', '');
  const body = {
    name: byId('staff-name').value.trim(),
    username: byId('staff-username').value.trim(),
    password: byId('staff-password').value,
    role: byId('staff-role').value,
  };
  if (!body.name || !body.username || body.password.length < 8) {
    say('staff-form-error', t('store.staff.missing'));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      await api('POST', `${storePath()}/staff`, { ...auth(), body });
      byId('staff-form').reset();
      say('staff-form-ok', t('store.staff.added', { username: body.username }));
      loadStaff();
    } catch (error) {
      byId('staff-password').value = '';
      if (handleAuthError(error)) return;
      say('staff-form-error', errorMessage(error));
    }
  });
});

// ---------- catalog ----------

function productRow(product) {
  const price = product.price ?? product.unitPrice;
  return h(
    'tr',
    { class: 'clickable', dataset: { barcode: product.barcode } },
    h('td', { class: 'mono', text: product.barcode }),
    h('td', { text: product.name ?? '' }),
    h('td', { class: 'mono', text: product.sku ?? '' }),
    h('td', { class: 'num', text: price ? formatMoney(price) : '—' }),
  );
}

function paintProducts() {
  const rows = [...state.products.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  byId('products-body').replaceChildren(...rows.map(productRow));
  show('products-table', rows.length > 0);
}

async function loadProducts() {
  say('products-error', '');
  try {
    const answer = await api('GET', `${storePath()}/products`, auth());
    for (const product of listOf(answer, 'products')) state.products.set(product.barcode, product);
  } catch (error) {
    if (handleAuthError(error)) return;
    // No product list in this API version: the table shows looked-up and saved products.
  }
  paintProducts();
}

byId('products-body').addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-barcode]');
  const product = row && state.products.get(row.dataset.barcode);
  if (!product) return;
  byId('product-barcode').value = product.barcode;
  byId('product-name').value = product.name ?? '';
  byId('product-sku').value = product.sku ?? '';
  byId('product-price').value = amountInputValue(product.price ?? product.unitPrice);
  byId('product-name').focus();
});

byId('product-lookup').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('products-error', '');
  const barcode = byId('lookup-barcode').value.normalize('NFKC').replace(/\D/g, '');
  if (!barcode) return;
  try {
    const product = await api('GET', `${storePath()}/products/${enc(barcode)}`, auth());
    state.products.set(product.barcode ?? barcode, { barcode, ...product });
    paintProducts();
  } catch (error) {
    if (handleAuthError(error)) return;
    say('products-error', error.status === 404 ? t('clerk.noSuchProduct', { barcode }) : errorMessage(error));
  }
});

byId('product-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('product-form-error', '');
  say('product-form-ok', '');
  const barcode = byId('product-barcode').value.normalize('NFKC').replace(/\D/g, '');
  const name = byId('product-name').value.trim();
  const sku = byId('product-sku').value.trim();
  const currency = state.currency ?? 'JPY';
  const value = parseAmount(byId('product-price').value, currency);
  if (!barcode || !name || !sku || value === null) {
    say('product-form-error', t('store.catalog.missing'));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      const saved = await api('PUT', `${storePath()}/products/${enc(barcode)}`, {
        ...auth(),
        body: { name, sku, price: { value, currency } },
      });
      state.products.set(barcode, { barcode, name, sku, price: { value, currency }, ...(saved && typeof saved === 'object' ? saved : {}) });
      paintProducts();
      byId('product-form').reset();
      say('product-form-ok', t('store.catalog.saved', { name }));
    } catch (error) {
      if (handleAuthError(error)) return;
      say('product-form-error', errorMessage(error));
    }
  });
});

// ---------- schedules ----------

async function searchEntries() {
  say('entries-error', '');
  const params = new URLSearchParams();
  const q = byId('entries-q').value.trim();
  const dueOn = byId('entries-due').value;
  if (q) params.set('q', q);
  if (dueOn) params.set('dueOn', dueOn);
  try {
    const entries = listOf(await api('GET', `${storePath()}/schedule-entries?${params}`, auth()), 'entries');
    byId('entries-body').replaceChildren(
      ...(entries.length === 0
        ? [h('tr', {}, h('td', { colspan: 5, class: 'muted', text: t('clerk.noEntries') }))]
        : entries.map((entry) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                entry.customerName ?? '',
                entry.customerRef ? h('div', { class: 'muted small mono', text: entry.customerRef }) : null,
              ),
              h('td', { text: entry.description ?? '' }),
              h('td', { text: formatDateTime(entry.dueAt, state.timezone) }),
              h('td', { class: 'num', text: formatMoney(entry.amount) }),
              h(
                'td',
                {},
                h('span', {
                  class: `badge tone-${entry.status === 'collected' ? 'ok' : entry.status === 'presented' ? 'warn' : entry.status === 'cancelled' ? 'neutral' : 'info'}`,
                  text: t(`entry.${entry.status}`, {}, entry.status ?? ''),
                }),
              ),
            ),
          )),
    );
  } catch (error) {
    if (handleAuthError(error)) return;
    say('entries-error', errorMessage(error));
  }
}

byId('entries-form').addEventListener('submit', (event) => {
  event.preventDefault();
  searchEntries();
});

function addEntryRow() {
  const index = byId('entry-rows').childElementCount;
  const field = (name, label, attrs = {}) => {
    const id = `entry-${index}-${name}`;
    return h('div', { class: 'field' }, h('label', { for: id, text: label }), h('input', { id, name, autocomplete: 'off', ...attrs }));
  };
  const row = h(
    'div',
    { class: 'entry-row' },
    field('customerName', t('store.schedules.customer'), { required: true }),
    field('customerRef', t('store.schedules.customerRef'), { class: 'mono' }),
    field('description', t('store.schedules.description')),
    field('amount', `${t('clerk.amount')} (${state.currency ?? ''})`, { inputmode: 'decimal', class: 'mono', required: true }),
    field('dueAt', `${t('store.schedules.due')}${state.timezone ? ` (${state.timezone})` : ''}`, {
      type: 'datetime-local',
      required: true,
    }),
    h('button', {
      type: 'button',
      class: 'btn btn-ghost icon-btn',
      'aria-label': t('clerk.remove'),
      text: '×',
      on: { click: () => row.remove() },
    }),
  );
  byId('entry-rows').append(row);
}

byId('add-entry-row').addEventListener('click', addEntryRow);

byId('schedule-create').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('schedule-create-error', '');
  say('schedule-create-ok', '');
  const currency = state.currency ?? 'JPY';
  const name = byId('schedule-name').value.trim();
  const counter = byId('schedule-counter').value;
  const entries = [];
  for (const row of byId('entry-rows').children) {
    const get = (n) => row.querySelector(`[name=${n}]`).value.trim();
    if (!get('customerName') && !get('amount')) continue;
    const value = parseAmount(get('amount'), currency);
    const due = get('dueAt');
    if (!get('customerName') || value === null || !due) {
      say('schedule-create-error', t('store.schedules.rowInvalid'));
      return;
    }
    const entry = { customerName: get('customerName'), amount: { value, currency }, dueAt: zonedTimeToIso(due, state.timezone) };
    if (get('description')) entry.description = get('description');
    if (get('customerRef')) entry.customerRef = get('customerRef');
    entries.push(entry);
  }
  if (!name || entries.length === 0) {
    say('schedule-create-error', t('store.schedules.missing'));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      await api('POST', `${storePath()}/schedules`, { ...auth(), body: { name, counter, entries } });
      byId('schedule-create').reset();
      byId('entry-rows').replaceChildren();
      addEntryRow();
      say('schedule-create-ok', t('store.schedules.created', { count: entries.length }));
      searchEntries();
    } catch (error) {
      if (handleAuthError(error)) return;
      say('schedule-create-error', errorMessage(error));
    }
  });
});

byId('schedule-import').addEventListener('submit', async (event) => {
  event.preventDefault();
  say('import-error', '');
  say('import-ok', '');
  const file = byId('import-file').files?.[0];
  const csv = file ? await file.text() : byId('import-text').value;
  const name = byId('import-name').value.trim();
  const counter = byId('import-counter').value;
  if (!name) {
    say('import-error', t('store.schedules.missing'));
    return;
  }
  if (!csv.trim()) {
    say('import-error', t('store.schedules.importEmpty'));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      const query = new URLSearchParams({ name, counter });
      const answer = await api('POST', `${storePath()}/schedules/import?${query}`, { ...auth(), text: csv, contentType: 'text/csv' });
      const count = answer?.entries?.length ?? answer?.imported ?? '';
      say('import-ok', t('store.schedules.imported', { count: count ?? '' }));
      byId('import-file').value = '';
      byId('import-text').value = '';
      byId('import-name').value = '';
      searchEntries();
    } catch (error) {
      if (handleAuthError(error)) return;
      const line = error.details?.line ?? error.details?.row;
      say('import-error', line ? `${errorMessage(error)} (${t('store.schedules.line')} ${line})` : errorMessage(error));
    }
  });
});

// ---------- sales ----------

const salesFrom = byId('sales-from');
const salesTo = byId('sales-to');

/** The last 7 business days, by the store's calendar. */
function defaultSalesRange() {
  const now = new Date();
  salesTo.value = isoDay(now, state.timezone);
  salesFrom.value = isoDay(new Date(now.getTime() - 6 * 24 * 3600 * 1000), state.timezone);
}
defaultSalesRange();

function salesQuery() {
  return new URLSearchParams({ from: salesFrom.value, to: salesTo.value, groupBy: byId('sales-group').value });
}

/** One row of the sales answer, whatever the API names its fields. */
function saleRow(row, groupBy) {
  const key = row.key ?? row.group ?? row[groupBy] ?? row.day ?? row.date ?? row.counter ?? row.staff ?? row.method ?? '—';
  const money = (v) =>
    v && typeof v === 'object' ? v : typeof v === 'number' ? { value: v, currency: row.currency ?? state.currency ?? 'JPY' } : null;
  const net = money(row.net ?? row.total ?? row.amount);
  const gross = money(row.gross ?? row.sales ?? row.captured);
  const refunds = money(row.refunds ?? row.refunded ?? row.reversals);
  return {
    key: String(typeof key === 'object' ? (key.name ?? key.label ?? key.id) : key),
    label: row.label ?? row.name ?? null,
    count: row.count ?? row.salesCount ?? row.captures ?? null,
    refundCount: row.refundCount ?? row.reversalCount ?? null,
    gross,
    refunds,
    net: net ?? (gross ? { value: gross.value - (refunds?.value ?? 0), currency: gross.currency } : null),
  };
}

async function loadSales() {
  say('sales-error', '');
  const groupBy = byId('sales-group').value;
  if (!salesFrom.value || !salesTo.value) return;
  try {
    const answer = await api('GET', `${storePath()}/sales?${salesQuery()}`, auth());
    const rows = listOf(answer, 'rows', 'groups', 'totals', 'buckets').map((r) => saleRow(r, groupBy));
    byId('sales-key-head').textContent = t(`store.sales.by${groupBy[0].toUpperCase()}${groupBy.slice(1)}`);
    byId('sales-body').replaceChildren(
      ...rows.map((r) =>
        h(
          'tr',
          {},
          h('td', { text: r.label ?? r.key }),
          h('td', { class: 'num', text: r.count ?? '' }),
          h('td', {
            class: 'num',
            text: r.refunds ? formatMoney({ ...r.refunds, value: -Math.abs(r.refunds.value) }) : (r.refundCount ?? ''),
          }),
          h('td', { class: 'num', text: r.net ? formatMoney(r.net) : '—' }),
        ),
      ),
    );
    const currency = rows.find((r) => r.net)?.net.currency ?? state.currency ?? 'JPY';
    const sum = (pick) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
    byId('sales-total-count').textContent = rows.some((r) => r.count !== null) ? String(sum((r) => r.count)) : '';
    byId('sales-total-refunds').textContent = rows.some((r) => r.refunds)
      ? formatMoney({ value: -sum((r) => Math.abs(r.refunds?.value ?? 0)), currency })
      : '';
    byId('sales-total-net').textContent = formatMoney({ value: sum((r) => r.net?.value), currency });
    show('sales-table', rows.length > 0);
    const bars = rows.map((r) => ({ label: r.label ?? r.key, value: r.net?.value ?? 0, currency: r.net?.currency ?? currency }));
    drawChart(byId('sales-chart'), groupBy === 'day' ? everyDay(bars, salesFrom.value, salesTo.value, currency) : bars);
  } catch (error) {
    if (handleAuthError(error)) return;
    say('sales-error', errorMessage(error));
  }
}

/** Days without sales as zero bars, so the chart's x axis is the calendar (up to 92 days). */
function everyDay(bars, from, to, currency) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!(end >= start) || (end - start) / 86400000 > 92) return bars;
  const byDay = new Map(bars.map((b) => [b.label, b]));
  const days = [];
  for (let t = start; t <= end; t += 86400000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(byDay.get(day) ?? { label: day, value: 0, currency });
  }
  return days;
}

/** A round axis step (1, 2 or 5 × 10^n) giving about four grid lines up to `span`. */
function niceStep(span) {
  if (span <= 0) return 1;
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

function shortMoney(value, currency) {
  const exponent =
    { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UGX: 0, XAF: 0, XOF: 0, BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3 }[currency] ?? 2;
  try {
    return new Intl.NumberFormat(document.documentElement.lang || undefined, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(value / 10 ** exponent);
  } catch {
    return String(value);
  }
}

/** A bar chart drawn as inline SVG: one bar per group, negative nets in red, a labelled y axis. */
function drawChart(container, data) {
  if (data.length === 0) {
    container.replaceChildren(h('p', { class: 'chart-empty', text: t('store.sales.empty') }));
    return;
  }
  const width = 760;
  const height = 300;
  const margin = { top: 20, right: 12, bottom: 56, left: 72 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const highest = Math.max(0, ...data.map((d) => d.value));
  const lowest = Math.min(0, ...data.map((d) => d.value));
  const step = niceStep(Math.max(highest - lowest, 1));
  const max = Math.max(step, Math.ceil(highest / step) * step);
  const min = Math.floor(lowest / step) * step;
  const y = (v) => margin.top + plotH - ((v - min) / (max - min)) * plotH;
  const band = plotW / data.length;
  const barW = Math.max(4, Math.min(56, band * 0.62));
  const currency = data[0].currency;
  const nodes = [];
  for (let v = min; v <= max; v += step) {
    nodes.push(h('svg:line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(v), y2: y(v) }));
    nodes.push(h('svg:text', { x: margin.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, shortMoney(v, currency)));
  }
  nodes.push(h('svg:line', { class: 'axis', x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0) }));
  const every = Math.ceil(data.length / 14);
  data.forEach((d, i) => {
    const cx = margin.left + band * i + band / 2;
    const top = y(Math.max(0, d.value));
    const barH = Math.max(d.value === 0 ? 0 : 1, Math.abs(y(d.value) - y(0)));
    nodes.push(
      h(
        'svg:rect',
        { class: d.value < 0 ? 'bar bar-negative' : 'bar', x: cx - barW / 2, y: top, width: barW, height: barH, rx: 3 },
        h('svg:title', {}, `${d.label}: ${formatMoney({ value: d.value, currency: d.currency })}`),
      ),
    );
    if (data.length <= 12 && d.value !== 0) {
      nodes.push(
        h(
          'svg:text',
          { class: 'bar-value', x: cx, y: d.value >= 0 ? top - 6 : top + barH + 14, 'text-anchor': 'middle' },
          shortMoney(d.value, currency),
        ),
      );
    }
    if (i % every === 0) {
      const label = /^\d{4}-\d{2}-\d{2}$/.test(d.label) ? d.label.slice(5) : d.label.length > 12 ? `${d.label.slice(0, 11)}…` : d.label;
      nodes.push(h('svg:text', { x: cx, y: height - margin.bottom + 20, 'text-anchor': 'middle' }, label));
    }
  });
  container.replaceChildren(
    h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('store.sales.chartLabel') }, ...nodes),
  );
}

byId('sales-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadSales();
});

byId('sales-csv').addEventListener('click', async (event) => {
  say('sales-error', '');
  await busy(event.currentTarget, async () => {
    try {
      const response = await api('GET', `${storePath()}/sales?${salesQuery()}`, { ...auth(), accept: 'text/csv', raw: true });
      const blob = await response.blob();
      downloadBlob(
        new Blob([blob], { type: 'text/csv' }),
        `sales-${state.session.store}-${salesFrom.value}_${salesTo.value}-${byId('sales-group').value}.csv`,
      );
    } catch (error) {
      if (handleAuthError(error)) return;
      say('sales-error', errorMessage(error));
    }
  });
});

// ---------- boot ----------

wireLogin({ onSignedIn: (s) => start(s), requireRole: 'manager' });
const existing = loadStaffSession();
if (existing && (!existing.staff?.role || existing.staff.role === 'manager')) start(existing);
else show('view-login', true);
