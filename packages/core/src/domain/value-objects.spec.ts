import { expect } from 'chai';
import { gs1CheckDigit, parseBarcode } from './barcode/barcode';
import { currencyExponent } from './money/currency';
import { addMoney, formatMoney, money, multiplyMoney, positiveMoney, subtractMoney } from './money/money';
import { cardBrandOf, describePaymentMethod, luhnValid } from './payment-method/payment-method';
import { localDate, localStamp } from './shared/local-time';
import { isTransactionReference, parseProcessingNumber, transactionReference } from './transaction/transaction-reference';
import { createStore } from './store/store.aggregate';
import { createCounter } from './counter/counter.aggregate';
import { createScheduleEntry } from './schedule/schedule.aggregate';
import { priceAt } from './catalog/product';
import { totalsOf } from './ledger/sales-ledger';

const codeOf = (r: { isErr(): boolean; error?: unknown }) => (r.isErr() ? (r as { error: { code: string } }).error.code : 'ok');

describe('Money', () => {
  it('holds integer minor units of a known currency', () => {
    expect(money(1200, 'JPY')._unsafeUnwrap()).to.deep.equal({ value: 1200, currency: 'JPY' });
    expect(currencyExponent('JPY')).to.equal(0);
    expect(currencyExponent('USD')).to.equal(2);
    expect(currencyExponent('KWD')).to.equal(3);
  });
  for (const bad of [1.5, -1, Number.NaN, Infinity, 1e13, '100', null, 2 ** 53]) {
    it(`refuses ${String(bad)} as an amount`, () => expect(codeOf(money(bad, 'JPY'))).to.equal('money.invalid_amount'));
  }
  it('refuses an unknown currency and zero where a payment is meant', () => {
    expect(codeOf(money(1, 'XXX'))).to.equal('money.unknown_currency');
    expect(codeOf(money(1, 'jpy'))).to.equal('money.unknown_currency');
    expect(codeOf(positiveMoney(0, 'JPY'))).to.equal('money.invalid_amount');
  });
  it('adds, subtracts and multiplies within a currency; mixing is an error value', () => {
    expect(addMoney({ value: 1, currency: 'USD' }, { value: 2, currency: 'USD' })._unsafeUnwrap().value).to.equal(3);
    expect(codeOf(addMoney({ value: 1, currency: 'USD' }, { value: 2, currency: 'JPY' }))).to.equal('money.currency_mismatch');
    expect(codeOf(subtractMoney({ value: 1, currency: 'USD' }, { value: 2, currency: 'USD' }))).to.equal('money.invalid_amount');
    expect(multiplyMoney({ value: 150, currency: 'JPY' }, 3)._unsafeUnwrap().value).to.equal(450);
  });
  it('formats by the currency exponent', () => {
    expect(formatMoney({ value: 1200, currency: 'JPY' }, 'en')).to.equal('¥1,200');
    expect(formatMoney({ value: 1200, currency: 'USD' }, 'en')).to.equal('$12.00');
    expect(formatMoney({ value: 1200, currency: 'KWD' }, 'en')).to.include('1.200');
  });
});

describe('Barcode', () => {
  for (const [code, format] of [
    ['4901234567894', 'EAN-13'],
    ['4512345678906', 'EAN-13'],
    ['49123456', 'EAN-8'],
    ['036000291452', 'UPC-A'],
  ] as const) {
    it(`reads ${format} ${code} with its check digit`, () =>
      expect(parseBarcode(code)._unsafeUnwrap()).to.deep.equal({ value: code, format }));
  }
  for (const bad of ['4901234567895', '49123457', '036000291453', '123', '12345678901234', 'abcdefghijklm', '', 4901234567894]) {
    it(`refuses ${String(bad)}`, () => expect(codeOf(parseBarcode(bad))).to.equal('barcode.invalid'));
  }
  it('computes the GS1 check digit', () => expect(gs1CheckDigit('490123456789')).to.equal(4));
});

describe('Cards', () => {
  it('checks Luhn and finds the brand', () => {
    expect(luhnValid('4242424242424242')).to.equal(true);
    expect(luhnValid('4242424242424241')).to.equal(false);
    expect(cardBrandOf('4242424242424242')).to.equal('visa');
    expect(cardBrandOf('5555555555554444')).to.equal('mastercard');
    expect(cardBrandOf('378282246310005')).to.equal('amex');
    expect(cardBrandOf('3566002020360505')).to.equal('jcb');
  });
  it('describes a card the way the clerk sees it', () => {
    expect(describePaymentMethod({ type: 'card', brand: 'visa', last4: '4242', bin: '424242', expMonth: 12, expYear: 2028 })).to.equal(
      'VISA •••• 4242 12/28',
    );
  });
});

