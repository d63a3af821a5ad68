import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Turns entities into statement parameters and rows back into entities, from the entity's own
 * metadata (column names, `jsonb` encoding, transformers), so hand-written SQL cannot drift from
 * the mapped columns. Column lists are built once; values always travel as parameters.
 */
export class EntityCodec<E extends ObjectLiteral> {
  /** The quoted table name. */
  readonly table: string;
  private readonly columns: readonly ColumnMetadata[];
  /** Select lists already built, by alias (`select`) or `as:` + alias (`selectAs`). */
  private readonly selectLists = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    target: EntityTarget<E>,
  ) {
    const metadata = dataSource.getMetadata(target);
    this.table = `"${metadata.tableName}"`;
    const seen = new Set<string>();
    this.columns = metadata.columns.filter((c) => {
      if (c.isVirtual || seen.has(c.databaseName)) return false;
      seen.add(c.databaseName);
      return true;
    });
  }

  /** Columns written on insert (all but database-generated ones). */
  private get writable(): readonly ColumnMetadata[] {
    return this.columns.filter((c) => !c.isGenerated && c.default === undefined);
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
    return this.writable.map((c) => this.dataSource.driver.preparePersistentValue(c.getEntityValue(entity), c));
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
    return properties.map((p) => {
      const c = this.column(p);
      return this.dataSource.driver.preparePersistentValue(c.getEntityValue(entity), c);
    });
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
    const entity = {} as E;
    for (const c of this.columns) {
      c.setEntityValue(entity, this.dataSource.driver.prepareHydratedValue(row[`${prefix}${c.databaseName}`], c));
    }
    return entity;
  }

  private column(property: string): ColumnMetadata {
    const c = this.columns.find((col) => col.propertyName === property);
    if (c === undefined) throw new Error(`no column for ${property} in ${this.table}`);
    return c;
  }
}
