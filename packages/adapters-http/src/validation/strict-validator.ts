import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const COMMON: Options = {
  strict: true,
  allowUnionTypes: true,
  allErrors: false,
  removeAdditional: false,
  useDefaults: true,
};

function createAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats(ajv, ['date-time', 'date', 'uri']);
  return ajv;
}

/**
 * The API's validator compiler. Fastify's default Ajv strips unknown fields and coerces body
 * types, which would silently accept mass assignment and `"1200"` for a money amount. Here, a body
 * is validated as sent (no coercion, unknown fields rejected by `additionalProperties: false`);
 * query strings and path parameters are coerced from text, as they must be, to finite numbers
 * only. A missing body is validated as `{}` so that commands without a body still reject unknown
 * fields. No text anywhere may hold U+0000 or an unpaired surrogate.
 */
export function strictValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const bodies = createAjv({ coerceTypes: false });
  const texts = createAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') {
      const validate: ValidateFunction = bodies.compile(schema as object);
      return (data: unknown) => {
        const value = data === null || data === undefined ? {} : data;
        if (!validate(value)) return { error: validate.errors ?? [] };
        const untext = unstorableText(value);
        return untext.length === 0 ? { value } : { error: untext };
      };
    }
    const validate: ValidateFunction = texts.compile(schema as object);
    return (data: unknown) => {
      if (!validate(data)) return { error: validate.errors ?? [] };
      const refused = [...nonFiniteNumbers(data), ...unstorableText(data)];
      return refused.length === 0 ? true : { error: refused };
    };
  };
}

/**
 * Ajv coerces the text `Infinity` (or `1e400`) to a number that is not finite, and then skips
 * `minimum` and `maximum` for it: `?limit=Infinity` would pass `maximum: 500`. Coerced query and
 * path values are flat, so their own fields are all there is to check.
 */
function nonFiniteNumbers(data: unknown): ErrorObject[] {
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data)
    .filter(([, value]) => typeof value === 'number' && !Number.isFinite(value))
    .map(([key]) => ({
      instancePath: `/${key}`,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'number' },
      message: 'must be a finite number',
    }));
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Holds U+0000, or a surrogate without its pair: JSON can escape them, but neither is text a store can keep. */
const unstorable = (text: string): boolean => text.includes('\u0000') || UNPAIRED_SURROGATE.test(text);

/**
 * The first string of a validated value holding {@link unstorable} text. PostgreSQL refuses
 * U+0000 in `text` (a 500 on the reference server), and an unpaired surrogate is stored as U+FFFD;
 * both are refused here, so every adapter keeps what the API accepted. Walked without recursion,
 * so no schema that allows free-form nesting can make it overflow the stack.
 */
function unstorableText(root: unknown): ErrorObject[] {
  const pending: [unknown, string][] = [[root, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string' && unstorable(value)) {
      return [
        {
          instancePath: path,
          schemaPath: '#/type',
          keyword: 'type',
          params: { type: 'string' },
          message: 'must not hold U+0000 or an unpaired surrogate',
        },
      ];
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value).reverse()) pending.push([item, `${path}/${key}`]);
    }
  }
  return [];
}
