import { TEST_DATABASE_URL } from '@counterpay/adapters-db/testing';
import { expect } from 'chai';
import { Client } from 'pg';
import { pgCounters, pgWindow } from './pg-activity';

describe('bench: Postgres activity during a window', () => {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): pending');
    return;
  }
  const url = TEST_DATABASE_URL;

  it('counts a checkpoint and the full-page images written after it', async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE TEMP TABLE activity_rows (id int PRIMARY KEY, n int NOT NULL)');
      await client.query('INSERT INTO activity_rows SELECT g, 0 FROM generate_series(1, 2000) AS g');
      const before = await pgCounters(url);
      await client.query('CHECKPOINT');
      // a permanent table: temporary ones write no WAL
      await client.query('CREATE TABLE IF NOT EXISTS bench_activity_rows (id int PRIMARY KEY, n int NOT NULL)');
      await client.query('INSERT INTO bench_activity_rows SELECT g, 0 FROM generate_series(1, 2000) AS g ON CONFLICT DO NOTHING');
      await client.query('CHECKPOINT');
      await client.query('UPDATE bench_activity_rows SET n = n + 1');
      // a backend hands its WAL counts over when it goes idle, at most once a second unless forced
      await client.query('SELECT pg_stat_force_next_flush()');
      await client.query('SELECT 1');
      const after = await pgCounters(url);
      const window = pgWindow(before, after, 2);
      expect(window.checkpointsStarted).to.be.at.least(2);
      // the UPDATE after the checkpoint rewrote pages it first touched whole: at least one image per page
      expect(window.fullPageImagesPerLifecycle * 2).to.be.at.least(5);
      expect(window.walKiBPerLifecycle * 2).to.be.above(40);
    } finally {
      await client.query('DROP TABLE IF EXISTS bench_activity_rows');
      await client.end();
    }
  });
});
