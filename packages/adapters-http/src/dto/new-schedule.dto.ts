import { counterNameSchema, moneySchema, type MoneyDto } from './common.schema';

/** One entry of a new schedule. */
export interface NewScheduleEntryDto {
  readonly customerName: string;
  readonly customerRef?: string;
  readonly description?: string;
  readonly amount: MoneyDto;
  readonly dueAt: string;
}

/** Body of `POST /api/v1/stores/{store}/schedules`. */
export interface NewScheduleDto {
  readonly name: string;
  readonly counter: string;
  readonly entries: readonly NewScheduleEntryDto[];
}

/** JSON schema of {@link NewScheduleDto}. */
export const newScheduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'counter', 'entries'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    counter: counterNameSchema,
    entries: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['customerName', 'amount', 'dueAt'],
        properties: {
          customerName: { type: 'string', minLength: 1, maxLength: 200 },
          customerRef: { type: 'string', maxLength: 100 },
          description: { type: 'string', maxLength: 500 },
          amount: moneySchema,
          dueAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** Query of `POST /api/v1/stores/{store}/schedules/import`. */
export interface ScheduleImportQueryDto {
  readonly name: string;
  readonly counter: string;
}

/** JSON schema of {@link ScheduleImportQueryDto}. */
export const scheduleImportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'counter'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, counter: counterNameSchema },
} as const;

/** Query of `GET /api/v1/stores/{store}/schedule-entries`. */
export interface ScheduleSearchDto {
  readonly q?: string;
  readonly dueOn?: string;
  readonly status?: 'pending' | 'presented' | 'collected' | 'cancelled';
}

/** JSON schema of {@link ScheduleSearchDto}. */
export const scheduleSearchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 100, description: 'customer name or reference' },
    dueOn: { type: 'string', format: 'date', description: 'due day in the store time zone' },
    status: { type: 'string', enum: ['pending', 'presented', 'collected', 'cancelled'] },
  },
} as const;
