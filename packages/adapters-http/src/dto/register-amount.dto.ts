import { moneySchema, type MoneyDto } from './common.schema';

/** Body of `POST /api/v1/customer/transactions/{id}/amount` (F3): the amount itself. */
export type RegisterAmountDto = MoneyDto;

/** JSON schema of {@link RegisterAmountDto}. */
export const registerAmountSchema = moneySchema;
