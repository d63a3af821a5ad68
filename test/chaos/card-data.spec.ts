import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { luhnValid, scanForCardData, type KnownNumbers } from './card-scan';
import { CHAOS_DATABASE_URL, ciCrashRun } from './support/ci-run';

const NOTHING_KNOWN: KnownNumbers = {
  referenceTimestamps: new Set(),
  processingNumbers: new Set(),
  productBarcodes: new Set(),
  migrationTimestamps: new Set(),
};

describe('Card data at rest and in logs after the crash run', function () {
  describe('the scanner', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'counterpay-scan-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const scan = (text: string, known: KnownNumbers = NOTHING_KNOWN) => {
      const path = join(dir, 'sample.txt');
      writeFileSync(path, text);
      return scanForCardData([{ name: 'sample', path }], known, []);
    };

    it('finds a Luhn-valid card number, plain or grouped, and a "cvc" with a value, and reports them masked', () => {
      const report = scan('{"note":"paid with 5555 5555 5555 4444"} card=4000000000000002 {"card":{"cvc": "123"}}');

      expect(report.findings.map((f) => f.kind)).to.deep.equal(['card_number', 'card_number', 'cvc']);
      expect(report.findings[0]!.masked).to.equal('555555…4444 (16 digits)');
      expect(JSON.stringify(report)).not.to.include('4000000000000002');
    });

    it('excludes only the known numbers that pass Luhn by chance, and says which; decimals and UUIDs are no digit runs', () => {
      const reference = '20261121030005';
      expect(luhnValid(reference)).to.equal(true);
      const report = scan(
        `{"level":30,"time":1795283611576,"reference":"${reference}-7QK2MZ","responseTime":79.7179779999999,"id":"09576339-8488-4107-9c36-c43aee7151f3"} 4901234567894 ${reference}`,
        { ...NOTHING_KNOWN, referenceTimestamps: new Set([reference]), productBarcodes: new Set(['4901234567894']) },
      );

      expect(report.findings).to.deep.equal([]);
      expect(Object.fromEntries(report.exclusions.map((e) => [e.reason, e.count]))).to.deep.equal({
        'reference timestamp': 2,
        'log time (epoch ms)': 1,
        'product barcode': 1,
      });
    });

    it("does not take the logger's redaction mark for a CVC", () => {
      const report = scan('{"cvc":"[redacted]"}');

      expect(report.findings).to.deep.equal([]);
      expect(report.redactedCvcKeys).to.equal(1);
    });
  });

  describe("the dump of the crash run's database and every process log", function () {
    if (CHAOS_DATABASE_URL === undefined) {
      it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
      return;
    }
    const serverUrl = CHAOS_DATABASE_URL;
    this.timeout(16 * 60_000);

    it("hold no full card number and no CVC (the vault is in the network process's memory only)", async () => {
      const report = await ciCrashRun(serverUrl);

      expect(report.cardScan).not.to.equal(null);
      expect(report.cardScan!.files.map((f) => f.name)).to.deep.equal(['database dump', 'server.log', 'network.log']);
      expect(report.cardScan!.files[0]!.bytes).to.be.greaterThan(10_000);
      expect(report.cardScan!.findings).to.deep.equal([]);
    });
  });
});
