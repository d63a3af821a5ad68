import type { DataSource, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** One column's conversions: entity value → statement parameter, and row value → entity value. */
interface ColumnCodec {
  readonly column: ColumnMetadata;
  write(entity: ObjectLiteral): unknown;
  read(entity: ObjectLiteral, value: unknown): void;
}

/** Column types whose value the driver passes through as it is, both ways (the `pg` or PGlite type parser has already read it). */
const AS_IS = new Set(['uuid', 'varchar', 'text', 'char', 'integer', 'bigint', 'boolean']);
const TIMESTAMPS = new Set(['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone']);

/**
 * A column's conversions, compiled once. The column types this package maps (plain columns of a
 * flat entity, with at most one transformer) get a direct function that does what TypeORM's
 * Postgres driver does for that type; any other column goes through the driver's generic
 * `preparePersistentValue` / `prepareHydratedValue` and `ColumnMetadata`'s accessors, which walk a
 * chain of type tests on every value (measured in CPU profiles of the server answering `GET` of a
 * transaction: the codec and TypeORM together took 4.4 % of the samples before, 2.6 % after).
 */
function columnCodec(dataSource: DataSource, c: ColumnMetadata): ColumnCodec {
  const driver = dataSource.driver;
  const generic: ColumnCodec = {
    column: c,
    write: (entity) => driver.preparePersistentValue(c.getEntityValue(entity), c),
    read: (entity, value) => c.setEntityValue(entity, driver.prepareHydratedValue(value, c)),
  };
  const type = typeof c.type === 'string' ? c.type : null;
  const flat = c.embeddedMetadata === undefined && c.referencedColumn === undefined && c.relationMetadata === undefined && !c.isArray;
  const transformer = c.transformer === undefined || Array.isArray(c.transformer) ? null : (c.transformer as ValueTransformer);
  if (type === null || !flat || (c.transformer !== undefined && transformer === null)) return generic;
  const key = c.propertyName;
  const to = (value: unknown): unknown => (transformer === null ? value : transformer.to(value));
  const from = (value: unknown): unknown => (transformer === null ? value : transformer.from(value));
  if (AS_IS.has(type)) {
    return {
      column: c,
      write: (entity) => to(entity[key]),
      read: (entity, value) => void (entity[key] = from(value)),
    };
  }
  if (type === 'jsonb' && transformer === null) {
    return {
      column: c,
      write: (entity) => {
        const value: unknown = entity[key];
        return value === null || value === undefined ? value : JSON.stringify(value);
      },
      read: (entity, value) => void (entity[key] = value),
    };
  }
  if (TIMESTAMPS.has(type) && transformer === null) {
    return {
      column: c,
      write: (entity) => {
        const value: unknown = entity[key];
        return value === null || value === undefined || value instanceof Date ? value : driver.preparePersistentValue(value, c);
      },
      read: (entity, value) => void (entity[key] = typeof value === 'string' && value !== '' ? new Date(value) : value),
    };
  }
  return generic;
}

/**
 * Turns entities into statement parameters and rows back into entities, from the entity's own
 * metadata (column names, `jsonb` encoding, transformers), so hand-written SQL cannot drift from
 * the mapped columns. Column lists are built once; values always travel as parameters.
 */
export class EntityCodec<E extends ObjectLiteral> {
  /** The quoted table name. */
  readonly table: string;
  private readonly columns: readonly ColumnMetadata[];
  private readonly codecs: readonly ColumnCodec[];
  /** Columns written on insert (all but database-generated ones), and their codecs. */
  private readonly writable: readonly ColumnMetadata[];
  private readonly writableCodecs: readonly ColumnCodec[];
  private readonly byProperty = new Map<string, ColumnCodec>();
  /** Row keys of each column, by prefix (`''` or `alias.`). */
  private readonly rowKeys = new Map<string, readonly string[]>();
  /** Select lists already built, by alias (`select`) or `as:` + alias (`selectAs`). */
  private readonly selectLists = new Map<string, string>();

  constructor(dataSource: DataSource, target: EntityTarget<E>) {
    const metadata = dataSource.getMetadata(target);
    this.table = `"${metadata.tableName}"`;
    const seen = new Set<string>();
    this.columns = metadata.columns.filter((c) => {
      if (c.isVirtual || seen.has(c.databaseName)) return false;
      seen.add(c.databaseName);
      return true;
    });
    this.codecs = this.columns.map((c) => columnCodec(dataSource, c));
    for (const codec of this.codecs) this.byProperty.set(codec.column.propertyName, codec);
    this.writableCodecs = this.codecs.filter((codec) => !codec.column.isGenerated && codec.column.default === undefined);
    this.writable = this.writableCodecs.map((codec) => codec.column);
  }

  /** Property names of the written columns, in order. */
  get properties(): (keyof E & string)[] {
    return this.writable.map((c) => c.propertyName as keyof E & string);
  }

  /** `"a", "b", …` of the written columns. */
  get insertColumns(): string {
    return this.writable.map((c) => `"${c.databaseName}"`).join(', ');
  }

  /** `$n, $n+1, …` placeholders for the written columns, starting after `offset` parameters. */
  placeholders(offset = 0): string {
    return this.writable.map((_, i) => `$${offset + i + 1}`).join(', ');
  }

  /** Parameter values of the written columns, in order. */
  values(entity: E): unknown[] {
    return this.writableCodecs.map((codec) => codec.write(entity));
  }

  /** The select list of every column, prefixed with `alias.` (dates read as `YYYY-MM-DD` text). */
  select(alias?: string): string {
    const prefix = alias === undefined ? '' : `${alias}.`;
    return this.selectList(prefix, () =>
      this.columns
        .map((c) => (c.type === 'date' ? `${prefix}"${c.databaseName}"::text AS "${c.databaseName}"` : `${prefix}"${c.databaseName}"`))
        .join(', '),
    );
  }

  /**
   * The select list of every column of table alias `alias`, each named `alias.column`, so that a
   * join can select several tables whose column names overlap; read back with {@link decodeAs}.
   */
  selectAs(alias: string): string {
    return this.selectList(`as:${alias}`, () =>
      this.columns
        .map((c) => `${alias}."${c.databaseName}"${c.type === 'date' ? '::text' : ''} AS "${alias}.${c.databaseName}"`)
        .join(', '),
    );
  }

  private selectList(key: string, build: () => string): string {
    let list = this.selectLists.get(key);
    if (list === undefined) {
      list = build();
      this.selectLists.set(key, list);
    }
    return list;
  }

  /** `"a" = $n, …` for an UPDATE of the named properties, starting after `offset` parameters. */
  assignments(properties: readonly (keyof E & string)[], offset: number): string {
    return properties.map((p, i) => `"${this.column(p).databaseName}" = $${offset + i + 1}`).join(', ');
  }

  /** Parameter values of the named properties, in order. */
  valuesOf(entity: E, properties: readonly (keyof E & string)[]): unknown[] {
    return properties.map((p) => this.codecOf(p).write(entity));
  }

  /** An entity from a row selected with {@link select}. */
  decode(row: Record<string, unknown>): E {
    return this.decodeColumns(row, '');
  }

  /** The entity selected with {@link selectAs} under `alias`; null when the join found no row (its key is null). */
  decodeAs(row: Record<string, unknown>, alias: string): E | null {
    const key = this.columns.find((c) => c.isPrimary);
    if (key !== undefined && (row[`${alias}.${key.databaseName}`] ?? null) === null) return null;
    return this.decodeColumns(row, `${alias}.`);
  }

  private decodeColumns(row: Record<string, unknown>, prefix: string): E {
    let keys = this.rowKeys.get(prefix);
    if (keys === undefined) {
      keys = this.columns.map((c) => `${prefix}${c.databaseName}`);
      this.rowKeys.set(prefix, keys);
    }
    const entity = {} as E;
    const codecs = this.codecs;
    for (let i = 0; i < codecs.length; i++) codecs[i]!.read(entity, row[keys[i]!]);
    return entity;
  }

  private codecOf(property: string): ColumnCodec {
    const codec = this.byProperty.get(property);
    if (codec === undefined) throw new Error(`no column for ${property} in ${this.table}`);
    return codec;
  }

  private column(property: string): ColumnMetadata {
    return this.codecOf(property).column;
  }
}
