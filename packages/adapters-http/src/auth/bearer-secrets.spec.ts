import { expect } from 'chai';
import { bearerOf, secretMatcher, storeIdOfCredential } from './bearer-secrets';

describe('Bearer secrets', () => {
  it('secretMatcher accepts the secret only, whatever the length of a near miss', () => {
    const secret = 'admin-token-0123456789abcdefghij';
    const isSecret = secretMatcher(secret);
    expect(isSecret(secret)).to.equal(true);
    for (const miss of ['', secret.slice(0, -1), `${secret}x`, secret.toUpperCase(), ` ${secret}`, secret.replace('0', 'O')]) {
      expect(isSecret(miss), JSON.stringify(miss)).to.equal(false);
    }
  });

  it('reads the token of an Authorization header and the store of a store credential', () => {
    expect(bearerOf('Bearer abc.def')).to.equal('abc.def');
    expect(bearerOf('bearer   abc')).to.equal('abc');
    expect(bearerOf('Basic abc')).to.equal(null);
    expect(bearerOf(undefined)).to.equal(null);
    expect(storeIdOfCredential('store-1.secret')).to.equal('store-1');
    expect(storeIdOfCredential('.secret')).to.equal(null);
    expect(storeIdOfCredential('nodot')).to.equal(null);
  });
});
