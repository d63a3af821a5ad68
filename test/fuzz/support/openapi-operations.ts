import type { FastifyInstance } from 'fastify';

/** A JSON schema as the OpenAPI document carries it. */
export interface Schema {
  readonly type?: string | readonly string[];
  /** OpenAPI 3.0's way to say `null` is allowed too (how `anyOf: [X, {type: 'null'}]` comes out). */
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly anyOf?: readonly Schema[];
}

/** A path or query parameter of an operation. */
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: Schema;
}

/** One operation of the OpenAPI document, as the generator needs it. */
export interface Operation {
  /** `METHOD /path/{template}`. */
  readonly key: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  readonly path: string;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  /** Media type → schema of the request body; empty when the operation takes none. */
  readonly bodies: Readonly<Record<string, Schema>>;
  /** `bearer`, `customerToken`, or none (public). */
  readonly security: 'bearer' | 'customerToken' | null;
  /** The answer is a `text/event-stream` (it would stay open if the request were accepted). */
  readonly streams: boolean;
  /** Every method the document has for this path (to pick one it has not). */
  readonly methodsOfPath: readonly string[];
}

interface OpenApiOperation {
  readonly parameters?: readonly { name: string; in: string; required?: boolean; schema?: Schema }[];
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly security?: readonly Record<string, unknown>[];
  readonly responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** The OpenAPI document the app serves at `/docs/json`. */
export async function loadOpenApi(app: FastifyInstance): Promise<{ paths: Record<string, Record<string, OpenApiOperation>> }> {
  const response = await app.inject({ method: 'GET', url: '/docs/json' });
  if (response.statusCode !== 200) throw new Error(`GET /docs/json answered ${response.statusCode}`);
  return JSON.parse(response.body);
}

/** Every operation of the document, in document order. */
export function operationsOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    const methodsOfPath = Object.keys(byMethod).map((m) => m.toUpperCase());
    for (const [method, op] of Object.entries(byMethod)) {
      const parameters = (op.parameters ?? []).map((p) => ({
        name: p.name,
        in: p.in as 'path' | 'query',
        required: p.required === true,
        schema: p.schema ?? {},
      }));
      const bodies = Object.fromEntries(Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => [type, media.schema ?? {}]));
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        bodies,
        security: schemes.includes('bearer') ? 'bearer' : schemes.includes('customerToken') ? 'customerToken' : null,
        streams: Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream')),
        methodsOfPath,
      });
    }
  }
  return operations;
}
