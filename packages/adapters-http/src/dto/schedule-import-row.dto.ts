import { MAX_MINOR_UNITS } from '@counterpay/core';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateBy } from 'class-validator';

/** Columns a schedule CSV may have; the header row names them, in any order. */
export const SCHEDULE_CSV_COLUMNS = ['customerName', 'customerRef', 'description', 'amount', 'currency', 'dueAt'] as const;

/** At most {@link MAX_MINOR_UNITS}, the largest amount anywhere in the API (13 digits would allow ten times more). */
function IsWithinMoneyRange(): PropertyDecorator {
  return ValidateBy({
    name: 'isWithinMoneyRange',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && Number(value) <= MAX_MINOR_UNITS,
      defaultMessage: () => `amount must be at most ${MAX_MINOR_UNITS} minor units`,
    },
  });
}

const DUE_AT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 date-time with an offset that names a real day and time, as the JSON routes'
 * `date-time` format requires: `new Date` would move `2026-02-30` to March and `T24:00` to the next day.
 */
function IsCalendarDateTime(): PropertyDecorator {
  return ValidateBy({
    name: 'isCalendarDateTime',
    validator: {
      validate: (value: unknown) => {
        const parts = typeof value === 'string' ? DUE_AT.exec(value) : null;
        if (parts === null) return false;
        const fields = parts.slice(1, 7).map((p) => Number(p ?? 0));
        const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
        const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
        const read = [
          utc.getUTCFullYear(),
          utc.getUTCMonth() + 1,
          utc.getUTCDate(),
          utc.getUTCHours(),
          utc.getUTCMinutes(),
          utc.getUTCSeconds(),
        ];
        return read.every((v, i) => v === fields[i]);
      },
      defaultMessage: () => 'dueAt must be an ISO 8601 date-time with an offset, e.g. 2026-11-21T10:00:00+09:00',
    },
  });
}

/**
 * One row of a schedule CSV (`POST …/schedules/import`), as text. `amount` is integer minor units;
 * `currency` defaults to the store's; `dueAt` is an ISO 8601 date-time with an offset.
 */
export class ScheduleImportRowDto {
  @IsString()
  @Length(1, 200)
  customerName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  customerRef?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @Matches(/^\d{1,13}$/, { message: 'amount must be whole minor units (digits only)' })
  @IsWithinMoneyRange()
  amount!: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @IsCalendarDateTime()
  dueAt!: string;
}
