import { expect } from 'chai';
import { claimCounter, openAndPay, openAt } from './support/customer-steps';
import { ADMIN_TOKEN, createHttpHarness, yen, type HttpHarness } from './support/http-harness';

describe('HTTP API: the extensions the pages need', () => {
  let h: HttpHarness;
  beforeEach(async () => {
    h = await createHttpHarness();
  });
  afterEach(() => h.close());
  const manager = () => ({ token: h.store.manager });

  it('describes the store, its counters with their pay links, and its staff without password hashes', async () => {
    const store = await h.staff('GET', '');
    expect(store.body).to.deep.include({
      code: h.store.code,
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      status: 'active',
      capturePolicy: 'manual',
    });
    const counters = (await h.staff('GET', '/counters')).body.counters;
    expect(counters.map((c: { name: string }) => c.name)).to.deep.equal(['C11', 'C12', 'R1']);
    expect(counters[0].payUrl).to.equal(`https://pay.example.test/c/${h.store.code}/C11`);
    const staff = await h.staff('GET', '/staff', manager());
    expect(staff.body.staff.map((s: { username: string; role: string }) => [s.username, s.role])).to.deep.equal([
      ['clerk', 'clerk'],
      ['manager', 'manager'],
    ]);
    expect(staff.text).to.not.include('scrypt');
    const added = await h.staff('POST', '/staff', {
      ...manager(),
      body: { username: 'aiko', password: 'long-enough', name: 'Aiko', role: 'clerk' },
    });
    expect(added.status).to.equal(201);
    expect(added.text).to.not.include('long-enough').and.not.include('scrypt');
    expect(
      (await h.staff('POST', '/staff', { ...manager(), body: { username: 'ken', password: 'short', name: 'Ken', role: 'clerk' } })).status,
    ).to.equal(400);
    const me = await h.call('GET', '/api/v1/auth/me', { token: h.store.clerk });
    expect(me.body).to.deep.include({ role: 'clerk', store: { code: h.store.code, name: `Store ${h.store.code}` } });
    expect((await h.call('GET', '/api/v1/auth/me', { token: ADMIN_TOKEN })).body).to.deep.include({ role: 'admin', store: null });
  });

  it('serves the counter QR code of the pay page as SVG, publicly', async () => {
    const qr = await h.call('GET', `/api/v1/stores/${h.store.code}/counters/C11/qr`);
    expect(qr.status).to.equal(200);
    expect(qr.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(qr.text).to.match(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect((await h.call('GET', `/api/v1/stores/${h.store.code}/counters/C99/qr`)).status).to.equal(404);
  });

  it('lists products with their price now', async () => {
    await h.staff('PUT', '/products/4901234567894', { ...manager(), body: { name: 'Green tea', sku: 'TEA', price: yen(150) } });
    h.clock.advance(60_000);
    await h.staff('PUT', '/products/4901234567894', { ...manager(), body: { name: 'Green tea', sku: 'TEA', price: yen(160) } });
    const products = (await h.staff('GET', '/products')).body.products;
    expect(products).to.have.length(1);
    expect(products[0]).to.deep.include({ barcode: '4901234567894', name: 'Green tea', price: yen(160) });
    expect(products[0].prices).to.have.length(2);
  });

  it('imports a schedule from CSV and reports the first bad row', async () => {
    const csv = [
      'customerName,customerRef,description,amount,dueAt',
      'Hanako Yamada,C-1,Rice 10 kg,4200,2026-11-21T10:00:00+09:00',
      '"Suzuki, Taro",C-2,,1800,2026-11-22T10:00:00+09:00',
    ].join('\n');
    const imported = await h.staff('POST', '/schedules/import?name=Route%201&counter=R1', {
      ...manager(),
      raw: csv,
      contentType: 'text/csv',
    });
    expect(imported.status, imported.text).to.equal(201);
    expect(imported.body.schedule).to.deep.include({ name: 'Route 1', counter: 'R1' });
    expect(
      imported.body.entries.map((e: { customerName: string; amount: { value: number } }) => [e.customerName, e.amount.value]),
    ).to.deep.equal([
      ['Hanako Yamada', 4200],
      ['Suzuki, Taro', 1800],
    ]);
    const listed = (await h.staff('GET', '/schedules', manager())).body.schedules;
    expect(listed.map((s: { name: string }) => s.name)).to.deep.equal(['Route 1']);
    const entries = await h.staff('GET', `/schedules/${listed[0].id}/entries`, manager());
    expect(entries.body.entries).to.have.length(2);

    const bad = async (text: string) =>
      h.staff('POST', '/schedules/import?name=X&counter=R1', { ...manager(), raw: text, contentType: 'text/csv' });
    const floatAmount = await bad('customerName,amount,dueAt\nA,100,2026-11-21T10:00:00Z\nB,12.50,2026-11-21T10:00:00Z');
    expect(floatAmount.status).to.equal(400);
    expect(floatAmount.body.error.details).to.deep.include({ row: 2, field: 'amount' });
    expect((await bad('customerName,amount,dueAt,discount\nA,100,2026-11-21T10:00:00Z,5')).body.error.details).to.deep.include({
      field: 'discount',
    });
    expect((await bad('customerName,amount,dueAt\nA,100,tomorrow')).body.error.details).to.deep.include({ field: 'dueAt' });
    const asJson = await h.staff('POST', '/schedules/import?name=X&counter=R1', { ...manager(), body: { rows: [] } });
    expect(asJson.status).to.equal(415);
    expect((await h.staff('GET', '/schedules', manager())).body.schedules).to.have.length(1);
  });

  it('issues API keys that act as the manager, shown once, listable without secrets, revocable', async () => {
    const created = await h.staff('POST', '/api-keys', { ...manager(), body: { label: 'back office' } });
    expect(created.status).to.equal(201);
    const key: string = created.body.key;
    expect(key.startsWith(`${h.store.id}.`)).to.equal(true);
    expect(
      (await h.staff('PUT', '/products/4901234567894', { token: key, body: { name: 'Tea', sku: 'T', price: yen(100) } })).status,
    ).to.equal(200);
    expect((await h.staff('GET', '/sales', { token: key })).status).to.equal(200);
    const listed = await h.staff('GET', '/api-keys', manager());
    expect(listed.body.apiKeys.map((k: { label: string }) => k.label)).to.deep.equal(['back office']);
    expect(listed.text).to.not.include(key.split('.')[1]!);
    expect((await h.staff('DELETE', `/api-keys/${created.body.id}`, manager())).status).to.equal(204);
    expect((await h.staff('GET', '/sales', { token: key })).status).to.equal(401);
  });

  it('voids an authorization, cancels an unpaid transaction, withdraws a cancellation, and filters the list', async () => {
    const voided = await openAndPay(h, 'C11', 100);
    await h.staff('POST', `/transactions/${voided.id}/authorize`);
    expect((await h.staff('POST', `/transactions/${voided.id}/void`)).body.status).to.equal('voided');
    const unpaid = await openAt(h, 'C11', { amount: yen(200) });
    expect((await h.staff('POST', `/transactions/${unpaid.id}/cancel`)).body.status).to.equal('cancelled');
    const sold = await openAndPay(h, 'C11', 300);
    await h.staff('POST', `/transactions/${sold.id}/authorize`);
    const sale = (await h.staff('POST', `/transactions/${sold.id}/capture`)).body;
    await h.staff('POST', '/cancellations', { body: { processingNumber: sale.processingNumber, amount: yen(300), counter: 'C12' } });
    await claimCounter(h, 'C12');
    expect((await h.staff('POST', `/transactions/${sold.id}/withdraw-cancellation`)).body.status).to.equal('captured');
    const byStatus = await h.staff('GET', '/transactions?status=captured');
    expect(byStatus.body.transactions.map((t: { id: string }) => t.id)).to.deep.equal([sold.id]);
    const atC11 = await h.staff('GET', '/transactions?counter=C11&limit=2');
    expect(atC11.body.transactions).to.have.length(2);
    expect((await h.staff('GET', '/transactions?status=paid')).status).to.equal(400);
  });

  it('exports sales as CSV when asked with Accept: text/csv', async () => {
    const { id } = await openAndPay(h, 'C11', 1200);
    await h.staff('POST', `/transactions/${id}/authorize`);
    await h.staff('POST', `/transactions/${id}/capture`);
    const csv = await h.staff('GET', '/sales?groupBy=day&from=2026-11-21&to=2026-11-21', { ...manager(), headers: { accept: 'text/csv' } });
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.text.trim().split('\r\n')).to.deep.equal([
      'day,currency,sales,reversals,net,count,reversalCount',
      '2026-11-21,JPY,1200,0,1200,1,0',
    ]);
    const json = await h.staff('GET', '/sales?groupBy=staff', manager());
    expect(json.body.totals[0]).to.deep.include({ key: 'clerk', net: yen(1200) });
    expect(json.body.total).to.deep.include({ sales: yen(1200), count: 1 });
    expect((await h.staff('GET', '/sales?from=21-11-2026', manager())).status).to.equal(400);
  });
});
