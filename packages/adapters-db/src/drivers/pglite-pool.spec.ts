import { expectOk, StoreMother } from '@counterpay/core/testing';
import { expect } from 'chai';
import { errAsync, ResultAsync } from 'neverthrow';
import { domainError } from '@counterpay/core';
import { createPglitePersistence, type Persistence } from '../persistence';

describe('PGlite session: one holder at a time', () => {
  let p: Persistence;
  before(async () => {
    p = await createPglitePersistence();
  });
  after(() => p?.close());

  it('keeps concurrent units of work apart: one rolling back never undoes another', async () => {
    const kept = StoreMother.create();
    const dropped = StoreMother.create();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const committing = p.uow.run((r) => r.stores.insert(kept).andThen(() => ResultAsync.fromSafePromise(gate)));
    const rollingBack = p.uow.run((r) => r.stores.insert(dropped).andThen(() => errAsync(domainError('validation.failed', 'no'))));
    setTimeout(release, 50);
    const [a, b] = await Promise.all([committing, rollingBack]);
    expect(a.isOk()).to.equal(true);
    expect(b.isErr()).to.equal(true);
    expect(await p.uow.repositories.stores.findById(kept.id)).to.deep.equal(kept);
    expect(await p.uow.repositories.stores.findById(dropped.id)).to.equal(null);
  });

  it('fails at once, rather than waiting forever, when a unit of work asks for a second connection', async () => {
    const store = StoreMother.create();
    let thrown: unknown = null;
    try {
      await p.uow.run(() => ResultAsync.fromSafePromise(p.uow.repositories.stores.findById(store.id)));
    } catch (e) {
      thrown = e;
    }
    expect(String(thrown)).to.include('asked for a second connection');
    await expectOk(p.uow.repositories.stores.insert(store));
  });
});
