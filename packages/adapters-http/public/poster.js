// Printable QR poster of a counter: /store/poster/{counter}?store={store}.

import { applyI18n } from './i18n.js';
import { byId, enc, loadStaffSession } from './common.js';

applyI18n();

const counter = decodeURIComponent(location.pathname.split('/')[3] ?? '');
const staff = loadStaffSession();
const store = new URLSearchParams(location.search).get('store') ?? staff?.store ?? '';
const payUrl = `${location.origin}/c/${enc(store)}/${enc(counter)}`;

byId('poster-store').textContent = staff?.store === store ? (staff.storeInfo?.name ?? store) : store;
byId('poster-counter').textContent = counter;
byId('poster-url').textContent = payUrl;
const qr = byId('poster-qr');
qr.src = `/api/v1/stores/${enc(store)}/counters/${enc(counter)}/qr`;
qr.alt = `QR code: ${payUrl}`;
document.title = `${counter} — ${store} — counterpay`;
byId('print').addEventListener('click', () => window.print());

// Signed in: print the store's name, and the address the QR code encodes (the server's public URL).
if (staff?.store === store) {
  const read = (path) =>
    fetch(path, { headers: { Authorization: `Bearer ${staff.token}`, Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
  read(`/api/v1/stores/${enc(store)}`).then((info) => {
    if (info?.name) byId('poster-store').textContent = info.name;
  });
  read(`/api/v1/stores/${enc(store)}/counters`).then((answer) => {
    const found = answer?.counters?.find((c) => c.name === counter);
    if (found?.payUrl) byId('poster-url').textContent = found.payUrl;
  });
}
