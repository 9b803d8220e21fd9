/**
 * Hand-made faults on a real fault-free run (trial4, seed 1004, 10 s; see copied-run.ts): a
 * faults.csv written with the writer's own faultRowLine, and the manifest's additions of issue 18
 * (`scenario.faults` resolved, `faults` with each fault's fired count). The logs stay as the run
 * wrote them, so only what reads faults.csv can tell this run from the fault-free one: the
 * pictures, the analysis and the exports are tested on it before the driver makes real ones.
 * (analyze, plot and report re-run a short run's scenario from its manifest and would refuse
 * these faults, which the fault-free logs do not show: tests call them without the re-run.)
 *
 * The faults, by index (times in the run's own timeline: machine 0 sends 0-8 at 2666.666 ms to 1
 * and 2, 0-9 at 3000 ms to 2; machine 1 sends 1-4 at 2000 ms to 2):
 *   0 partition 0 | 1+2 over 4-6 s            3 restart machine 1 at 7.2 s, reset (14 → 0)
 *   1 loss p 0.5: drops 0-9 (to 2) at 3 s       4 pause machine 2 over 2.5-3.5 s (1 missed tick)
 *   2 crash machine 1 at 5.2 s, inbox drop      5 corrupt-clock machine 0 add 1000000: 0-8 to 2
 *   6 duplicate p 0.1: 1-4 to 2                 7 delay 500 ms: 1-4 to 2
 *   8 rate machine 0 at 9 s, 3 → 1 Hz            9 loss p 0 (never fires)
 * and the crash drops the copy of 0-18 (sent at 6000 ms to 1 and 2) that arrives at machine 1,
 * down, at 6 s.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probabilityToFraction } from '../../core/index.js';
import { faultRowLine, faultsFileName, faultsHeaderLine } from '../../src/logs/faults-format.js';
import { type FaultConfig, type FaultEvidence, openEndUs } from '../../transports/fault-config.js';

const all = [0, 1, 2];
const link = { from: all, to: all, atUs: 0, untilUs: openEndUs };

export const fixtureFaults: readonly FaultConfig[] = [
  {
    index: 0,
    stream: 'fault/a0',
    kind: 'partition',
    groups: [[0], [1, 2]],
    oneWay: false,
    atUs: 4_000_000,
    untilUs: 6_000_000,
  },
  { index: 1, stream: 'fault/a1', kind: 'loss', p: probabilityToFraction(0.5), ...link },
  { index: 2, stream: 'fault/a2', kind: 'crash', machine: 1, atUs: 5_200_000, inbox: 'drop' },
  {
    index: 3,
    stream: 'fault/a3',
    kind: 'restart',
    machine: 1,
    atUs: 7_200_000,
    clock: { kind: 'reset' },
  },
  { index: 4, stream: 'fault/a4', kind: 'pause', machine: 2, atUs: 2_500_000, untilUs: 3_500_000 },
  {
    index: 5,
    stream: 'fault/a5',
    kind: 'corrupt-clock',
    machine: 0,
    atUs: 0,
    untilUs: openEndUs,
    countMax: null,
    change: { kind: 'add', by: 1_000_000 },
  },
  { index: 6, stream: 'fault/a6', kind: 'duplicate', p: probabilityToFraction(0.1), ...link },
  { index: 7, stream: 'fault/a7', kind: 'delay', extraUs: 500_000, ...link },
  { index: 8, stream: 'fault/a8', kind: 'rate', machine: 0, atUs: 9_000_000, rateMilliHz: 1000 },
  { index: 9, stream: 'fault/a9', kind: 'loss', p: probabilityToFraction(0), ...link },
];

/** The same list as the manifest resolves it (scenario.faults). */
export const fixtureResolved: readonly Record<string, unknown>[] = [
  { kind: 'partition', groups: [[0], [1, 2]], oneWay: false, atSec: 4, untilSec: 6 },
  { kind: 'loss', p: 0.5, from: all, to: all, atSec: 0, untilSec: null },
  { kind: 'crash', machine: 1, atSec: 5.2, inbox: 'drop' },
  { kind: 'restart', machine: 1, atSec: 7.2, clock: 'reset' },
  { kind: 'pause', machine: 2, atSec: 2.5, untilSec: 3.5 },
  {
    kind: 'corrupt-clock',
    machine: 0,
    atSec: 0,
    untilSec: null,
    count: null,
    add: 1_000_000,
  },
  { kind: 'duplicate', p: 0.1, from: all, to: all, atSec: 0, untilSec: null },
  { kind: 'delay', extraMs: 500, from: all, to: all, atSec: 0, untilSec: null },
  { kind: 'rate', machine: 0, atSec: 9, rateHz: 1 },
  { kind: 'loss', p: 0, from: all, to: all, atSec: 0, untilSec: null },
];

const copy = (
  timeUs: number,
  faultIndex: number,
  senderId: number,
  sendSeq: number,
  receiverId: number,
) => ({
  timeUs,
  faultIndex,
  senderId,
  sendSeq,
  receiverId,
});

/** The evidence, in the order a driver would report it (time order). */
export const fixtureEvidence: readonly FaultEvidence[] = [
  { ...copy(2_000_000, 6, 1, 4, 2), action: 'duplicate' },
  { ...copy(2_000_000, 7, 1, 4, 2), action: 'delay', extraUs: 500_000 },
  { timeUs: 2_500_000, faultIndex: 4, action: 'pause', machine: 2 },
  {
    ...copy(2_666_666, 5, 0, 8, 2),
    action: 'corrupt',
    trueClock: 8,
    carriedClock: 1_000_008,
    clamped: false,
  },
  { ...copy(3_000_000, 1, 0, 9, 2), action: 'drop', reason: 'loss' },
  { timeUs: 3_500_000, faultIndex: 4, action: 'resume', machine: 2, missedTicks: 1 },
  { timeUs: 4_000_000, faultIndex: 0, action: 'partition-start' },
  { timeUs: 5_200_000, faultIndex: 2, action: 'crash', machine: 1, queued: 0 },
  { timeUs: 6_000_000, faultIndex: 0, action: 'partition-heal' },
  { ...copy(6_000_000, 2, 0, 18, 1), action: 'drop', reason: 'crash' },
  {
    timeUs: 7_200_000,
    faultIndex: 3,
    action: 'restart',
    machine: 1,
    clockBefore: 14,
    clockAfter: 0,
  },
  {
    timeUs: 9_000_000,
    faultIndex: 8,
    action: 'rate',
    machine: 0,
    fromMilliHz: 3000,
    toMilliHz: 1000,
  },
];

/** Adds the fixture's faults.csv and manifest fields to the run in `runDir`. */
export function addFixtureFaults(runDir: string): void {
  writeFileSync(
    join(runDir, faultsFileName),
    faultsHeaderLine + fixtureEvidence.map((one) => faultRowLine(one, fixtureFaults)).join(''),
  );
  const manifestPath = join(runDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  const fired = fixtureFaults.map(
    (fault) => fixtureEvidence.filter((one) => one.faultIndex === fault.index).length,
  );
  const scenario = manifest.scenario as Record<string, unknown>;
  manifest.scenario = { ...scenario, faults: fixtureResolved };
  manifest.faults = fixtureFaults.map((fault) => ({
    index: fault.index,
    kind: fault.kind,
    stream: fault.stream,
    fired: fired[fault.index],
  }));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
