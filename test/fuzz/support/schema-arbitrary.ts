import fc from 'fast-check';
import type { Body } from './json-body';
import type { Schema } from './openapi-operations';

/** Realistic values by field name (real counters, barcodes, ids…), mixed with what the schema alone would give. */
export type Hints = Readonly<Record<string, fc.Arbitrary<Body>>>;

const anyText = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ minLength, maxLength }),
      fc.string({ unit: 'grapheme', minLength, maxLength }),
      fc.string({ unit: 'binary', minLength, maxLength }),
    )
    .filter((s) => [...s].length >= minLength && [...s].length <= maxLength);

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
      .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace('Z', '+09:00'), d.toISOString().slice(0, 19) + 'Z'));
  }
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern);
    return fc
      .stringMatching(pattern)
      .map((s) => s.slice(0, schema.maxLength ?? s.length))
      .filter((s) => s.length >= minLength && pattern.test(s));
  }
  return anyText(minLength, Math.max(minLength, maxLength));
}

/**
 * Values that the schema accepts (for the shapes the counterpay document uses): the
 * "valid-looking" request each hostile request starts from. `hints` bias named fields towards
 * the seeded world, so that mutated requests also reach the use cases, not only the validator.
 */
export function validValue(schema: Schema, hints: Hints = {}, name?: string): fc.Arbitrary<Body> {
  const hint = name === undefined ? undefined : hints[name];
  const generic = genericValue(schema, hints);
  return hint === undefined ? generic : fc.oneof({ arbitrary: hint, weight: 4 }, { arbitrary: generic, weight: 1 });
}

function genericValue(schema: Schema, hints: Hints): fc.Arbitrary<Body> {
  if (schema.enum !== undefined) return fc.constantFrom(...(schema.enum as Body[]));
  if (schema.anyOf !== undefined) return fc.oneof(...schema.anyOf.map((s) => validValue(s, hints)));
  const type = typeof schema.type === 'string' ? schema.type : schema.type?.find((t) => t !== 'null');
  switch (type) {
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 100_000) }), fc.constantFrom(min, max));
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return schema.example !== undefined && typeof schema.example === 'string'
        ? fc.oneof(fc.constant(schema.example), stringOf(schema))
        : stringOf(schema);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}, hints), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, validValue(s, hints, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) }) as fc.Arbitrary<Body>;
    }
    default:
      return fc.constant(null);
  }
}

/** A query-string text of a value the schema accepts. */
export function validQueryValue(schema: Schema, hints: Hints, name: string): fc.Arbitrary<string> {
  return validValue(schema, hints, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
}
