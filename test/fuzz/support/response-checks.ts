import { ERROR_STATUS } from '@counterpay/adapters-http';
import type { HostileRequest } from './hostile-request';

/** An answer as `app.inject` gives it. */
export interface Response {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
}

/** What a stack trace or a server path looks like in a body. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['a stack frame', /\n\s+at \S/],
  ['a stack frame', /\bat (?:async )?[\w$.<>]+ \(/],
  ['a file position', /\.(?:js|ts|mjs|cjs):\d+/],
  ['a server path', /\/work\/|\/home\/|\/usr\/|node:internal/],
  ['node_modules', /node_modules/],
];

/**
 * Everything wrong with the answer to a hostile request: a 5xx; a request carrying a decisive
 * defect that was not refused with a 4xx; an API error that is not the contract's body
 * `{"error":{"code","message","details"}}` with its code's status from the one table; a stack
 * trace, file path or `node_modules` in any body; or a secret of the world echoed back.
 */
export function problemsOf(request: HostileRequest, response: Response, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  const status = response.statusCode;
  if (status >= 500) problems.push(`answered ${status}`);
  else if (request.decisive !== null && (status < 400 || status >= 500))
    problems.push(`accepted it with ${status}, though it must be refused`);
  const type = String(response.headers['content-type'] ?? '');
  if (status >= 400 && request.url.startsWith('/api/')) {
    if (!type.startsWith('application/json')) problems.push(`a ${status} answer as ${type || 'no content type'}, not JSON`);
    else problems.push(...contractProblems(status, response.body));
  }
  for (const [what, pattern] of LEAKS) {
    if (pattern.test(response.body)) problems.push(`${what} in the body: ${excerpt(response.body, pattern)}`);
  }
  if (status >= 400) {
    for (const secret of secrets) if (response.body.includes(secret)) problems.push('a credential echoed in the error body');
  }
  return problems;
}

function contractProblems(status: number, body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [`a ${status} body that is not JSON: ${body.slice(0, 120)}`];
  }
  const error = (parsed as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  const keys = parsed !== null && typeof parsed === 'object' ? Object.keys(parsed) : [];
  if (error === undefined || error === null || typeof error !== 'object' || keys.length !== 1) {
    return [`not the contract's error body: ${body.slice(0, 160)}`];
  }
  const problems: string[] = [];
  if (typeof error.code !== 'string') problems.push(`error.code is not a string: ${body.slice(0, 160)}`);
  else if (!Object.hasOwn(ERROR_STATUS, error.code)) problems.push(`error.code ${error.code} is not in the status table`);
  else if (ERROR_STATUS[error.code as keyof typeof ERROR_STATUS] !== status) {
    problems.push(`error.code ${error.code} came with ${status}, the table says ${ERROR_STATUS[error.code as keyof typeof ERROR_STATUS]}`);
  }
  if (typeof error.message !== 'string') problems.push('error.message is not a string');
  if (error.details === null || typeof error.details !== 'object' || Array.isArray(error.details))
    problems.push('error.details is not an object');
  return problems;
}

function excerpt(body: string, pattern: RegExp): string {
  const at = body.search(pattern);
  return JSON.stringify(body.slice(Math.max(0, at - 60), at + 80));
}
