import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import type { DataSource, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { pgliteDataSource } from '../drivers/data-sources';
import type { PgliteHandle } from '../drivers/pglite-pool';
import { SessionLock } from '../drivers/session.lock';
import { EntityCodec } from './entity.codec';

/** Values a column of `type` may hold in an entity (the first ones) and arrive as from a driver (`raw`). */
function samples(c: ColumnMetadata): { entity: unknown[]; raw: unknown[] } {
  const type = typeof c.type === 'string' ? c.type : String(c.type);
  const nulls = [null, undefined];
  switch (type) {
    case 'timestamptz':
      return {
        entity: [new Date('2026-12-04T10:11:12.345Z'), new Date(-62_198_755_200_000), '2026-01-02T03:04:05Z', ...nulls],
        raw: [new Date('2026-12-04T10:11:12.345Z'), '2026-12-04 19:11:12.345+09', '', ...nulls],
      };
    case 'date':
      return { entity: ['2026-12-04', new Date('2026-12-04T00:00:00Z'), ...nulls], raw: ['2026-12-04', ...nulls] };
    case 'jsonb':
      return { entity: [{ a: 1, b: [true, 'x'] }, [], 'text', 0, ...nulls], raw: [{ a: 1 }, [1, 2], 'text', ...nulls] };
    case 'bigint':
      return { entity: [0, 1200, Number.MAX_SAFE_INTEGER, ...nulls], raw: ['0', '1200', '9007199254740991', 12, ...nulls] };
    case 'integer':
      return { entity: [0, -3, 42, ...nulls], raw: [0, -3, 42, ...nulls] };
    case 'boolean':
      return { entity: [true, false, ...nulls], raw: [true, false, ...nulls] };
    default:
      return { entity: ['', 'C11', '0f8fad5b-d9cb-469f-a165-70867728950e', ...nulls], raw: ['', 'C11', ...nulls] };
  }
}

/** What TypeORM's own driver and column metadata make of the same values (the reference). */
const generic = {
  write: (ds: DataSource, c: ColumnMetadata, entity: ObjectLiteral) => ds.driver.preparePersistentValue(c.getEntityValue(entity), c),
  read: (ds: DataSource, c: ColumnMetadata, value: unknown) => {
    const entity = {};
    c.setEntityValue(entity, ds.driver.prepareHydratedValue(value, c));
    return entity;
  },
};

describe('EntityCodec: its compiled column conversions', () => {
  let db: PGlite;
  let dataSource: DataSource;

  before(async () => {
    db = await PGlite.create();
    const handle: PgliteHandle = { db, lock: new SessionLock() };
    dataSource = pgliteDataSource(handle);
    await dataSource.initialize();
  });

  after(async () => {
    await dataSource.destroy();
    await db.close();
  });

  it("write and read every column of every entity as TypeORM's Postgres driver does", () => {
    let checked = 0;
    for (const metadata of dataSource.entityMetadatas) {
      const codec = new EntityCodec<ObjectLiteral>(dataSource, metadata.target);
      const columns = metadata.columns.filter((c) => !c.isVirtual);
      for (const property of codec.properties) {
        const c = metadata.findColumnWithPropertyName(property)!;
        for (const value of samples(c).entity) {
          const entity = { [property]: value };
          const [fast] = codec.valuesOf(entity, [property]);
          expect(fast, `${metadata.tableName}.${c.databaseName} ← ${String(value)}`).to.deep.equal(generic.write(dataSource, c, entity));
        }
      }
      for (const c of columns) {
        for (const value of samples(c).raw) {
          const decoded = codec.decode({ [c.databaseName]: value });
          expect(decoded[c.propertyName], `${metadata.tableName}.${c.databaseName} → ${String(value)}`).to.deep.equal(
            generic.read(dataSource, c, value)[c.propertyName as keyof object],
          );
          checked += 1;
        }
      }
    }
    expect(checked, 'values checked').to.be.greaterThan(400);
  });

  it('reads a joined row under its alias, and a missing joined row as null', () => {
    const metadata = dataSource.entityMetadatas.find((m) => m.tableName === 'counters')!;
    const codec = new EntityCodec<ObjectLiteral>(dataSource, metadata.target);
    const row: Record<string, unknown> = {};
    for (const c of metadata.columns) row[`c.${c.databaseName}`] = samples(c).raw[0];
    const decoded = codec.decodeAs(row, 'c')!;
    for (const c of metadata.columns)
      expect(decoded[c.propertyName]).to.deep.equal(generic.read(dataSource, c, samples(c).raw[0])[c.propertyName as never]);
    const missing = Object.fromEntries(Object.keys(row).map((key) => [key, null]));
    expect(codec.decodeAs(missing, 'c')).to.equal(null);
  });
});
