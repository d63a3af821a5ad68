import type { ResultAsync } from 'neverthrow';
import type { DomainError } from '../domain/shared/domain-error';
import type { Money } from '../domain/money/money';
import type { SalesGrouping } from '../domain/ledger/sales-ledger';
import type { NewScheduleEntry, ScheduleEntryStatus } from '../domain/schedule/schedule.aggregate';
import type { NewStore } from '../domain/store/store.aggregate';
import type { TransactionView } from '../domain/transaction/transaction.aggregate';
import type { TransactionStatus } from '../domain/transaction/transaction-status';
import type { CounterpayDeps, StaffActor } from './context';
import * as catalog from './catalog';
import * as clerk from './clerk';
import * as customer from './customer';
import { openTransaction, type OpenRequest } from './open-transaction';
import * as schedules from './schedules';
import * as sales from './sales';
import * as admin from './store-admin';
import * as workers from './workers';

/**
 * counterpay as a library: every flow (F1–F5) and the workers, over the ports in `deps`.
 * Each method is one command or query; expected failures come back as `DomainError` values.
 */
export class Counterpay {
  constructor(readonly deps: CounterpayDeps) {}

  // ── administration ────────────────────────────────────────────────────────
  openStore(input: NewStore) {
    return admin.openStore(this.deps, input);
  }
  addCounter(storeId: string, input: { name: string; kind: string; label?: string }) {
    return admin.addCounter(this.deps, storeId, input);
  }
  addStaff(storeId: string, input: { username: string; name: string; role: string; passwordHash: string }) {
    return admin.addStaff(this.deps, storeId, input);
  }
  suspendStore(storeCode: string) {
    return admin.changeStoreStatus(this.deps, storeCode, 'suspended');
  }
  resumeStore(storeCode: string) {
    return admin.changeStoreStatus(this.deps, storeCode, 'active');
  }

  // ── catalog and schedules ─────────────────────────────────────────────────
  putProduct(storeId: string, barcode: string, input: { name: string; sku: string; price: Money }) {
    return catalog.putProduct(this.deps, storeId, barcode, input);
  }
  getProduct(storeId: string, barcode: string) {
    return catalog.getProduct(this.deps, storeId, barcode);
  }
  createSchedule(storeId: string, input: { name: string; counterName: string; entries: readonly NewScheduleEntry[] }) {
    return schedules.createSchedule(this.deps, storeId, input);
  }
  searchScheduleEntries(storeId: string, query: { q?: string; dueOn?: string; status?: ScheduleEntryStatus }) {
    return schedules.searchScheduleEntries(this.deps, storeId, query);
  }

  // ── clerk ─────────────────────────────────────────────────────────────────
  /** F1 (amount), F3 (customer amount), F4 (schedule entry), F5 (barcodes). */
  openTransaction(actor: StaffActor, counterName: string, request: OpenRequest): ResultAsync<TransactionView, DomainError> {
    return openTransaction(this.deps, actor, counterName, request);
  }
  getTransaction(actor: StaffActor, id: string) {
    return clerk.getTransaction(this.deps, actor, id);
  }
  listTransactions(actor: StaffActor, query: { counterName?: string; status?: TransactionStatus; limit?: number }) {
    return clerk.listTransactions(this.deps, actor, query);
  }
  authorize(actor: StaffActor, id: string) {
    return clerk.authorizeTransaction(this.deps, actor, id);
  }
  capture(actor: StaffActor, id: string) {
    return clerk.captureTransaction(this.deps, actor, id);
  }
  void(actor: StaffActor, id: string) {
    return clerk.voidTransaction(this.deps, actor, id);
  }
  cancel(actor: StaffActor, id: string) {
    return clerk.cancelTransaction(this.deps, actor, id);
  }
  /** F2: present a captured sale for cancellation, found by processing number and amount. */
  requestCancellation(actor: StaffActor, input: { processingNumber: string; amount: Money; counterName: string }) {
    return clerk.requestCancellation(this.deps, actor, input);
  }
  withdrawCancellation(actor: StaffActor, id: string) {
    return clerk.withdrawCancellation(this.deps, actor, id);
  }
  /** Lets a phone open the presented transaction again when the first phone lost its token. */
  releaseClaim(actor: StaffActor, id: string) {
    return clerk.releaseClaim(this.deps, actor, id);
  }
  refundInquiry(actor: StaffActor, id: string) {
    return clerk.refundInquiry(this.deps, actor, id);
  }
  refund(actor: StaffActor, id: string) {
    return clerk.refundTransaction(this.deps, actor, id);
  }
  salesTotals(storeId: string, query: { from?: string; to?: string; groupBy: SalesGrouping }) {
    return sales.salesTotals(this.deps, storeId, query);
  }
  salesEntries(storeId: string, query: { from?: string; to?: string }) {
    return sales.salesEntries(this.deps, storeId, query);
  }

  // ── customer's phone ──────────────────────────────────────────────────────
  openCounter(input: { storeCode: string; counterName: string; customerToken?: string }) {
    return customer.openCounter(this.deps, input);
  }
  customerTransaction(token: string, id: string) {
    return customer.customerTransaction(this.deps, token, id);
  }
  registerAmount(token: string, id: string, amount: Money) {
    return customer.registerAmount(this.deps, token, id, amount);
  }
  registerPaymentMethod(token: string, id: string, submission: customer.MethodSubmission) {
    return customer.registerPaymentMethod(this.deps, token, id, submission);
  }
  confirmCancellation(token: string, id: string) {
    return customer.confirmCancellation(this.deps, token, id);
  }

  // ── workers ───────────────────────────────────────────────────────────────
  expireDue(batch?: number) {
    return workers.expireDue(this.deps, batch);
  }
  recoverInFlight(graceMs?: number, batch?: number) {
    return workers.recoverInFlight(this.deps, graceMs, batch);
  }
}
