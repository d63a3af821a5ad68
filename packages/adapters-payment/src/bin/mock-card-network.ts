#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { err, ok, type Result } from 'neverthrow';
import type { FaultOptions } from '../faults';
import { MockCardNetwork } from '../mock-card-network';
import { parseFaultOptions, parseWireFaultOptions } from '../mock-card-network.protocol';
import { startMockCardNetworkServer } from '../mock-card-network.server';
import type { WireFaultOptions } from '../wire-faults';

const USAGE = `Usage: counterpay-mock-network [--port 4100] [--host 127.0.0.1] [--faults JSON] [--wire-faults JSON] [--settlement-delay-ms N]

Runs the counterpay mock card network as an HTTP service and prints its URL; SIGTERM or SIGINT stops it.
Each option may also come from the environment (an argument wins):
  PORT                               port to listen on (default 4100; 0 picks a free one)
  HOST                               interface to listen on (default 127.0.0.1)
  MOCK_NETWORK_FAULTS                network faults, JSON: {"seed":1,"rate":0.1,"kinds":["timeout","error","lost_response","latency"]}
  MOCK_NETWORK_WIRE_FAULTS           wire faults, JSON: {"seed":2,"rate":0.1,"kinds":["connection_reset","duplicate_answer","slow_answer","http_500","lost_response"]}
  MOCK_NETWORK_SETTLEMENT_DELAY_MS   how long a capture stays unsettled (a refund within it is a void; default 0)`;

interface Config {
  readonly port: number;
  readonly host: string;
  readonly faults: FaultOptions | null;
  readonly wireFaults: WireFaultOptions | null;
  readonly settlementDelayMs: number;
}

function wholeNumber(value: string, name: string, max: number): Result<number, string> {
  const parsed = Number(value);
  return /^\d+$/.test(value) && parsed <= max ? ok(parsed) : err(`${name} must be a whole number within 0..${max}, got ${value}`);
}

function json(value: string | undefined, name: string): Result<unknown, string> {
  if (value === undefined || value.trim() === '') return ok(null);
  try {
    return ok(JSON.parse(value) as unknown);
  } catch {
    return err(`${name} is not valid JSON`);
  }
}

function configOf(argv: readonly string[], env: NodeJS.ProcessEnv): Result<Config | 'help', string> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        faults: { type: 'string' },
        'wire-faults': { type: 'string' },
        'settlement-delay-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return ok('help');
  const port = wholeNumber(values.port ?? env['PORT'] ?? '4100', 'PORT', 65_535);
  if (port.isErr()) return err(port.error);
  const settlementDelayMs = wholeNumber(
    values['settlement-delay-ms'] ?? env['MOCK_NETWORK_SETTLEMENT_DELAY_MS'] ?? '0',
    'MOCK_NETWORK_SETTLEMENT_DELAY_MS',
    Number.MAX_SAFE_INTEGER,
  );
  if (settlementDelayMs.isErr()) return err(settlementDelayMs.error);
  const faults = json(values.faults ?? env['MOCK_NETWORK_FAULTS'], 'MOCK_NETWORK_FAULTS').andThen((value) =>
    parseFaultOptions(value, 'MOCK_NETWORK_FAULTS.'),
  );
  if (faults.isErr()) return err(faults.error);
  const wireFaults = json(values['wire-faults'] ?? env['MOCK_NETWORK_WIRE_FAULTS'], 'MOCK_NETWORK_WIRE_FAULTS').andThen((value) =>
    parseWireFaultOptions(value, 'MOCK_NETWORK_WIRE_FAULTS.'),
  );
  if (wireFaults.isErr()) return err(wireFaults.error);
  return ok({
    port: port.value,
    host: values.host ?? env['HOST'] ?? '127.0.0.1',
    faults: faults.value,
    wireFaults: wireFaults.value,
    settlementDelayMs: settlementDelayMs.value,
  });
}

async function main(): Promise<void> {
  const config = configOf(process.argv.slice(2), process.env);
  if (config.isErr()) {
    console.error(`counterpay-mock-network: ${config.error}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (config.value === 'help') {
    console.log(USAGE);
    return;
  }
  const { port, host, faults, wireFaults, settlementDelayMs } = config.value;
  const server = await startMockCardNetworkServer({
    port,
    host,
    network: new MockCardNetwork({ faults, settlementDelayMs }),
    wireFaults,
  });
  console.log(`counterpay-mock-network listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`counterpay-mock-network: ${signal}, closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('counterpay-mock-network: close failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('counterpay-mock-network: could not start', error);
  process.exitCode = 1;
});
