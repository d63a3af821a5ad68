import { TEST_DATABASE_URL } from '@counterpay/adapters-db/testing';
import { expect } from 'chai';
import { call, NoAnswer, type Reply } from './support/api';
import { authorizedTransaction, startCluster, type Cluster } from './support/cluster';

/** Concurrent captures and concurrent voids each; `RACE_REQUESTS` overrides. */
const PER_COMMAND = Number(process.env['RACE_REQUESTS'] ?? 500);

interface Sent {
  readonly command: 'capture' | 'void';
  readonly server: 'A' | 'B';
  readonly reply: Reply | null;
}

/** Fires `PER_COMMAND` captures and as many voids at once, alternating between the two processes. */
async function race(cluster: Cluster, id: string, keys?: { capture: string; void: string }): Promise<Sent[]> {
  const requests = Array.from({ length: PER_COMMAND * 2 }, (_, i) => {
    const command = i % 2 === 0 ? 'capture' : 'void';
    const server = Math.floor(i / 2) % 2 === 0 ? 'A' : 'B';
    return { command, server } as const;
  });
  return Promise.all(
    requests.map(async ({ command, server }) => {
      try {
        const reply = await call(
          server === 'A' ? cluster.a.url : cluster.b.url,
          'POST',
          `/api/v1/stores/demo/transactions/${id}/${command}`,
          {
            token: cluster.clerk,
            body: {},
            timeoutMs: 60_000,
            ...(keys === undefined ? {} : { idempotencyKey: keys[command] }),
          },
        );
        return { command, server, reply };
      } catch (error) {
        if (error instanceof NoAnswer) return { command, server, reply: null };
        throw error;
      }
    }),
  );
}

function tally(sent: readonly Sent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { command, server, reply } of sent) {
    const what =
      reply === null
        ? 'no answer'
        : `${reply.status} ${reply.body?.error?.code ?? reply.body?.status ?? ''}${reply.replayed ? ' (replay)' : ''}`;
    const key = `${command}@${server} ${what}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** What the network applied for one transaction (successful outcomes only). */
async function applied(cluster: Cluster, id: string): Promise<{ captures: number; voids: number }> {
  const entries = await cluster.control.ledger(cluster.storeId);
  const mine = entries.filter((e) => e.reference.startsWith(`${id}:`));
  return {
    captures: mine.filter((e) => e.operation === 'capture' && e.outcome.outcome === 'captured').length,
    voids: mine.filter((e) => e.operation === 'void' && e.outcome.outcome === 'voided').length,
  };
}

describe(`Races over HTTP across two server processes (${PER_COMMAND} captures + ${PER_COMMAND} voids on one authorization)`, function () {
  if (TEST_DATABASE_URL === undefined) {
    it('needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test): skipped');
    return;
  }
  const serverUrl = TEST_DATABASE_URL;
  this.timeout(180_000);
  let cluster: Cluster;

  before(async () => {
    cluster = await startCluster(serverUrl);
  });
  after(() => cluster?.close());

  it('lets exactly one command win; every other answer is a 409, none a 5xx; the network has one capture or one void, never both', async () => {
    const tx = await authorizedTransaction(cluster, 'C11', 1200);

    const sent = await race(cluster, tx.id);

    const counts = tally(sent);
    const winners = sent.filter((s) => s.reply?.status === 200);
    expect(
      sent.filter((s) => s.reply === null),
      JSON.stringify(counts),
    ).to.have.length(0);
    expect(
      sent.filter((s) => (s.reply?.status ?? 0) >= 500),
      JSON.stringify(counts),
    ).to.have.length(0);
    expect(winners, JSON.stringify(counts)).to.have.length(1);
    expect(
      sent.filter((s) => s.reply !== null && s.reply.status !== 200 && s.reply.status !== 409),
      JSON.stringify(counts),
    ).to.have.length(0);
    const winner = winners[0]!;
    const final = await call(cluster.b.url, 'GET', `/api/v1/stores/demo/transactions/${tx.id}`, { token: cluster.clerk });
    expect(final.body.status).to.equal(winner.command === 'capture' ? 'captured' : 'voided');
    expect(winner.reply!.body.status).to.equal(final.body.status);
    expect(await applied(cluster, tx.id)).to.deep.equal(
      winner.command === 'capture' ? { captures: 1, voids: 0 } : { captures: 0, voids: 1 },
    );
    if (winner.command === 'capture') expect(winner.reply!.body.processingNumber).to.match(/^\d{12}$/);
    console.log(`      ${JSON.stringify(counts)}`);
  });

  it('with one Idempotency-Key per command sent to both processes: one fresh winner, the rest in flight, retries replay the first answer, 0 5xx, the network agrees', async () => {
    const tx = await authorizedTransaction(cluster, 'C12', 2400);
    const keys = { capture: `race-capture-${tx.id}`, void: `race-void-${tx.id}` };

    const sent = await race(cluster, tx.id, keys);

    const counts = tally(sent);
    expect(
      sent.filter((s) => s.reply === null),
      JSON.stringify(counts),
    ).to.have.length(0);
    expect(
      sent.filter((s) => (s.reply?.status ?? 0) >= 500),
      JSON.stringify(counts),
    ).to.have.length(0);
    const fresh = sent.filter((s) => s.reply !== null && !s.reply.replayed && s.reply.body?.error?.code !== 'idempotency.in_flight');
    expect(fresh.map((s) => s.command).sort(), 'one first request per key').to.deep.equal(['capture', 'void']);
    const winners = fresh.filter((s) => s.reply!.status === 200);
    expect(winners, JSON.stringify(counts)).to.have.length(1);
    for (const first of fresh) {
      const replays = sent.filter((s) => s.command === first.command && s.reply!.replayed);
      for (const replay of replays) {
        expect(replay.reply!.status).to.equal(first.reply!.status);
        expect(replay.reply!.body).to.deep.equal(first.reply!.body);
      }
    }
    const others = sent.filter((s) => !fresh.includes(s) && !s.reply!.replayed);
    for (const other of others) expect([other.reply!.status, other.reply!.body?.error?.code]).to.deep.equal([409, 'idempotency.in_flight']);

    const again = await race(cluster, tx.id, keys);

    for (const retry of again) {
      const first = fresh.find((s) => s.command === retry.command)!;
      expect(retry.reply?.replayed, `${retry.command}@${retry.server} ${retry.reply?.status}`).to.equal(true);
      expect(retry.reply!.status).to.equal(first.reply!.status);
      expect(retry.reply!.body).to.deep.equal(first.reply!.body);
    }
    const winner = winners[0]!;
    const final = await call(cluster.a.url, 'GET', `/api/v1/stores/demo/transactions/${tx.id}`, { token: cluster.clerk });
    expect(final.body.status).to.equal(winner.command === 'capture' ? 'captured' : 'voided');
    expect(await applied(cluster, tx.id)).to.deep.equal(
      winner.command === 'capture' ? { captures: 1, voids: 0 } : { captures: 0, voids: 1 },
    );
    console.log(`      ${JSON.stringify(counts)}; then ${again.length} retries with the same keys: all replayed`);
  });
});
