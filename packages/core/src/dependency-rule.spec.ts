import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The dependency rule of the hexagon, checked on every build: it fails `npm test` when broken. */
describe('dependency rule of @counterpay/core', () => {
  it('keeps domain and application free of everything but neverthrow and each other', () => {
    const offenders: string[] = [];
    for (const layer of ['domain', 'application', 'ports']) {
      for (const file of sources(join(SRC, layer))) {
        for (const spec of importsOf(file)) {
          const allowed = spec === 'neverthrow' || spec.startsWith('./') || spec.startsWith('../');
          const leavesCore = spec.startsWith('../') && /\.\.\/(testing|adapters)\//.test(spec);
          if (!allowed || leavesCore) offenders.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).to.deep.equal([]);
  });

  it('keeps the domain from importing the application layer or the ports', () => {
    const offenders = sources(join(SRC, 'domain')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /(^|\/)(application|ports)\//.test(spec))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('never imports an adapter, a framework, node:fs, node:net or a database driver anywhere in core', () => {
    const banned =
      /^(@counterpay\/adapters|fastify|@fastify\/|typeorm|pg$|pg-|@electric-sql\/|inversify|express|class-validator|mysql|redis|node:fs|fs$|node:net|net$|node:http|http$)/;
    const offenders = sources(SRC).flatMap((file) =>
      importsOf(file)
        .filter((spec) => banned.test(spec))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('sees the imports it checks (the scan itself works)', () => {
    expect(importsOf(join(SRC, 'application', 'clerk.ts'))).to.include('neverthrow');
    expect(sources(SRC).length).to.be.greaterThan(30);
  });
});
