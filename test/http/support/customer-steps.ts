import { expect } from 'chai';
import { card, type Answer, type HttpHarness, type Json } from './http-harness';

/** The phone opens a counter; expects the first visit (a customer token). */
export async function claimCounter(h: HttpHarness, counter: string, store = h.store.code): Promise<{ token: string; transaction: Json }> {
  const visit = await h.call('GET', `/api/v1/portal/${store}/${counter}`);
  expect(visit.status, visit.text).to.equal(200);
  expect(visit.body.customerToken).to.be.a('string');
  return { token: visit.body.customerToken, transaction: visit.body.transaction };
}

/** The phone registers a card. */
export function registerCard(h: HttpHarness, token: string, id: string, number = '4242424242424242'): Promise<Answer> {
  return h.call('POST', `/api/v1/customer/transactions/${id}/payment-method`, {
    customer: token,
    body: { type: 'card', card: card(number) },
  });
}

/** The clerk opens a transaction at a counter (expects 201). */
export async function openAt(h: HttpHarness, counter: string, body: unknown, token = h.store.clerk): Promise<Json> {
  const opened = await h.staff('POST', `/counters/${counter}/transactions`, { token, body });
  expect(opened.status, opened.text).to.equal(201);
  return opened.body;
}

/** Opens an F1 transaction and has the phone register a card; returns ids and the customer token. */
export async function openAndPay(
  h: HttpHarness,
  counter: string,
  value: number,
  number = '4242424242424242',
): Promise<{ id: string; token: string }> {
  const opened = await openAt(h, counter, { amount: { value, currency: 'JPY' } });
  const { token } = await claimCounter(h, counter);
  const paid = await registerCard(h, token, opened.id, number);
  expect(paid.status, paid.text).to.equal(200);
  return { id: opened.id, token };
}
