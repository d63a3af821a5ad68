import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

/** Columns a schedule CSV may have; the header row names them, in any order. */
export const SCHEDULE_CSV_COLUMNS = ['customerName', 'customerRef', 'description', 'amount', 'currency', 'dueAt'] as const;

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
  amount!: string;

  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, {
    message: 'dueAt must be an ISO 8601 date-time with an offset, e.g. 2026-11-21T10:00:00+09:00',
  })
  dueAt!: string;
}
