/**
 * The viewer's data (ViewData) of a run made in the playground, gathered from the run's events
 * as they happen: each machine's events in the order its log holds them, the cells the log row
 * would have (peers, msg_id, msg_clock), then the faults, the summary and the run's facts. The
 * viewer gets what `view` would read from the run's files, without reading them back.
 */
import {
  assertNever,
  type MachineId,
  type RowKind,
  type StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { EventSink } from '../../transports/run-config.js';
import type { Manifest } from '../logs/manifest.js';
import type { RunFaults } from '../logs/run-faults-of.js';
import { faultMarksOf } from '../view/fault-marks.js';
import {
  EventColumnsBuilder,
  type EventInput,
  type EventKind,
  type ViewData,
  viewDataFormat,
} from '../view/model/view-data.js';

/** One machine's events, a column per field (no object per event). */
interface MachineEvents {
  readonly kind: RowKind[];
  readonly seq: number[];
  readonly timeUs: number[];
  readonly clock: number[];
  readonly queue: number[];
  /** The `peers` cell: a receiver, a sender, or -1 for every peer but the machine itself. */
  readonly peer: number[];
  readonly sender: number[];
  readonly sendSeq: number[];
  readonly msgClock: number[];
}

function emptyEvents(): MachineEvents {
  return {
    kind: [],
    seq: [],
    timeUs: [],
    clock: [],
    queue: [],
    peer: [],
    sender: [],
    sendSeq: [],
    msgClock: [],
  };
}

/** The peer cell of a send or receive as the log writes it. */
function peerOf(event: StepEvent): number {
  switch (event.kind) {
    case 'send':
      return event.to;
    case 'receive':
      return event.senderId;
    case 'internal':
    case 'restart':
      return -1;
    default:
      return assertNever(event.kind, 'event kind');
  }
}

export class ViewDataSink implements EventSink {
  readonly #machines: MachineEvents[];

  constructor(machineCount: number) {
    this.#machines = Array.from({ length: machineCount }, emptyEvents);
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent): void {
    const events = this.#machines[machineId] as MachineEvents;
    events.kind.push(event.kind);
    events.seq.push(event.seq);
    events.timeUs.push(timeUs);
    events.clock.push(event.clock);
    events.queue.push(event.queueLength);
    events.peer.push(peerOf(event));
    events.sender.push(event.senderId);
    events.sendSeq.push(event.sendSeq);
    events.msgClock.push(event.messageClock);
  }

  /** The run as the viewer takes it; `summary` is summary.json's content (null without one). */
  viewData(manifest: Manifest, faults: RunFaults | null, summary: unknown | null): ViewData {
    const machineCount = this.#machines.length;
    const builder = new EventColumnsBuilder(machineCount);
    this.#machines.forEach((events, machine) => {
      const everyPeer = everyPeerText(machine, machineCount);
      for (let i = 0; i < events.kind.length; i += 1) {
        const kind = events.kind[i] as EventKind;
        const peer = events.peer[i] as number;
        const input: EventInput = {
          machine,
          seq: events.seq[i] as number,
          kind,
          timeUs: events.timeUs[i] as number,
          clock: events.clock[i] as number,
          queue: events.queue[i] as number,
          peers: kind === 'send' && peer === toEveryPeer ? everyPeer : peer < 0 ? '' : String(peer),
          msgSender: events.sender[i] as number,
          msgSeq: events.sendSeq[i] as number,
          msgClock: events.msgClock[i] as number,
        };
        builder.add(input);
      }
    });
    const { scenario } = manifest;
    return {
      format: viewDataFormat,
      title: `playground: ${scenario.name}, seed ${scenario.seed}`,
      mode: 'virtual',
      machineCount,
      ratesHz: scenario.rates,
      durationUs: manifest.durationUs,
      seed: scenario.seed,
      completed: manifest.completed,
      events: builder.build(),
      faults: faults === null ? [] : faultMarksOf(faults, null),
      summary,
      check: null,
      window: null,
    };
  }
}

/** A broadcast's peers cell: every machine but the sender, ascending, `;`-separated. */
function everyPeerText(sender: number, machineCount: number): string {
  const ids: number[] = [];
  for (let id = 0; id < machineCount; id += 1) if (id !== sender) ids.push(id);
  return ids.join(';');
}
