import Ajv, { type Options, type ValidateFunction } from 'ajv';
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
 * query strings and path parameters are coerced from text, as they must be. A missing body is
 * validated as `{}` so that commands without a body still reject unknown fields.
 */
export function strictValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const bodies = createAjv({ coerceTypes: false });
  const texts = createAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    if (httpPart === 'body') {
      const validate: ValidateFunction = bodies.compile(schema as object);
      return (data: unknown) => {
        const value = data === null || data === undefined ? {} : data;
        return validate(value) ? { value } : { error: validate.errors ?? [] };
      };
    }
    const validate: ValidateFunction = texts.compile(schema as object);
    return (data: unknown) => (validate(data) ? true : { error: validate.errors ?? [] });
  };
}