describe('References and local time', () => {
  it("numbers a transaction YYYYMMDDhhmmss in the store's time zone plus a suffix", () => {
    const at = new Date('2026-11-21T15:04:05Z');
    expect(transactionReference(at, 'Asia/Tokyo', 'ABC123')).to.equal('20261122000405-ABC123');
    expect(transactionReference(at, 'America/New_York', 'ABC123')).to.equal('20261121100405-ABC123');
    expect(isTransactionReference('20261122000405-ABC123')).to.equal(true);
    expect(localStamp(at, 'UTC')).to.equal('20261121150405');
    expect(localDate(at, 'Asia/Tokyo')).to.equal('2026-11-22');
  });
  it('takes processing numbers of 6-20 digits only', () => {
    expect(parseProcessingNumber('123456789012').isOk()).to.equal(true);
    for (const bad of ['12345', 'abc123456', '1'.repeat(21), 123456])
      expect(codeOf(parseProcessingNumber(bad))).to.equal('validation.failed');
  });
});

describe('Store, counter, schedule, catalog, ledger rules', () => {
  const now = new Date('2026-11-21T00:00:00Z');
  it('validates a new store', () => {
    const ok = createStore({ code: 'demo', name: 'Demo', currency: 'JPY', timezone: 'Asia/Tokyo' }, 'id', now);
    expect(ok._unsafeUnwrap()).to.deep.include({
      status: 'active',
      capturePolicy: 'manual',
      customerTimeoutSeconds: 900,
      enabledMethods: ['card'],
    });
    expect(codeOf(createStore({ code: 'Demo Shop', name: 'x', currency: 'JPY', timezone: 'Asia/Tokyo' }, 'id', now))).to.equal(
      'validation.failed',
    );
    expect(codeOf(createStore({ code: 'a', name: 'x', currency: 'XYZ', timezone: 'Asia/Tokyo' }, 'id', now))).to.equal(
      'money.unknown_currency',
    );
    expect(codeOf(createStore({ code: 'a', name: 'x', currency: 'JPY', timezone: 'Mars/Olympus' }, 'id', now))).to.equal(
      'validation.failed',
    );
    expect(codeOf(createStore({ code: 'a', name: 'x', currency: 'JPY', timezone: 'UTC', enabledMethods: ['cash'] }, 'id', now))).to.equal(
      'validation.failed',
    );
    expect(codeOf(createStore({ code: 'a', name: 'x', currency: 'JPY', timezone: 'UTC', capturePolicy: 'sometimes' }, 'id', now))).to.equal(
      'validation.failed',
    );
  });
  it('validates counters', () => {
    expect(createCounter({ storeId: 's', name: 'C11', kind: 'salesperson' }, 'id', now)._unsafeUnwrap().label).to.equal('C11');
    expect(codeOf(createCounter({ storeId: 's', name: 'C 11', kind: 'salesperson' }, 'id', now))).to.equal('validation.failed');
    expect(codeOf(createCounter({ storeId: 's', name: 'C11', kind: 'kiosk' }, 'id', now))).to.equal('validation.failed');
  });
  it('validates schedule entries', () => {
    const ids = { id: 'e', storeId: 's', scheduleId: 'sc', counterId: 'c' };
    expect(
      createScheduleEntry({ customerName: ' A ', amount: { value: 10, currency: 'JPY' }, dueAt: now }, ids)._unsafeUnwrap().customerName,
    ).to.equal('A');
    expect(codeOf(createScheduleEntry({ customerName: '', amount: { value: 10, currency: 'JPY' }, dueAt: now }, ids))).to.equal(
      'validation.failed',
    );
    expect(codeOf(createScheduleEntry({ customerName: 'A', amount: { value: 0, currency: 'JPY' }, dueAt: now }, ids))).to.equal(
      'money.invalid_amount',
    );
    expect(codeOf(createScheduleEntry({ customerName: 'A', amount: { value: 1, currency: 'JPY' }, dueAt: new Date('x') }, ids))).to.equal(
      'validation.failed',
    );
  });
  it('picks the price in force, the latest start winning', () => {
    const p = (value: number, from: string, to: string | null) => ({
      storeId: 's',
      barcode: 'b',
      price: { value, currency: 'JPY' as const },
      validFrom: new Date(from),
      validTo: to === null ? null : new Date(to),
    });
    const table = [p(100, '2026-01-01', '2026-06-01'), p(120, '2026-06-01', null), p(90, '2026-11-20', '2026-11-23')];
    expect(priceAt(table, new Date('2026-03-01'))?.price.value).to.equal(100);
    expect(priceAt(table, new Date('2026-07-01'))?.price.value).to.equal(120);
    expect(priceAt(table, new Date('2026-11-21'))?.price.value).to.equal(90);
    expect(priceAt(table, new Date('2025-01-01'))).to.equal(null);
  });
  it('totals sales and reversals', () => {
    const e = (kind: 'sale' | 'reversal', value: number, day: string) => ({
      id: 'x',
      storeId: 's',
      transactionId: 't',
      kind,
      amount: { value, currency: 'JPY' as const },
      counterId: 'c',
      staffId: null,
      method: 'card' as const,
      processingNumber: '1',
      businessDay: day,
      occurredAt: new Date(day),
    });
    expect(totalsOf([e('sale', 100, '2026-11-20'), e('sale', 50, '2026-11-20'), e('reversal', 50, '2026-11-21')], 'staff')).to.deep.equal([
      { key: '', sales: 150, reversals: 50, net: 100, count: 2, reversalCount: 1 },
    ]);
  });
});
