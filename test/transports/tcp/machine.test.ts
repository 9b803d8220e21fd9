/**
 * Goal: the TCP machine is the virtual driver with another clock and network. Its ticks come at
 * the virtual tick times, its actions from the random streams of the factory it is given, and
 * its step → record → route is the shared one: two machines on loopback, under a fake clock that
 * lets every message arrive before the next instant, make exactly the events of a virtual run of
 * the same scenario with zero latency. Method: two TcpMachines in this process, real sockets,
 * a FakeClock moved instant by instant (with a pause for the sockets between instants).
 */
import { describe, expect, it } from 'vitest';
import { TickSchedule } from '../../../core/tick-schedule.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import {
  type MachineControl,
  type MachineReport,
  type PeerAddress,
  runTcpMachine,
  type TcpMachineFaults,
} from '../../../transports/tcp/machine.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  makeConfig,
  type RecordedEvent,
  recordingSink,
  runInMemory,
} from '../../helpers/memory-run.js';
import { waitFor, within } from '../../helpers/waiting.js';

const ratesHz = [4, 3];
/** A seed whose run has each machine receive (a message crossed the network both ways). */
const seed = 4;
const internal = { numerator: 1, denominator: 2 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every instant at which some machine ticks within `durationUs`, ascending. */
function tickInstantsUs(durationUs: number): number[] {
  const instants = new Set<number>();
  for (const rateHz of ratesHz) {
    const schedule = new TickSchedule(rateHz * 1000);
    for (let timeUs = schedule.advance(); timeUs <= durationUs; timeUs = schedule.advance())
      instants.add(timeUs);
  }
  return [...instants].sort((a, b) => a - b);
}

interface Pair {
  readonly clock: FakeClock;
  readonly runs: Promise<MachineReport>[];
  readonly recorded: RecordedEvent[][];
  readonly streams: string[][];
  /** The monotonic ms of the run's start, once both machines have started. */
  readonly startMs: number;
  /** Machine id → its SIGCONT listeners (what a real process's `process.on('SIGCONT')` calls). */
  readonly continueListeners: (() => void)[][];
}

/** Two machines on loopback under one fake clock, started; `faultsOf` gives each its faults. */
async function startPair(faultsOf: (id: number) => TcpMachineFaults | undefined): Promise<Pair> {
  const clock = new FakeClock();
  const ports: number[] = [0, 0];
  const started: number[] = [];
  const streams: string[][] = [[], []];
  const recorded: RecordedEvent[][] = [[], []];
  const continueListeners: (() => void)[][] = [[], []];
  const bothListening = waitFor(() => ports.every((port) => port !== 0), 10_000, 'listening');
  const runs: Promise<MachineReport>[] = ratesHz.map((rateHz, id) => {
    const control: MachineControl = {
      listening: (port) => {
        ports[id] = port;
      },
      peers: async (): Promise<PeerAddress[]> => {
        await bothListening;
        const other = 1 - id;
        return [{ id: other, host: '127.0.0.1', port: ports[other] as number }];
      },
      started: (startEpochMs) => started.push(startEpochMs),
      progress: () => {},
      onStop: () => {},
    };
    const rngFor = seededRngFactory(seed);
    const faults = faultsOf(id);
    return runTcpMachine(
      {
        machineId: id,
        machineCount: 2,
        rateHz,
        internalProbability: internal,
        seed,
        durationMs: 1000,
        runId: 'fake-clock',
        token: 'token',
        listenHost: '127.0.0.1',
        listenPort: 0,
        topology: 'mesh',
        ...(faults === undefined ? {} : { faults }),
      },
      control,
      {
        sink: recordingSink(recorded[id] as RecordedEvent[]),
        rngFor: (stream) => {
          streams[id]?.push(stream);
          return rngFor(stream);
        },
        clock,
        onContinue: (listener) => {
          continueListeners[id]?.push(listener);
          return () => {
            const listeners = continueListeners[id] as (() => void)[];
            listeners.splice(listeners.indexOf(listener), 1);
          };
        },
      },
    );
  });
  await waitFor(() => started.length === 2, 10_000, 'both started');
  // Machine 0 fixed the start 300 ms ahead on the shared clock; tick k is k / rate after it.
  expect(started[0]).toBe(clock.epochMs() + 300);
  return { clock, runs, recorded, streams, startMs: clock.nowMs() + 300, continueListeners };
}

/** Moves the clock instant by instant up to `untilUs`, letting the sockets carry each instant's sends. */
async function tickUntil(pair: Pair, fromUs: number, untilUs: number): Promise<void> {
  for (const instantUs of tickInstantsUs(untilUs)) {
    if (instantUs < fromUs) continue;
    // The machines' own deadline arithmetic, so that both of an instant's ticks are reached.
    pair.clock.advanceTo(pair.startMs + instantUs / 1000);
    await sleep(150);
  }
}

describe('TcpMachine under a fake clock', () => {
  it('makes the virtual run’s events, at its tick times, from the streams it is given', async () => {
    const pair = await startPair(() => undefined);
    await tickUntil(pair, 0, 1_000_000);
    pair.clock.advanceBy(100);
    const reports = await within(Promise.all(pair.runs), 10_000, 'both machines ended');
    expect(pair.streams).toEqual([['machine/0/actions'], ['machine/1/actions']]);
    expect(reports.map((report) => [report.completed, report.ticksMade])).toEqual([
      [true, 4],
      [true, 3],
    ]);
    const virtual = runInMemory(
      makeConfig({ seed, ratesHz, internal, durationSec: 1, latency: { kind: 'constant', us: 0 } }),
    );
    for (const id of [0, 1]) {
      const kinds = pair.recorded[id]?.map((recordedEvent) => recordedEvent.event.kind);
      expect(kinds, `machine ${id}`).toContain('receive');
      const expected = virtual.events.filter((event) => event.machineId === id);
      expect(pair.recorded[id], `machine ${id}`).toEqual(expected);
    }
  });

  it('holds the ticks that come after a pause began until its SIGCONT, when the SIGSTOP is late', async () => {
    // Machine 0 (4 Hz: 250, 500, 750, 1000 ms) pauses at 400 ms; its SIGSTOP never lands here
    // (as one that lands late), so its ticks at 500 and 750 ms run while it should be stopped.
    const pauseFaults: TcpMachineFaults = {
      rateSteps: [],
      crashAtUs: null,
      pausedToEndFromUs: null,
      pauseStartsUs: [400_000],
      statePath: null,
      restart: null,
    };
    const pair = await startPair((id) => (id === 0 ? pauseFaults : undefined));
    await tickUntil(pair, 0, 800_000);
    const timesMs = () => (pair.recorded[0] ?? []).map((recorded) => recorded.timeUs / 1000);
    expect(timesMs()).toEqual([250]);
    // The SIGCONT at 900 ms: both held ticks run then, in their order; the next on its grid.
    pair.clock.advanceTo(pair.startMs + 900);
    for (const listener of [...(pair.continueListeners[0] ?? [])]) listener();
    expect(timesMs()).toEqual([250, 900, 900]);
    await tickUntil(pair, 800_001, 1_000_000);
    pair.clock.advanceBy(100);
    const reports = await within(Promise.all(pair.runs), 10_000, 'both machines ended');
    expect(timesMs()).toEqual([250, 900, 900, 1000]);
    expect(reports[0]?.ticksMade).toBe(4);
  });
});
