/**
 * Goal: a restarted TCP machine that a stop reaches before it rejoins the run still logs its
 * restart row (the launcher has written the restart into faults.csv and the manifest), keeps the
 * copies its restart took over as queued, and makes no tick. Method: one TcpMachine in this
 * process, its state file written as its killed process would have, stopped while it waits for
 * the router's address and while its connection to the router is refused (a real loopback port
 * that nothing listens on, hence *.process.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import {
  type MachineControl,
  type MachineReport,
  type PeerAddress,
  runTcpMachine,
} from '../../../transports/tcp/machine.js';
import { writeMachineState } from '../../../transports/tcp/machine-state.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { type RecordedEvent, recordingSink } from '../../helpers/memory-run.js';
import { within } from '../../helpers/waiting.js';

const seed = 4;
const internal = { numerator: 1, denominator: 2 };

/** A loopback port nothing listens on (taken from the OS, then let go): a connect is refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('a restarted TcpMachine stopped before it rejoins the run', () => {
  // The launcher writes a restart into faults.csv (and the manifest's restarts) as it starts the
  // process, at the restart's time; a Ctrl-C while that process is still coming up stops it
  // before it rejoins. The machine's own log must still hold the restart row, or check fails a
  // run with nothing wrong in it (rule 10: machines[1].restarts).
  const restartAtUs = 2_000_000;

  async function stoppedRestart(
    peers: () => Promise<readonly PeerAddress[]>,
  ): Promise<{ recorded: RecordedEvent[]; report: MachineReport }> {
    const statesDir = mkdtempSync(join(tmpdir(), 'lamport-lab-restart-stop-'));
    try {
      const statePath = join(statesDir, 'machine-1.state.json');
      // What its killed process persisted: 3 events, clock 5, one copy kept in its queue.
      writeMachineState(statePath, { seq: 3, clock: 5, actionDraws: 2, queue: [[0, 2, 4]] });
      const recorded: RecordedEvent[] = [];
      let stop: () => void = () => {};
      const control: MachineControl = {
        // The stop comes as soon as the process is up: before or while it rejoins.
        listening: () => setImmediate(() => stop()),
        peers,
        started: () => {
          throw new Error('a machine stopped before it rejoined never starts');
        },
        progress: () => {},
        onStop: (handler) => {
          stop = handler;
        },
      };
      const report = await within(
        runTcpMachine(
          {
            machineId: 1,
            machineCount: 2,
            rateHz: 2,
            internalProbability: internal,
            seed,
            durationMs: 10_000,
            runId: 'restart-stop',
            token: 'token',
            listenHost: '127.0.0.1',
            listenPort: 0,
            topology: 'router',
            faults: {
              rateSteps: [],
              crashAtUs: null,
              pausedToEndFromUs: null,
              pauseStartsUs: [],
              statePath,
              restart: {
                atUs: restartAtUs,
                clock: { kind: 'persisted' },
                inbox: 'keep',
                startEpochMs: 1_700_000_000_000,
              },
            },
          },
          control,
          { sink: recordingSink(recorded), rngFor: seededRngFactory(seed), clock: new FakeClock() },
        ),
        10_000,
        'the stopped restart ended',
      );
      return { recorded, report };
    } finally {
      rmSync(statesDir, { recursive: true, force: true });
    }
  }

  function expectRestartRowOnly(recorded: RecordedEvent[], report: MachineReport): void {
    expect(
      recorded.map(({ timeUs, event }) => [timeUs, event.kind, event.seq, event.clock]),
    ).toEqual([[restartAtUs, 'restart', 4, 5]]);
    expect(report.completed).toBe(false);
    expect(report.ticksMade).toBe(0);
    // The kept copy is still queued: the restart took it over.
    expect(report.queuedAtEnd).toBe(1);
  }

  it('logs its restart row when stopped while waiting for the router’s address', async () => {
    const { recorded, report } = await stoppedRestart(() => new Promise(() => {}));
    expectRestartRowOnly(recorded, report);
  });

  it('logs its restart row when stopped while its connection to the router is refused', async () => {
    const port = await refusedPort();
    const { recorded, report } = await stoppedRestart(async () => [
      { id: 2, host: '127.0.0.1', port },
    ]);
    expectRestartRowOnly(recorded, report);
  });
});
