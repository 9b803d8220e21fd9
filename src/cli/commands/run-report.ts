/**
 * What a run prints: the scenario in one line before it starts, the progress line of a TCP run,
 * the table of machines and totals at the end (or one JSON document), and where its logs went.
 */
import { describeLatency } from '../../../transports/latency.js';
import { commandToType } from '../../common/command-to-type.js';
import { secondsText } from '../../common/number-text.js';
import { renderTable } from '../../common/text-table.js';
import type { Manifest, TcpOverhead } from '../../logs/manifest.js';
import { mostMessagesWaiting } from '../../logs/queue-max.js';
import type { TcpProgress } from '../../run/tcp-run.js';
import type { RunOutcome } from '../../run/virtual-run.js';
import { describeRateSource, type ResolvedScenario, toRunConfig } from '../../scenario/resolve.js';
import type { RunOptions } from './run-options.js';
import { type RepeatBase, repeatCommand, replaceCommand } from './run-repeat.js';

/** The TCP launcher's progress line: time left, events and queue length per machine. */
export function tcpProgressText(state: TcpProgress): string {
  if (!state.started) return 'tcp: machines connecting ...';
  const leftSec = Math.max(0, (state.durationMs - state.elapsedMs) / 1000);
  if (state.machines.length > 8) {
    // One line cannot hold dozens of machines: totals, the longest queue and who died.
    const events = state.machines.reduce((total, machine) => total + machine.events, 0);
    const queueMax = Math.max(...state.machines.map((machine) => machine.queueLength));
    const dead = state.machines.filter((machine) => !machine.alive).length;
    return `tcp: ${leftSec.toFixed(0)} s left  events ${events}  longest queue ${queueMax}${dead > 0 ? `  ${dead} machine(s) down` : ''}`;
  }
  const events = state.machines
    .map((machine) => (machine.alive ? machine.events : `${machine.events}✗`))
    .join('/');
  const queues = state.machines.map((machine) => machine.queueLength).join('/');
  return `tcp: ${leftSec.toFixed(0)} s left  events ${events}  queues ${queues}`;
}

export function describeScenario(scenario: ResolvedScenario, options: RunOptions): string {
  const drawn = scenario.ratesDrawnFrom;
  const rates = `rates ${listOrRange(scenario.rates)}${drawn === null ? '' : ` (drawn from ${describeRateSource(drawn)})`}`;
  const latency =
    options.mode === 'tcp'
      ? `real TCP on ${options.host} (${options.topology}; the scenario's latency model does not apply)`
      : describeLatency(toRunConfig(scenario).latency);
  const fifo = scenario.fifo && options.mode !== 'tcp' ? ', FIFO channels' : '';
  const faults =
    scenario.faults === undefined ? '' : `; faults: ${faultKindsText(scenario.faults)}`;
  return (
    `${scenario.machines} machines, ${rates}, internal probability ${scenario.internalProbability}, ` +
    `latency ${latency}${fifo}, ${scenario.durationSec} s of ${options.mode === 'tcp' ? 'wall' : 'model'} time${faults}`
  );
}

