import { domainError, type CurrencyCode, type DomainError, type NewScheduleEntry } from '@counterpay/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { err, ok, type Result } from 'neverthrow';
import { ScheduleImportRowDto } from '../dto/schedule-import-row.dto';

/** Most rows one import may hold (the use case's limit on schedule entries). */
export const MAX_IMPORT_ROWS = 5000;

function invalid(message: string, details: Record<string, unknown>): Result<never, DomainError> {
  return err(domainError('validation.failed', message, details));
}

/**
 * Parses a schedule CSV (header row `customerName,customerRef,description,amount,dueAt`, optional
 * `currency`) into new entries. Each row is checked by {@link ScheduleImportRowDto} with unknown
 * columns refused; the first bad row is reported with its row number (1 = first data row).
 */
export async function parseScheduleCsv(text: string, storeCurrency: CurrencyCode): Promise<Result<NewScheduleEntry[], DomainError>> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true, max_record_size: 4096 }) as Record<
      string,
      string
    >[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return invalid('the CSV cannot be parsed', typeof line === 'number' ? { line } : {});
  }
  if (records.length === 0) return invalid('the CSV has no entries', { field: 'body' });
  if (records.length > MAX_IMPORT_ROWS) return invalid(`at most ${MAX_IMPORT_ROWS} rows`, { rows: records.length });
  const entries: NewScheduleEntry[] = [];
  for (const [index, record] of records.entries()) {
    const row = index + 1;
    const filled = Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ''));
    const dto = plainToInstance(ScheduleImportRowDto, filled);
    const problems = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    const first = problems[0];
    if (first !== undefined) {
      const message = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
      return invalid(`row ${row}: ${message}`, { row, field: first.property });
    }
    const currency = (dto.currency ?? storeCurrency) as CurrencyCode;
    const dueAt = new Date(dto.dueAt);
    if (Number.isNaN(dueAt.getTime())) return invalid(`row ${row}: dueAt is not a date`, { row, field: 'dueAt' });
    entries.push({
      customerName: dto.customerName,
      ...(dto.customerRef === undefined ? {} : { customerRef: dto.customerRef }),
      ...(dto.description === undefined ? {} : { description: dto.description }),
      amount: { value: Number(dto.amount), currency },
      dueAt,
    });
  }
  return ok(entries);
}
