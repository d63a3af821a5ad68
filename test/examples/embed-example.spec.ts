import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('examples/embed-in-merchant-app', function () {
  this.timeout(30_000);
  it('walks F1–F5 and prints totals that agree with the network', () => {
    const out = execFileSync(process.execPath, [join(__dirname, '../../../examples/embed-in-merchant-app/dist/main.js')], {
      encoding: 'utf8',
    });
    for (const flow of ['F1', 'F2', 'F3', 'F4', 'F5']) expect(out).to.include(`\n${flow} `);
    expect(out).to.include('MASTERCARD •••• 4444');
    expect(out).to.include('entry is now collected');
    expect(out).to.match(/by method {2}card\s+sales ¥10,170 \(4\)\s+reversals ¥1,200\s+net ¥8,970/);
    expect(out).to.include('network: captured ¥10,170, refunded ¥1,200');
    expect(out).to.not.include('4242424242424242');
  });
});
