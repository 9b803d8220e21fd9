/**
 * A run directory with faults, made by hand for `check`'s tests: rows are added machine by
 * machine with their times (the test states the schedule), clocks follow Lamport's rules unless
 * the test says otherwise, faults.csv is written with the contract's own writer (faultRowLine),
 * and the manifest states what the files give (digests, counts, the ledger), so that a test that
 * breaks one thing breaks one rule. A "broken driver" is a run built with the broken thing in it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultRowLine, faultsHeaderLine } from '../../src/logs/faults-format.js';
import { faultConfigsOf, type ResolvedFaultJson } from '../../src/logs/run-manifest-faults.js';
import type { FaultEvidence } from '../../transports/fault-config.js';
import { logHeader } from './run-files.js';

interface Sent {
  readonly carried: number;
  readonly to: readonly number[];
}

interface MachineLog {
  seq: number;
  clock: number;
  readonly lines: string[];
  internal: number;
  send: number;
  receive: number;
  restarts: number;
}

export interface FaultRunOptions {
  readonly rates: readonly number[];
  readonly durationSec: number;
  readonly faults: readonly ResolvedFaultJson[];
  readonly fifo?: boolean;
}

/** What the manifest states beyond the files' own figures: set to make a driver's lie. */
export interface ManifestOverrides {
  readonly queuedAtEnd?: readonly number[];
  readonly dropped?: number;
  readonly fired?: readonly number[];
  /** 'tcp': a run whose router rewrote the clocks copies carried (see routerCarries). */
  readonly mode?: 'virtual' | 'tcp';
}

const ms = (sec: number): string => String(Math.round(sec * 1_000_000) / 1000);

export class FaultRunBuilder {
  readonly #options: FaultRunOptions;
  readonly #machines: MachineLog[];
  readonly #sent = new Map<string, Sent>();
  readonly #received: number[];
  readonly evidence: FaultEvidence[] = [];

