// Portal: / — type the store code and counter name, or scan the counter's QR code.

import { t, applyI18n } from './i18n.js';
import { byId, say, session } from './common.js';

applyI18n();

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const storeInput = byId('portal-store');
const counterInput = byId('portal-counter');

const last = session.get('counterpay.portal');
if (last?.store) storeInput.value = last.store;

byId('portal-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const store = storeInput.value.normalize('NFKC').trim();
  const counter = counterInput.value.normalize('NFKC').trim();
  storeInput.setAttribute('aria-invalid', String(!NAME.test(store)));
  counterInput.setAttribute('aria-invalid', String(!NAME.test(counter)));
  if (!NAME.test(store) || !NAME.test(counter)) {
    say('portal-error', t('portal.invalid'));
    (NAME.test(store) ? counterInput : storeInput).focus();
    return;
  }
  session.set('counterpay.portal', { store });
  location.assign(`/c/${encodeURIComponent(store)}/${encodeURIComponent(counter)}`);
});
