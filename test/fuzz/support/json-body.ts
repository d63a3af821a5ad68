import type { Schema } from './openapi-operations';

/** Bytes written into a body as they are: number literals JSON.stringify cannot write, invalid UTF-8, broken syntax. */
export class Raw {
  constructor(
    readonly bytes: Buffer,
    readonly label: string,
  ) {}

  static text(text: string, label = text): Raw {
    return new Raw(Buffer.from(text, 'utf8'), label);
  }
}

/** A body as the generator builds it: JSON values, {@link Raw} fragments, and keys such as `__proto__` as own properties. */
export type Body = null | boolean | number | string | Raw | Body[] | { [key: string]: Body };

/** Sets `key` as an own, enumerable property, even `__proto__` (which `obj[key] =` would treat as the prototype). */
export function defineKey(target: Record<string, Body>, key: string, value: Body): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy that keeps {@link Raw} fragments and own `__proto__` keys. */
export function cloneBody(value: Body): Body {
  if (value instanceof Raw || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneBody);
  const copy: Record<string, Body> = {};
  for (const key of Object.keys(value)) defineKey(copy, key, cloneBody(value[key] as Body));
  return copy;
}

/** The body as bytes: JSON, except that {@link Raw} fragments are written as they are. */
export function serializeBody(value: Body): Buffer {
  const chunks: Buffer[] = [];
  const write = (v: Body): void => {
    if (v instanceof Raw) chunks.push(v.bytes);
    else if (v === null || typeof v !== 'object') chunks.push(Buffer.from(JSON.stringify(v), 'utf8'));
    else if (Array.isArray(v)) {
      chunks.push(Buffer.from('['));
      v.forEach((item, i) => {
        if (i > 0) chunks.push(Buffer.from(','));
        write(item);
      });
      chunks.push(Buffer.from(']'));
    } else {
      chunks.push(Buffer.from('{'));
      Object.keys(v).forEach((key, i) => {
        chunks.push(Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`, 'utf8'));
        write(v[key] as Body);
      });
      chunks.push(Buffer.from('}'));
    }
  };
  write(value);
  return Buffer.concat(chunks);
}

/** A node of a body and the schema that governs it (undefined under a field the schema does not know). */
export interface Site {
  readonly path: readonly (string | number)[];
  readonly value: Body;
  readonly schema: Schema | undefined;
}

/** Every node of a body, the root first, each with its schema. */
export function sitesOf(value: Body, schema: Schema | undefined): Site[] {
  const sites: Site[] = [];
  const visit = (v: Body, s: Schema | undefined, path: (string | number)[]): void => {
    sites.push({ path, value: v, schema: s });
    if (v instanceof Raw || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((item, i) => visit(item, s?.items, [...path, i]));
    else for (const key of Object.keys(v)) visit(v[key] as Body, s?.properties?.[key], [...path, key]);
  };
  visit(value, schema, []);
  return sites;
}

/** A copy of `root` with the node at `path` replaced (or deleted when `replacement` is undefined). */
export function replaceAt(root: Body, path: readonly (string | number)[], replacement: Body | undefined): Body | undefined {
  if (path.length === 0) return replacement;
  const copy = cloneBody(root);
  let parent = copy as Record<string | number, Body>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Body>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (Array.isArray(parent)) parent[last as number] = replacement;
  else defineKey(parent as Record<string, Body>, String(last), replacement);
  return copy;
}

/** The JSON types a schema allows (`integer` also counts as a number; `nullable` adds `null`). */
export function typesOf(schema: Schema | undefined): readonly string[] {
  if (schema?.type === undefined) return [];
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
  return schema.nullable === true && !types.includes('null') ? [...types, 'null'] : types;
}

/** The JSON type of a generated value, as a schema names it. */
export function jsonTypeOf(value: Body): string {
  if (value === null) return 'null';
  if (value instanceof Raw) return 'raw';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** True when `value` has a JSON type the schema refuses. */
export function violatesType(schema: Schema | undefined, value: Body): boolean {
  const allowed = typesOf(schema);
  if (allowed.length === 0) return false;
  const type = jsonTypeOf(value);
  if (type === 'raw') return false;
  if (type === 'integer') return !allowed.includes('integer') && !allowed.includes('number');
  return !allowed.includes(type);
}