/** `loss, crash, restart` for the list's kinds in order; `loss ×2` for a kind given twice. */
function faultKindsText(faults: readonly { readonly kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const fault of faults) counts.set(fault.kind, (counts.get(fault.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => (n === 1 ? kind : `${kind} ×${n}`)).join(', ');
}

/** Machines listed one per row in the end-of-run table; more are elided. */
const machineRowsMax = 20;

/** Rates as a list, or as their range and mean when the list is too long to read. */
function listOrRange(values: readonly number[]): string {
  if (values.length <= 12) return `${values.join(', ')} Hz`;
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return `${Math.min(...values)}..${Math.max(...values)} Hz (mean ${mean.toFixed(3)})`;
}

export function runReport(manifest: Manifest, wallSec: number): string {
  const header = [
    'machine',
    'rate Hz',
    'internal',
    'send',
    'receive',
    'final clock',
    'max jump',
    'max queue',
    'final queue',
  ];
  // Thousands of machines would bury the summary: show the first and the last few.
  const shown =
    manifest.machines.length <= machineRowsMax
      ? manifest.machines
      : [
          ...manifest.machines.slice(0, machineRowsMax / 2),
          ...manifest.machines.slice(-machineRowsMax / 2),
        ];
  const rows = shown.map((machine) => [
    machine.id,
    machine.rateHz,
    machine.events.internal,
    machine.events.send,
    machine.events.receive,
    machine.finalClock,
    machine.clockJumpMax,
    mostMessagesWaiting(machine),
    machine.queuedAtEnd,
  ]);
  // A TCP run measures its length in µs (4.400435 s): milliseconds are plenty to read.
  const modelSec = secondsText(manifest.durationUs / 1e6);
  const status = manifest.completed
    ? ''
    : '  STOPPED EARLY (Ctrl-C or SIGTERM): the logs hold the run so far';
  const { messages } = manifest;
  const hidden = manifest.machines.length - shown.length;
  return [
    '',
    renderTable(header, rows),
    ...(hidden > 0
      ? [
          `(machines ${machineRowsMax / 2}..${manifest.machines.length - machineRowsMax / 2 - 1} not shown: see manifest.json or \`${commandToType('analyze <run-dir>')}\`)`,
        ]
      : []),
    '',
    `${manifest.events} events in ${modelSec} s of ${manifest.mode === 'tcp' ? 'real' : 'model'} time (${wallSec.toFixed(2)} s wall)${status}`,
    `messages: ${messages.sent} sent, ${messages.received} received, ${messages.queuedAtEnd} still queued, ` +
      `${messages.inFlightAtEnd} in flight at the end` +
      (messages.undeliverable === undefined ? '' : `, ${messages.undeliverable} undeliverable`) +
      (messages.lost === undefined ? '' : `, ${messages.lost} lost with failed machines`) +
      faultMessagesText(messages),
    ...faultsReport(manifest),
    ...tcpReport(manifest),
  ].join('\n');
}

/** A run with faults: the copies they made and dropped (the ledger's other terms). */
function faultMessagesText(messages: Manifest['messages']): string {
  const { duplicated, dropped, droppedBy } = messages;
  if (duplicated === undefined || dropped === undefined || droppedBy === undefined) return '';
  const reasons = `loss ${droppedBy.loss}, partition ${droppedBy.partition}, crash ${droppedBy.crash}`;
  return `, ${duplicated} duplicated, ${dropped} dropped (${reasons})`;
}

/** A run with faults: each fault and how often it fired (its faults.csv rows). */
function faultsReport(manifest: Manifest): string[] {
  if (manifest.faults === undefined) return [];
  const fired = manifest.faults.map((fault) => `${fault.kind} ${fault.fired}`).join(', ');
  return [`faults, actions each took: ${fired}`];
}

/** TCP runs: what the real clocks and network did, per machine, and any failures. */
function tcpReport(manifest: Manifest): string[] {
  const tcp = manifest.tcp;
  if (tcp === undefined) return [];
  const lines = tcp.machines.map((machine) => {
    const { lateness } = machine;
    const undeliverable = manifest.machines[machine.id]?.undeliverableAtEnd ?? 0;
    // A killed machine's ticks come from its log, and were due only while it was alive.
    const until =
      machine.failure === null
        ? ''
        : ` until it failed at ${(machine.failure.atMs / 1000).toFixed(3)} s`;
    return (
      `machine ${machine.id}: ${machine.ticksMade}/${machine.ticksExpected} ticks${until}, ` +
      `${machine.achievedRateHz} Hz achieved, lateness p50 ${lateness.p50Ms} ms p99 ${lateness.p99Ms} ms ` +
      `max ${lateness.maxMs} ms, ${undeliverable} undeliverable to it, ` +
      `${machine.badConnections.count} bad connections`
    );
  });
  for (const machine of tcp.machines) {
    if (machine.failure !== null) {
      lines.push(
        `machine ${machine.id} FAILED at ${(machine.failure.atMs / 1000).toFixed(3)} s: ${machine.failure.reason}`,
      );
    }
  }
  return [
    '',
    `tcp (${tcp.topology} on ${tcp.host}), set-up ${tcp.setupMs} ms:`,
    ...overheadReport(tcp.overhead),
    ...lines,
  ];
}

/** The launcher's overhead: set-up taken apart, then per machine process (see the README). */
function overheadReport(overhead: TcpOverhead | undefined): string[] {
  if (overhead === undefined) return [];
  const rss = overhead.peakRssMbPerMachine;
  const rssText =
    rss === null ? 'peak RSS not reported' : `peak RSS ${rss.median} MB (max ${rss.max} MB)`;
  return [
    `set-up: ${overhead.setupMsPerMachine} ms per machine; start-up ${overhead.startupPhaseMs} ms ` +
      `(fork loop ${overhead.forkLoopMs} ms), connections ${overhead.connectPhaseMs} ms, ` +
      `start delay ${overhead.startDelayMs} ms`,
    `per machine process, median (max): start-up ${overhead.startupMsPerMachine.median} ms ` +
      `(${overhead.startupMsPerMachine.max} ms), connections ${overhead.connectMsPerMachine.median} ms ` +
      `(${overhead.connectMsPerMachine.max} ms), ${rssText}; launcher peak RSS ${overhead.launcherPeakRssMb} MB`,
  ];
}

export function whereLogsWent(outcome: RunOutcome, repeat: RepeatBase): string {
  if (outcome.outDir === null)
    return `no logs written (--no-logs); repeat: ${repeatCommand(repeat)}`;
  const count = outcome.manifest.machines.length;
  const faults = outcome.manifest.faults === undefined ? '' : ', faults.csv';
  return (
    `logs: ${outcome.outDir}/ (machine-0.csv .. machine-${count - 1}.csv${faults}, manifest.json, summary.json); ` +
    // Into the same directory, which now holds this run: without --force the repeat is refused.
    `repeat: ${replaceCommand(repeat)}`
  );
}

export function runJson(outcome: RunOutcome): unknown {
  const { manifest } = outcome;
  return {
    seed: manifest.scenario.seed,
    scenario: manifest.scenario.name,
    completed: manifest.completed,
    durationSec: manifest.durationUs / 1e6,
    events: manifest.events,
    messages: manifest.messages,
    machines: manifest.machines,
    runDir: outcome.outDir,
  };
}