  constructor(options: FaultRunOptions) {
    this.#options = options;
    this.#machines = options.rates.map(() => ({
      seq: 0,
      clock: 0,
      lines: [],
      internal: 0,
      send: 0,
      receive: 0,
      restarts: 0,
    }));
    this.#received = options.rates.map(() => 0);
  }

  #row(machine: number, kind: string, sec: number, clock: number, rest: string): void {
    const log = this.#machines[machine] as MachineLog;
    log.seq += 1;
    log.clock = clock;
    log.lines.push(`${machine},${log.seq},${kind},${ms(sec)},${clock},0,${rest}`);
  }

  internal(machine: number, sec: number, clock?: number): this {
    const log = this.#machines[machine] as MachineLog;
    this.#row(machine, 'internal', sec, clock ?? log.clock + 1, ',,');
    log.internal += 1;
    return this;
  }

  /** A send; `carried` differs from its clock under corrupt-clock. Returns its msg_id. */
  send(machine: number, sec: number, to: readonly number[], carried?: number): string {
    const log = this.#machines[machine] as MachineLog;
    const clock = log.clock + 1;
    const id = `${machine}-${log.seq + 1}`;
    this.#row(machine, 'send', sec, clock, `${to.join(';')},${id},${carried ?? clock}`);
    this.#sent.set(id, { carried: carried ?? clock, to });
    log.send += 1;
    return id;
  }

  /**
   * A TCP run's corrupt-clock: the router rewrote the clock every copy of `id` carries, so its
   * receives show `carried` while the send row keeps its true clock.
   */
  routerCarries(id: string, carried: number): this {
    const sent = this.#sent.get(id);
    if (sent === undefined) throw new Error(`fixture: ${id} was not sent`);
    this.#sent.set(id, { ...sent, carried });
    return this;
  }

  receive(machine: number, sec: number, id: string, clock?: number): this {
    const log = this.#machines[machine] as MachineLog;
    const sent = this.#sent.get(id);
    if (sent === undefined) throw new Error(`fixture: ${id} was not sent`);
    const sender = id.split('-')[0];
    this.#row(
      machine,
      'receive',
      sec,
      clock ?? Math.max(log.clock, sent.carried) + 1,
      `${sender},${id},${sent.carried}`,
    );
    log.receive += 1;
    this.#received[machine] = (this.#received[machine] as number) + 1;
    return this;
  }

  restart(machine: number, sec: number, clock: number): this {
    this.#row(machine, 'restart', sec, clock, ',,');
    (this.#machines[machine] as MachineLog).restarts += 1;
    return this;
  }

  /** One fault action, in the order faults.csv lists them. */
  record(evidence: FaultEvidence): this {
    this.evidence.push(evidence);
    return this;
  }

  /** A machine's clock now (for tests that state the clocks faults.csv records). */
  clockOf(machine: number): number {
    return (this.#machines[machine] as MachineLog).clock;
  }

  /** Writes machine-<id>.csv, faults.csv and manifest.json into `dir`; returns `dir`. */
  write(dir: string, overrides: ManifestOverrides = {}): string {
    mkdirSync(dir, { recursive: true });
    const { rates, durationSec, faults } = this.#options;
    const streams = faults.map((_fault, index) => `fault/test${index}`);
    const configs = faultConfigsOf(faults, streams);
    const logs: { file: string; sha256: string; bytes: number; rows: number }[] = [];
    const put = (file: string, text: string, rows: number): void => {
      writeFileSync(join(dir, file), text);
      logs.push({
        file,
        sha256: createHash('sha256').update(text).digest('hex'),
        bytes: Buffer.byteLength(text),
        rows,
      });
    };
    this.#machines.forEach((log, id) => {
      put(
        `machine-${id}.csv`,
        `${logHeader}\n${log.lines.map((line) => `${line}\n`).join('')}`,
        log.lines.length,
      );
    });
    const faultLines = this.evidence.map((one) => faultRowLine(one, configs));
    put('faults.csv', faultsHeaderLine + faultLines.join(''), faultLines.length);
    const copiesTo = rates.map(() => 0);
    for (const sent of this.#sent.values())
      for (const to of sent.to) copiesTo[to] = (copiesTo[to] as number) + 1;
    const dropsTo = rates.map(() => 0);
    const dupsTo = rates.map(() => 0);
    const droppedBy = { loss: 0, partition: 0, crash: 0 };
    for (const one of this.evidence) {
      if (one.action === 'drop') {
        dropsTo[one.receiverId] = (dropsTo[one.receiverId] as number) + 1;
        droppedBy[one.reason] += 1;
      }
      if (one.action === 'duplicate')
        dupsTo[one.receiverId] = (dupsTo[one.receiverId] as number) + 1;
    }
    const queued =
      overrides.queuedAtEnd ??
      rates.map(
        (_rate, id) =>
          (copiesTo[id] as number) +
          (dupsTo[id] as number) -
          (this.#received[id] as number) -
          (dropsTo[id] as number),
      );
    const fired = faults.map(
      (_fault, index) => this.evidence.filter((one) => one.faultIndex === index).length,
    );
    const sum = (values: readonly number[]): number =>
      values.reduce((total, value) => total + value, 0);
    const manifest = {
      formatVersion: 1,
      mode: overrides.mode ?? 'virtual',
      startTime: '1970-01-01T00:00:00.000Z',
      completed: true,
      durationUs: Math.round(durationSec * 1_000_000),
      scenario: {
        name: 'fault-fixture',
        seed: 1,
        machines: rates.length,
        rates,
        internalProbability: 0.7,
        durationSec,
        latency: { kind: 'constant', ms: 0 },
        fifo: this.#options.fifo ?? false,
        faults,
      },
      events: sum(this.#machines.map((log) => log.lines.length)),
      machines: this.#machines.map((log, id) => ({
        id,
        rateHz: rates[id],
        events: {
          internal: log.internal,
          send: log.send,
          receive: log.receive,
          total: log.lines.length,
        },
        finalClock: log.clock,
        queuedAtEnd: queued[id],
        inFlightAtEnd: 0,
        restarts: log.restarts,
      })),
      messages: {
        sent: sum(copiesTo),
        received: sum(this.#received),
        queuedAtEnd: sum(queued),
        inFlightAtEnd: 0,
        duplicated: sum(dupsTo),
        dropped: overrides.dropped ?? sum(dropsTo),
        droppedBy,
      },
      faults: faults.map((fault, index) => ({
        index,
        kind: fault.kind,
        stream: streams[index],
        fired: overrides.fired?.[index] ?? fired[index],
      })),
      logs,
    };
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return dir;
  }
}
