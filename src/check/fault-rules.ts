/**
 * The rules of a run with faults (issue 18), beside the rule engine (checker.ts), which asks
 * them only when the manifest lists faults: a fault-free run never builds one and pays nothing.
 *
 * What it adds, from the fault list and faults.csv alone:
 * - where a row may be (no row while crashed, a restart row only at a restart: crashSilence);
 * - which receives may be (none of a copy sent across a partition: partition; a second receive
 *   only of a copy faults.csv duplicated: conservation);
 * - the copies faults.csv accounts for (dropped, duplicated) in the ledger (conservation);
 * - that faults.csv agrees with the list and the logs (faultEvidence);
 * - which breaks of the usual rules a fault explains (consequences.ts): a reset restart's clock
 *   going down, corrupt-clock's msg_clock, the clocks they push off the longest causal chain
 *   (followed by a taint: the fault that put a machine's clock off its chain, carried by its
 *   messages), and FIFO broken by a delayed or duplicated copy where `fifo` is not set.
 * A break none of these explains stays a violation.
 *
 * Where corrupt-clock alters the clock: in virtual time at the sender (its send row logs the
 * carried clock in msg_clock, the true one in logical_clock); in a TCP run at the router, which
 * rewrites the frame (issue 19): the send row keeps msg_clock = logical_clock, the `corrupt` row
 * states true and carried, and the receive of that copy must carry the `carried` clock (the
 * receive rule's max uses it). The consequence is then the receive's msg_clock differing from
 * the send's (clockCorrupted under rule 2), not the send's own two clocks.
 */
import { assert, assertNever, clockAfterRestart } from '../../core/index.js';
import type { FaultConfig } from '../../transports/fault-config.js';
import { countText } from '../common/number-text.js';
import { type DownSpan, downSpansOf } from '../../transports/tcp/down-spans.js';
import type { FaultRowStore } from '../logs/fault-row-store.js';
import type { FaultRow } from '../logs/faults-format.js';
import { faultsFileName } from '../logs/faults-format.js';
import { formatLocated, type Located } from '../logs/log-row.js';
import type { Consequence, ConsequenceCause, ConsequenceEffect } from './consequences.js';
import { copyDisagrees, copySent, FaultCopies } from './fault-copies.js';
import { copyOfRow, isCopyAction } from './fault-evidence.js';
import type { RuleId } from './rules.js';

/** How the rule engine takes a violation. */
export type ReportViolation = (
  rule: RuleId,
  where: Located,
  message: string,
  expected: string,
  found: string,
) => void;

/**
 * A copy's send row, kept while it is needed: the copy's duplicates are still to come (their
 * receives are held to it), or its faults.csv rows disagree with it (finish() reports them).
 */
interface KeptSend {
  readonly file: string;
  readonly line: number;
  readonly timeUs: number;
  readonly clock: number;
  /** What the copy carries (a TCP router's rewrite included). */
  readonly msgClock: number;
}

/** A send row's place, time and clocks, copied (log rows are reused by their reader). */
function sendOf(row: KeptSend): KeptSend {
  return {
    file: row.file,
    line: row.line,
    timeUs: row.timeUs,
    clock: row.clock,
    msgClock: row.msgClock,
  };
}

/** How #checkCopyRow reports a disagreement (as faultEvidence, or only noted). */
type ReportEvidence = (where: string, message: string, expected: string, found: string) => void;

/** The copy rows indexed so far: row rows[i] is about copy keys[i]. */
interface CopyRows {
  readonly keys: Float64Array;
  readonly rows: Int32Array;
  length: number;
}

/** One consequence being tallied. */
interface Tally {
  readonly effect: ConsequenceEffect;
  readonly rule: RuleId;
  readonly where: string;
  readonly cause: ConsequenceCause;
  message: string;
  count: number;
  /** For clocks pushed off their chain: the largest distance. */
  farthest: number;
}

const fmtMs = (us: number): string => String(us / 1000);

/** Which fault kinds may take which actions in faults.csv. */
function actionAllowed(kind: FaultConfig['kind'], rows: FaultRowStore, at: number): boolean {
  const action = rows.fault(at);
  switch (kind) {
    case 'loss':
      return action === 'drop' && rows.detail(at, 'reason') === 'loss';
    case 'duplicate':
      return action === 'duplicate';
    case 'delay':
      return action === 'delay';
    case 'partition':
      return (
        action === 'partition-start' ||
        action === 'partition-heal' ||
        (action === 'drop' && rows.detail(at, 'reason') === 'partition')
      );
    case 'crash':
      return action === 'crash' || (action === 'drop' && rows.detail(at, 'reason') === 'crash');
    case 'restart':
      return action === 'restart';
    case 'pause':
      return action === 'pause' || action === 'resume';
    case 'rate':
      return action === 'rate';
    case 'corrupt-clock':
      return action === 'corrupt';
    default:
      return assertNever(kind, 'fault kind');
  }
}

/** What the fault rules read of a send row. */
interface SendRowFacts {
  readonly file: string;
  readonly line: number;
  readonly timeUs: number;
  readonly clock: number;
  readonly msgClock: number;
}

/** A down interval of one machine: [crashUs, restartUs). */
interface Down {
  readonly crash: Extract<FaultConfig, { kind: 'crash' }>;
  readonly untilUs: number;
}

export class FaultRules {
  readonly #faults: readonly FaultConfig[];
  readonly #rows: FaultRowStore;
  readonly #machineCount: number;
  readonly #report: ReportViolation;
  /** Each copy that has evidence: its rows and what the logs did with it (made by start()). */
  #copies: FaultCopies | null = null;
  /** Send rows of copies still needed (KeptSend), by copy. */
  readonly #keptSends = new Map<number, KeptSend>();
  /**
   * Per receiver, the log file its receive rows name: a copy's first receive is kept as a line
   * of it (firstReceiveLine), or, when a row names another place, as text here, by copy.
   */
  readonly #receiveFiles: (string | undefined)[];
  readonly #otherFirstReceives = new Map<number, string>();
  /**
   * Per sender, a bit per seq whose copies have evidence: most sends and receives have none,
   * and a look at a bit is far cheaper than a search of the copies (a bit, not a byte: a sender
   * of a million messages costs 125 kB).
   */
  readonly #withEvidence: Uint32Array[];
  /** Per machine, its down intervals in time order, and the one its rows have reached. */
  readonly #downs: Down[][];
  readonly #downAt: Int32Array;
  /** Restart rows of faults.csv by machine and time. */
  readonly #restartRows = new Map<string, FaultRow>();
  readonly #partitions: Extract<FaultConfig, { kind: 'partition' }>[];
  /** Per machine: the fault that put its clock off its causal chain (-1: on it). */
  readonly #taint: Int32Array;
  /** Messages sent by a tainted machine or with a corrupted clock: their fault, by message key. */
  readonly #messageTaint = new Map<number, number>();
  #pendingTaint = -1;
  readonly #tallies = new Map<string, Tally>();
  /**
   * Per fault, its clockInflated and clockDeflated tallies once made (at 2i and 2i + 1): a lie
   * pushes thousands of events off their chain, and each made a cause, a key and a message
   * (check of such a run took twice as long as without the lie).
   */
  readonly #offChain: (Tally | undefined)[];
  /** Per receiver: copies faults.csv drops, duplicates, and duplicates received. */
  readonly droppedTo: number[];
  readonly duplicatedTo: number[];
  readonly duplicatesReceivedBy: number[];
  /** Per receiver: copies dropped by faults.csv that the checker never waited for. */
  readonly excludedTo: number[];
  /** The first faults.csv line of each fault, to name as a cause. */
  readonly #firstLine: number[];

  readonly #stopEndsPauses: boolean;
  readonly #clockCorruptedAt: 'sender' | 'router';

  constructor(
    faults: readonly FaultConfig[],
    rows: FaultRowStore,
    machineCount: number,
    report: ReportViolation,
    options: {
      readonly clockCorruptedAt: 'sender' | 'router';
      /**
       * A pause's resume row may come early, at the stop of a run that was stopped (a TCP
       * launcher resumes a paused machine so that it can hear the stop).
       */
      readonly stopEndsPauses?: boolean;
    } = { clockCorruptedAt: 'sender' },
  ) {
    this.#clockCorruptedAt = options.clockCorruptedAt;
    this.#stopEndsPauses = options.stopEndsPauses === true;
    this.#faults = faults;
    this.#rows = rows;
    this.#machineCount = machineCount;
    this.#report = report;
    this.#taint = new Int32Array(machineCount).fill(-1);
    this.#offChain = new Array<Tally | undefined>(2 * faults.length).fill(undefined);
    this.#downAt = new Int32Array(machineCount);
    this.droppedTo = new Array<number>(machineCount).fill(0);
    this.duplicatedTo = new Array<number>(machineCount).fill(0);
    this.duplicatesReceivedBy = new Array<number>(machineCount).fill(0);
    this.excludedTo = new Array<number>(machineCount).fill(0);
    this.#firstLine = new Array<number>(faults.length).fill(0);
    this.#partitions = faults.filter(
      (fault): fault is Extract<FaultConfig, { kind: 'partition' }> => fault.kind === 'partition',
    );
    const spans = downSpansOf(faults, machineCount);
    this.#downs = spans.map(downsOf);
    this.#withEvidence = Array.from({ length: machineCount }, () => new Uint32Array(0));
    this.#receiveFiles = new Array<string | undefined>(machineCount).fill(undefined);
  }

  /** Whether some copy of sender-seq has evidence (then #copies has it). */
  #hasEvidence(sender: number, seq: number): boolean {
    const flags = this.#withEvidence[sender];
    if (flags === undefined) return false;
    // Seqs are whole numbers (log rows and msg_ids hold digits); a negative one has no word.
    const word = Math.floor(seq / 32);
    return word < flags.length && (((flags[word] as number) >>> (seq & 31)) & 1) === 1;
  }

  /** Copy sender-seq → receiver (in #copies), or -1 when faults.csv has no row about it. */
  #copyOf(sender: number, seq: number, receiver: number): number {
    if (!this.#hasEvidence(sender, seq) || this.#copies === null) return -1;
    return this.#copies.find(this.#copyKey(sender, seq, receiver));
  }

  /** Checks faults.csv's rows on their own and indexes them: before the first log row. */
  start(): void {
    this.#indexRows();
  }

  /** The key of copy sender-seq → receiver. */
  #copyKey(sender: number, seq: number, receiver: number): number {
    return (seq * this.#machineCount + sender) * this.#machineCount + receiver;
  }

  /** Checks each faults.csv row on its own and against the list; indexes the copies' rows. */
  #indexRows(): void {
    const rows = this.#rows;
    const copyRows: CopyRows = {
      keys: new Float64Array(rows.length),
      rows: new Int32Array(rows.length),
      length: 0,
    };
    let previousMs = 0;
    for (let at = 0; at < rows.length; at += 1) {
      const line = rows.line(at);
      const where = `${faultsFileName}:${line}`;
      const faultIndex = rows.faultIndex(at);
      const timeMs = rows.timeMs(at);
      const fault = this.#faults[faultIndex];
      if (timeMs < previousMs) {
        this.#evidence(where, 'rows are in time order', `time_ms >= ${previousMs}`, String(timeMs));
      }
      previousMs = Math.max(previousMs, timeMs);
      if (fault === undefined) {
        this.#evidence(
          where,
          "a row's index names a fault of the list (scenario.faults)",
          `index 0..${this.#faults.length - 1}`,
          String(faultIndex),
        );
        continue;
      }
      if (this.#firstLine[faultIndex] === 0) this.#firstLine[faultIndex] = line;
      if (!actionAllowed(fault.kind, rows, at)) {
        const reason = rows.detail(at, 'reason');
        this.#evidence(
          where,
          `fault ${faultIndex} is a ${fault.kind}: it cannot take this action`,
          `an action of ${fault.kind}`,
          `${rows.fault(at)}${reason !== undefined ? ` (reason=${reason})` : ''}`,
        );
        continue;
      }
      if (isCopyAction(rows.fault(at))) this.#indexCopyRow(at, where, copyRows);
      else this.#checkStateRow(rows.row(at), fault, where);
    }
    this.#copies = new FaultCopies(
      copyRows.keys,
      copyRows.rows,
      copyRows.length,
      (at) => rows.fault(at) === 'duplicate',
    );
  }

  /** The copy row `at` names (its sender and seq), or null when its msg_id is malformed. */
  #copyOfRow(at: number): { sender: number; seq: number } | null {
    const seq = this.#rows.compactSeq(at);
    return seq >= 0 ? { sender: this.#rows.peer(at), seq } : copyOfRow(this.#rows.row(at));
  }

  #indexCopyRow(at: number, where: string, copyRows: CopyRows): void {
    const rows = this.#rows;
    const copy = this.#copyOfRow(at);
    const machine = rows.machine(at);
    const peer = rows.peer(at);
    if (copy === null || copy.sender !== peer || machine < 0 || machine >= this.#machineCount) {
      this.#evidence(
        where,
        'a copy row names its receiver (machine), its sender (peer) and its msg_id <peer>-<seq>',
        'machine, peer and msg_id of the run',
        `machine ${machine}, peer ${peer}, msg_id ${rows.msgId(at) || '(empty)'}`,
      );
      return;
    }
    copyRows.keys[copyRows.length] = this.#copyKey(copy.sender, copy.seq, machine);
    copyRows.rows[copyRows.length] = at;
    copyRows.length += 1;
    this.#flagEvidence(copy.sender, copy.seq);
    const action = rows.fault(at);
    if (action === 'drop') this.droppedTo[machine] = (this.droppedTo[machine] as number) + 1;
    if (action === 'duplicate')
      this.duplicatedTo[machine] = (this.duplicatedTo[machine] as number) + 1;
  }

  #flagEvidence(sender: number, seq: number): void {
    let flags = this.#withEvidence[sender] as Uint32Array;
    const word = Math.floor(seq / 32);
    if (word >= flags.length) {
      const grown = new Uint32Array(Math.max(word + 1, flags.length * 2));
      grown.set(flags);
      flags = grown;
      this.#withEvidence[sender] = grown;
    }
    flags[word] = (flags[word] as number) | (1 << (seq & 31));
  }

  /** A row that changes a machine's or the network's state: its machine and time are its fault's. */
  #checkStateRow(row: FaultRow, fault: FaultConfig, where: string): void {
    const rowUs = Math.round(row.timeMs * 1000);
    let expectedUs: number;
    switch (fault.kind) {
      case 'partition':
        expectedUs = row.fault === 'partition-heal' ? fault.untilUs : fault.atUs;
        break;
      case 'pause':
        expectedUs = row.fault === 'resume' ? fault.untilUs : fault.atUs;
        // Ended early by the stop: anywhere inside its window.
        if (row.fault === 'resume' && this.#stopEndsPauses && rowUs >= fault.atUs)
          expectedUs = Math.min(rowUs, fault.untilUs);
        break;
      case 'crash':
      case 'restart':
      case 'rate':
        expectedUs = fault.atUs;
        break;
      default:
        return;
    }
    if (rowUs !== expectedUs) {
      this.#evidence(
        where,
        `a ${row.fault} row is at its fault's time`,
        `time_ms ${fmtMs(expectedUs)}`,
        String(row.timeMs),
      );
    }
    if ('machine' in fault && row.machine !== fault.machine) {
      this.#evidence(
        where,
        `a ${row.fault} row names its fault's machine`,
        `machine ${fault.machine}`,
        String(row.machine),
      );
    }
    if (row.fault === 'restart') this.#restartRows.set(`${row.machine}@${expectedUs}`, row);
  }

  #evidence(where: string, message: string, expected: string, found: string): void {
    this.#report('faultEvidence', where, message, expected, found);
  }

  /**
   * A crashed machine logs nothing until its restart: reported for a row while it is down (the
   * restart row itself is at the restart, not inside the interval). `restartRow`: the row is a
   * restart row, which may also sit at the instant of the crash that follows it (a restart listed
   * before a crash at one time: the machine is up for its restart row only).
   */
  checkAlive(
    row: Located & { readonly timeUs: number },
    machineId: number,
    restartRow = false,
  ): void {
    const downs = this.#downs[machineId] as Down[];
    let at = this.#downAt[machineId] as number;
    while (at < downs.length && (downs[at] as Down).untilUs <= row.timeUs) at += 1;
    this.#downAt[machineId] = at;
    const down = downs[at];
    if (down === undefined || row.timeUs < down.crash.atUs) return;
    if (restartRow && at > 0 && (downs[at - 1] as Down).untilUs === row.timeUs) return;
    const until =
      down.untilUs === Number.POSITIVE_INFINITY
        ? 'the end (no restart)'
        : `${fmtMs(down.untilUs)} ms`;
    this.#report(
      'crashSilence',
      row,
      `machine ${machineId} crashed at ${fmtMs(down.crash.atUs)} ms (fault ${down.crash.index}) and is down until ${until}: it logs nothing`,
      `no row in [${fmtMs(down.crash.atUs)}, ${down.untilUs === Number.POSITIVE_INFINITY ? 'end' : fmtMs(down.untilUs)}) ms`,
      `a row at time_ms ${fmtMs(row.timeUs)}`,
    );
  }

  /** The restart a restart row must be: its fault, or undefined when the list has none here. */
  restartAt(
    machineId: number,
    timeUs: number,
  ): Extract<FaultConfig, { kind: 'restart' }> | undefined {
    for (const fault of this.#faults) {
      if (fault.kind === 'restart' && fault.machine === machineId && fault.atUs === timeUs)
        return fault;
    }
    return undefined;
  }

  /**
   * A restart row: its clock is its rule's, from `lastClock` (the clock of the machine's last
   * event); faults.csv's restart row says the same. A reset is a consequence (the clock goes
   * down); the machine is tainted when its clock leaves its causal chain (reset, lease).
   */
  acceptRestart(
    row: Located & { readonly timeUs: number; readonly clock: number },
    machineId: number,
    lastClock: number,
  ): void {
    const fault = this.restartAt(machineId, row.timeUs);
    if (fault === undefined) {
      this.#report(
        'crashSilence',
        row,
        `a restart row where the fault list restarts machine ${machineId}`,
        'a restart fault of this machine at this time',
        `a restart row at time_ms ${fmtMs(row.timeUs)}`,
      );
      return;
    }
    const clock = fault.clock;
    // The simulator's own rule, stop at 2^52 included: a copy of the formula here missed it.
    const expected = clockAfterRestart(lastClock, clock);
    const rule = clock.kind === 'lease' ? `lease ${clock.every}` : clock.kind;
    if (row.clock !== expected) {
      this.#report(
        'restartClock',
        row,
        `a ${rule} restart (fault ${fault.index}) after clock ${lastClock} logs the clock its rule gives${clock.kind === 'reset' ? '' : ' (never below the last clock)'}`,
        `logical_clock ${expected}`,
        String(row.clock),
      );
    }
    const evidence = this.#restartRows.get(`${machineId}@${row.timeUs}`);
    if (evidence === undefined) {
      this.#evidence(
        formatLocated(row),
        'faults.csv has a restart row for each restart row of a log',
        `a restart row of machine ${machineId} at time_ms ${fmtMs(row.timeUs)}`,
        'none',
      );
    } else {
      const before = Number(evidence.detail.get('before'));
      const after = Number(evidence.detail.get('after'));
      if (before !== lastClock || after !== row.clock) {
        this.#evidence(
          `${faultsFileName}:${evidence.line}`,
          `a restart row states the clocks before and after it (${formatLocated(row)})`,
          `before=${lastClock};after=${row.clock}`,
          `before=${evidence.detail.get('before')};after=${evidence.detail.get('after')}`,
        );
      }
    }
    const cause = this.#cause(fault, evidence?.line ?? this.#firstLine[fault.index] ?? 0);
    if (clock.kind === 'reset' && row.clock < lastClock) {
      this.#tally('clockReset', 'machineOrder', row, cause, 1, 0);
    }
    // Every restart is a point on the causal line that does not tick (persisted keeps the last
    // clock): the clocks after it are off the longest chain because of it.
    this.#taint[machineId] = fault.index;
  }

  /**
   * A send: its copies' evidence is matched with it (time, corrupt clocks), and the message's
   * taint kept. Returns true when its msg_clock differs from its logical_clock and faults.csv
   * corrupts every copy (a consequence), false when nothing explains a difference.
   */
  acceptSend(
    row: SendRowFacts,
    machineId: number,
    sendSeq: number,
    receivers: readonly number[],
  ): boolean {
    if (!this.#hasEvidence(machineId, sendSeq)) {
      // The usual send: nothing in faults.csv; only a tainted sender's message is kept.
      const taint = this.#taint[machineId] as number;
      if (taint >= 0) this.#messageTaint.set(sendSeq * this.#machineCount + machineId, taint);
      return false;
    }
    return this.#acceptEvidencedSend(row, machineId, sendSeq, receivers);
  }

  /**
   * A send faults.csv has rows about: apart from acceptSend, so that the rare path's code,
   * compiled without feedback, does not keep sending the common path back to the interpreter.
   */
  #acceptEvidencedSend(
    row: SendRowFacts,
    machineId: number,
    sendSeq: number,
    receivers: readonly number[],
  ): boolean {
    let corruptedBy = -1;
    let corruptCopies = 0;
    const atRouter = this.#clockCorruptedAt === 'router';
    for (let at = 0; at < receivers.length; at += 1) {
      const copy = this.#copyOf(machineId, sendSeq, receivers[at] as number);
      if (copy < 0) continue;
      const corruptBy = this.#corruptBy(copy);
      let msgClock = row.msgClock;
      if (corruptBy >= 0) {
        corruptCopies += 1;
        corruptedBy = corruptBy;
        // The router's rewrite: what this copy carries, and so what its receive must show.
        if (atRouter) msgClock = this.#carriedOf(copy, msgClock);
      }
      this.#sent(copy, row, msgClock);
    }
    if (atRouter) return this.#routerCorruptedSend(row, machineId, sendSeq, corruptedBy);
    const corrupted = row.msgClock !== row.clock;
    const explained = corrupted && corruptCopies === receivers.length && corruptedBy >= 0;
    if (explained) {
      const fault = this.#faults[corruptedBy] as FaultConfig;
      const tally = this.#tally(
        'clockCorrupted',
        'machineOrder',
        row,
        this.#cause(fault, this.#firstLine[corruptedBy] ?? 0),
        1,
        Math.abs(row.msgClock - row.clock),
      );
      tally.message = `sends carried an altered clock (msg_clock != logical_clock), by up to ${tally.farthest}`;
    }
    const taint = explained ? corruptedBy : (this.#taint[machineId] as number);
    if (taint >= 0) this.#messageTaint.set(sendSeq * this.#machineCount + machineId, taint);
    return explained;
  }

  /**
   * A send some of whose copies the router rewrote (a TCP run): the clocks they carried are a
   * consequence (rule 2: the receive's msg_clock is not the send's), and the message carries
   * the fault's taint. The send row itself is held to msg_clock = logical_clock (false).
   */
  #routerCorruptedSend(
    row: SendRowFacts,
    machineId: number,
    sendSeq: number,
    corruptedBy: number,
  ): boolean {
    // A lie that happened to carry the true clock (`set` to the value it had) changed nothing:
    // no consequence, and no taint, as in virtual time (msg_clock = logical_clock there).
    const carried =
      corruptedBy >= 0 ? this.carriedClock(machineId, sendSeq, row.msgClock) : row.msgClock;
    const changed = corruptedBy >= 0 && carried !== row.clock;
    if (changed) {
      const tally = this.#tally(
        'clockCorrupted',
        'receiveRule',
        row,
        this.#cause(this.#faults[corruptedBy] as FaultConfig, this.#firstLine[corruptedBy] ?? 0),
        1,
        Math.abs(carried - row.clock),
      );
      tally.message = `the router rewrote the clock sends carried (a receive's msg_clock != the send's), by up to ${tally.farthest}`;
    }
    const taint = changed ? corruptedBy : (this.#taint[machineId] as number);
    if (taint >= 0) this.#messageTaint.set(sendSeq * this.#machineCount + machineId, taint);
    return false;
  }

  /**
   * The clock the copies of sender-seq carry to their receivers: `msgClock`, the send row's,
   * unless the router rewrote them (a TCP run's corrupt rows; every copy of a frame alike).
   */
  carriedClock(sender: number, seq: number, msgClock: number): number {
    if (this.#clockCorruptedAt !== 'router' || !this.#hasEvidence(sender, seq)) return msgClock;
    for (let receiver = 0; receiver < this.#machineCount; receiver += 1) {
      const copy = this.#copyOf(sender, seq, receiver);
      if (copy >= 0 && this.#corruptBy(copy) >= 0) return this.#carriedOf(copy, msgClock);
    }
    return msgClock;
  }

  /**
   * A send row naming copy `copy`: its rows are held to it now (finish() reports them, from the
   * send kept, when they disagree), and it is kept while its duplicates are still to come. A
   * copy sent again (a log that repeats a seq) is held to its last send, as before.
   */
  #sent(copy: number, row: SendRowFacts, msgClock: number): void {
    const copies = this.#copies as FaultCopies;
    copies.set(copy, copySent, true);
    // The row itself when it is what the copy carries: no object per copy sent (the reader
    // reuses its rows, so one is copied only to be kept).
    const send: KeptSend = msgClock === row.msgClock ? row : { ...sendOf(row), msgClock };
    this.#disagrees = false;
    this.#checkCopyRows(copy, send, this.#noteDisagreement);
    const disagrees = this.#disagrees;
    copies.set(copy, copyDisagrees, disagrees);
    if (disagrees || (copies.duplicatesLeft[copy] as number) > 0) {
      this.#keptSends.set(copy, { ...sendOf(send), msgClock });
    } else {
      this.#keptSends.delete(copy);
    }
  }

  /** Whether #checkCopyRows found a row that disagrees with its send (see #sent). */
  #disagrees = false;
  readonly #noteDisagreement: ReportEvidence = () => {
    this.#disagrees = true;
  };

  /** Each row of copy `copy` against its send row. */
  #checkCopyRows(copy: number, send: KeptSend, report: ReportEvidence): void {
    const copies = this.#copies as FaultCopies;
    for (let at = copies.rowsStart(copy); at < copies.rowsStart(copy + 1); at += 1) {
      const row = copies.rowAt(at);
      this.#checkCopyRow(
        row,
        this.#faults[this.#rows.faultIndex(row)] as FaultConfig,
        send,
        report,
      );
    }
  }

  /** The first row of copy `copy` (in file order) that `matches`, or -1. */
  #findRow(copy: number, matches: (row: number) => boolean): number {
    const copies = this.#copies as FaultCopies;
    for (let at = copies.rowsStart(copy); at < copies.rowsStart(copy + 1); at += 1) {
      if (matches(copies.rowAt(at))) return copies.rowAt(at);
    }
    return -1;
  }

  /** Rows of copy `copy` of an action. */
  #countRows(copy: number, action: string): number {
    const copies = this.#copies as FaultCopies;
    let count = 0;
    for (let at = copies.rowsStart(copy); at < copies.rowsStart(copy + 1); at += 1) {
      if (this.#rows.fault(copies.rowAt(at)) === action) count += 1;
    }
    return count;
  }

  /** The fault of copy `copy`'s last corrupt row; -1 when it has none. */
  #corruptBy(copy: number): number {
    const copies = this.#copies as FaultCopies;
    let by = -1;
    for (let at = copies.rowsStart(copy); at < copies.rowsStart(copy + 1); at += 1) {
      const row = copies.rowAt(at);
      if (this.#rows.fault(row) === 'corrupt') by = this.#rows.faultIndex(row);
    }
    return by;
  }

  /** The clock copy `copy`'s corrupt row says it carried (the router's rewrite), else msgClock. */
  #carriedOf(copy: number, msgClock: number): number {
    const row = this.#findRow(copy, (at) => this.#rows.fault(at) === 'corrupt');
    return row < 0 ? msgClock : Number(this.#rows.detail(row, 'carried'));
  }

  /** faults.csv row `at`, of a copy, against its send row; `report` takes what disagrees. */
  #checkCopyRow(at: number, fault: FaultConfig, send: KeptSend, report: ReportEvidence): void {
    const rows = this.#rows;
    const timeMs = rows.timeMs(at);
    const action = rows.fault(at);
    const peer = rows.peer(at);
    const machine = rows.machine(at);
    const timeUs = Math.round(timeMs * 1000);
    const atCrash = action === 'drop' && rows.detail(at, 'reason') === 'crash';
    if (atCrash ? timeUs < send.timeUs : timeUs !== send.timeUs) {
      report(
        `${faultsFileName}:${rows.line(at)}`,
        `a copy's ${action} is decided when it is sent (${formatLocated(send)})${atCrash ? ', or dropped later at a crashed machine' : ''}`,
        `time_ms ${atCrash ? '>= ' : ''}${fmtMs(send.timeUs)}`,
        String(timeMs),
      );
    }
    if ('from' in fault) {
      const inWindow = send.timeUs >= fault.atUs && send.timeUs < fault.untilUs;
      if (!inWindow || !fault.from.includes(peer) || !fault.to.includes(machine)) {
        report(
          `${faultsFileName}:${rows.line(at)}`,
          `fault ${fault.index} (${fault.kind}) applies to copies on its links sent in its window`,
          `a copy from [${fault.from.join(',')}] to [${fault.to.join(',')}] sent in [${fmtMs(fault.atUs)}, ${fault.untilUs === Number.MAX_SAFE_INTEGER ? 'end' : fmtMs(fault.untilUs)}) ms`,
          `${peer}->${machine} sent at ${fmtMs(send.timeUs)} ms`,
        );
      }
    }
    if (
      fault.kind === 'partition' &&
      action === 'drop' &&
      !this.#separated(fault, peer, machine, send.timeUs)
    ) {
      report(
        `${faultsFileName}:${rows.line(at)}`,
        `a partition drops only copies sent across its groups inside its window`,
        `a copy across fault ${fault.index}'s groups`,
        `${peer}->${machine} sent at ${fmtMs(send.timeUs)} ms`,
      );
    }
    if (action === 'corrupt') {
      const trueClock = Number(rows.detail(at, 'true'));
      const carried = Number(rows.detail(at, 'carried'));
      // At the router (TCP) the carried clock is held to the receive, not to the send row.
      const carriedOk = this.#clockCorruptedAt === 'router' || carried === send.msgClock;
      if (trueClock !== send.clock || !carriedOk) {
        report(
          `${faultsFileName}:${rows.line(at)}`,
          `a corrupt row states the send's two clocks (${formatLocated(send)}: logical_clock, msg_clock)`,
          `true=${send.clock};carried=${send.msgClock}`,
          `true=${rows.detail(at, 'true')};carried=${rows.detail(at, 'carried')}`,
        );
      }
    }
  }

  /** Whether a partition drops a copy from `sender` to `receiver` sent at `timeUs`. */
  #separated(
    fault: Extract<FaultConfig, { kind: 'partition' }>,
    sender: number,
    receiver: number,
    timeUs: number,
  ): boolean {
    if (timeUs < fault.atUs || timeUs >= fault.untilUs) return false;
    const senderGroup = fault.groups.findIndex((group) => group.includes(sender));
    const receiverGroup = fault.groups.findIndex((group) => group.includes(receiver));
    return fault.oneWay ? senderGroup < receiverGroup : senderGroup !== receiverGroup;
  }

  /**
   * A receive of a copy sent at `sendTimeUs`: no partition separated it then; faults.csv's
   * evidence of the copy is counted against it. Keeps the message's taint for settle().
   */
  acceptReceive(
    row: Located & { readonly timeUs: number },
    machineId: number,
    sender: number,
    seq: number,
    sendTimeUs: number,
  ): void {
    for (const fault of this.#partitions) {
      if (!this.#separated(fault, sender, machineId, sendTimeUs)) continue;
      this.#report(
        'partition',
        row,
        `message ${sender}-${seq} was sent at ${fmtMs(sendTimeUs)} ms across partition fault ${fault.index} (groups ${fault.groups.map((group) => group.join('+')).join('|')}${fault.oneWay ? ', one way' : ''}): it is never received`,
        'no receive of it',
        `received by machine ${machineId}`,
      );
      break;
    }
    const copy = this.#copyOf(sender, seq, machineId);
    if (copy >= 0) this.#received(copy, row, machineId);
    this.#pendingTaint =
      this.#messageTaint.size === 0
        ? -1
        : (this.#messageTaint.get(seq * this.#machineCount + sender) ?? -1);
  }

  /**
   * Every copy of a message received: its taint is no longer needed, unless a duplicated copy
   * of it is still to come (its duplicates are few; they keep it).
   */
  messageClosed(sender: number, seq: number): void {
    const key = seq * this.#machineCount + sender;
    if (!this.#messageTaint.has(key)) return;
    for (
      let receiver = 0;
      receiver < this.#machineCount && this.#hasEvidence(sender, seq);
      receiver += 1
    ) {
      const copy = this.#copyOf(sender, seq, receiver);
      if (copy >= 0 && ((this.#copies as FaultCopies).duplicatesLeft[copy] as number) > 0) return;
    }
    this.#messageTaint.delete(key);
  }

  /**
   * The receivers of a send whose copies the checker waits for: all but those faults.csv drops
   * (every copy made of them: a duplicated copy may be dropped once and received once). The
   * others are counted in excludedTo for the ledger. `receivers` itself when none is dropped.
   */
  keptReceivers(
    machineId: number,
    sendSeq: number,
    receivers: readonly number[],
  ): readonly number[] {
    if (!this.#hasEvidence(machineId, sendSeq)) return receivers;
    const kept: number[] = [];
    for (const receiverId of receivers) {
      const copy = this.#copyOf(machineId, sendSeq, receiverId);
      if (copy >= 0 && this.#allDropped(copy)) {
        this.excludedTo[receiverId] = (this.excludedTo[receiverId] as number) + 1;
      } else {
        kept.push(receiverId);
      }
    }
    return kept.length === receivers.length ? receivers : kept;
  }

  /**
   * A receive of a copy the checker did not wait for because faults.csv drops it: counted (the
   * end reports a dropped copy received, at the drop's row); false when it is no such copy.
   */
  receivedDropped(row: Located, machineId: number, sender: number, seq: number): boolean {
    const copy = this.#copyOf(sender, seq, machineId);
    const copies = this.#copies as FaultCopies;
    if (copy < 0 || !copies.has(copy, copySent) || !this.#allDropped(copy)) return false;
    this.#received(copy, row, machineId);
    return true;
  }

  /** Every copy made of `copy` (it and its duplicates) is dropped. */
  #allDropped(copy: number): boolean {
    return this.#countRows(copy, 'drop') >= 1 + this.#countRows(copy, 'duplicate');
  }

  /** A receive of copy `copy` by `machineId`, at `row`: counted, and kept if it is the first. */
  #received(copy: number, row: Located, machineId: number): void {
    const copies = this.#copies as FaultCopies;
    copies.receives[copy] = (copies.receives[copy] as number) + 1;
    if (copies.firstReceiveLine[copy] !== 0) return;
    // A machine's receive rows name its log: only the line needs keeping.
    if (typeof row !== 'string') {
      this.#receiveFiles[machineId] ??= row.file;
      const { file, line } = row;
      if (
        file === this.#receiveFiles[machineId] &&
        line >= 1 &&
        line <= 0x7fffffff &&
        line % 1 === 0
      ) {
        copies.firstReceiveLine[copy] = row.line;
        return;
      }
    }
    copies.firstReceiveLine[copy] = -1;
    this.#otherFirstReceives.set(copy, formatLocated(row));
  }

  /** Where copy `copy` was first received, as formatLocated gives it. */
  #firstReceiveOf(copy: number): string {
    const line = (this.#copies as FaultCopies).firstReceiveLine[copy] as number;
    if (line === 0) return '';
    if (line < 0) return this.#otherFirstReceives.get(copy) ?? '';
    const machineId = this.#rows.machine((this.#copies as FaultCopies).firstRow(copy));
    return `${this.#receiveFiles[machineId]}:${line}`;
  }

  /**
   * A receive of a copy already received: allowed once per `duplicate` row of faults.csv. Returns
   * the send's msg_clock and time when it is such a duplicate, null when it is not.
   */
  duplicateOf(
    sender: number,
    seq: number,
    machineId: number,
  ): { readonly msgClock: number; readonly sendTimeUs: number; readonly sendWhere: string } | null {
    const copy = this.#copyOf(sender, seq, machineId);
    const copies = this.#copies as FaultCopies;
    if (copy < 0 || copies.duplicatesLeft[copy] === 0 || !copies.has(copy, copySent)) return null;
    const left = (copies.duplicatesLeft[copy] as number) - 1;
    copies.duplicatesLeft[copy] = left;
    this.duplicatesReceivedBy[machineId] = (this.duplicatesReceivedBy[machineId] as number) + 1;
    const send = this.#keptSends.get(copy);
    assert(send !== undefined, 'the send of a duplicated copy is kept until its duplicates come');
    // Its last duplicate received: its send is needed no more, unless finish() reports its rows.
    if (left === 0 && !copies.has(copy, copyDisagrees)) this.#keptSends.delete(copy);
    return {
      msgClock: send.msgClock,
      sendTimeUs: send.timeUs,
      sendWhere: formatLocated(send),
    };
  }

  /**
   * A FIFO break at a receive of sender-seq (after `previousSeq` on the channel): the delay or
   * duplicate fault behind it, or -1 when none (then it is a violation).
   */
  fifoCause(sender: number, seq: number, machineId: number, previousSeq: number): number {
    for (const one of [seq, previousSeq]) {
      const copy = this.#copyOf(sender, one, machineId);
      if (copy < 0) continue;
      const row = this.#findRow(copy, (at) => {
        const action = this.#rows.fault(at);
        return action === 'delay' || action === 'duplicate';
      });
      if (row >= 0) return this.#rows.faultIndex(row);
    }
    return -1;
  }

  /** Records a FIFO break as the consequence of fault `faultIndex`. */
  fifoBroken(row: Located, faultIndex: number, channel: string): void {
    const fault = this.#faults[faultIndex] as FaultConfig;
    const tally = this.#tally(
      'fifoBroken',
      'fifo',
      row,
      this.#cause(fault, this.#firstLine[faultIndex] ?? 0),
      1,
      0,
    );
    tally.message = `channel ${channel} and others delivered out of send order (no fifo option)`;
  }

  /**
   * After an event: whether its clock is its causal chain's length. A machine off its chain
   * carries the fault that put it there (its own, or the one its received message carried).
   */
  settle(machineId: number, onChain: boolean, receive: boolean): void {
    if (onChain) this.#taint[machineId] = -1;
    else if (receive && this.#pendingTaint >= 0) this.#taint[machineId] = this.#pendingTaint;
    this.#pendingTaint = -1;
  }

  /**
   * A clock off its causal chain (clock != height): a consequence of the fault that tainted the
   * machine (true), or unexplained (false: a violation).
   */
  explainOffChain(row: Located, machineId: number, clock: number, height: number): boolean {
    const index = this.#taint[machineId] as number;
    if (index < 0) return false;
    const inflated = clock > height;
    const slot = 2 * index + (inflated ? 0 : 1);
    let tally = this.#offChain[slot];
    if (tally === undefined) {
      const fault = this.#faults[index] as FaultConfig;
      const effect: ConsequenceEffect = inflated ? 'clockInflated' : 'clockDeflated';
      const cause = this.#cause(fault, this.#firstLine[index] ?? 0);
      tally = this.#tally(effect, 'clockCondition', row, cause, 0, 0);
      this.#offChain[slot] = tally;
    }
    tally.count += 1;
    const distance = Math.abs(clock - height);
    if (distance > tally.farthest || tally.message === '') {
      tally.farthest = Math.max(tally.farthest, distance);
      tally.message = `events ${inflated ? 'above' : 'below'} the length of their longest causal chain, by up to ${tally.farthest}`;
    }
    return true;
  }

  #cause(fault: FaultConfig, faultsLine: number): ConsequenceCause {
    const atUs = 'atUs' in fault ? fault.atUs : 0;
    return {
      kind: fault.kind,
      faultIndex: fault.index,
      machine: 'machine' in fault ? fault.machine : -1,
      timeMs: atUs / 1000,
      faultsLine,
    };
  }

  #tally(
    effect: ConsequenceEffect,
    rule: RuleId,
    where: Located,
    cause: ConsequenceCause,
    count: number,
    distance: number,
  ): Tally {
    const key = `${effect}/${cause.faultIndex}`;
    let tally = this.#tallies.get(key);
    if (tally === undefined) {
      tally = {
        effect,
        rule,
        where: formatLocated(where),
        cause,
        message: '',
        count: 0,
        farthest: 0,
      };
      this.#tallies.set(key, tally);
    }
    tally.count += count;
    tally.farthest = Math.max(tally.farthest, distance);
    return tally;
  }

  /**
   * The end of the logs: every copy row's send was logged, and no copy was received more
   * often than it was made minus its drops. Returns the consequences, reset restarts with the
   * later off-chain events they caused.
   */
  finish(): Consequence[] {
    this.#finishCopies();
    const consequences: Consequence[] = [];
    for (const tally of this.#tallies.values()) {
      const resetBy = this.#tallies.has(`clockReset/${tally.cause.faultIndex}`);
      // A reset's later off-chain events are counted with the reset, not listed apart.
      if (resetBy && tally.effect !== 'clockReset') continue;
      let message = tally.message;
      if (tally.effect === 'clockReset') {
        const index = tally.cause.faultIndex;
        const deflated = this.#tallies.get(`clockDeflated/${index}`);
        const inflated = this.#tallies.get(`clockInflated/${index}`);
        const caused = (deflated?.count ?? 0) + (inflated?.count ?? 0);
        const farthest = Math.max(deflated?.farthest ?? 0, inflated?.farthest ?? 0);
        message =
          `the clock goes down at a reset restart; ${countText(caused, 'later event follows off its', 'later events follow off their')} longest causal chain ` +
          `(the clock condition, rule 5), by up to ${farthest}`;
      }
      consequences.push({
        effect: tally.effect,
        rule: tally.rule,
        where: tally.where,
        message,
        count: tally.count,
        cause: tally.cause,
      });
    }
    return consequences;
  }

  /**
   * Each copy with rows, in the order of its first row: its send was logged, its rows agree with
   * it, and it was received no more often than it was made minus its drops.
   */
  #finishCopies(): void {
    const copies = this.#copies as FaultCopies;
    const rows = this.#rows;
    for (let at = 0; at < rows.length; at += 1) {
      const copy = this.#copyAtFirstRow(at);
      if (copy < 0) continue;
      const where = `${faultsFileName}:${rows.line(at)}`;
      const msgId = rows.msgId(at);
      const machine = rows.machine(at);
      if (!copies.has(copy, copySent)) {
        this.#evidence(
          where,
          `a copy row names a copy the logs send (${msgId} to machine ${machine})`,
          `a send ${msgId} to machine ${machine} in machine-${rows.peer(at)}.csv`,
          'no such send',
        );
        continue;
      }
      if (copies.has(copy, copyDisagrees)) {
        const send = this.#keptSends.get(copy) as KeptSend;
        this.#checkCopyRows(copy, send, (...args) => this.#evidence(...args));
      }
      const drops = this.#countRows(copy, 'drop');
      const duplicates = this.#countRows(copy, 'duplicate');
      const receives = copies.receives[copy] as number;
      if (receives + drops > 1 + duplicates) {
        const drop = this.#findRow(copy, (row) => rows.fault(row) === 'drop');
        this.#evidence(
          drop < 0 ? where : `${faultsFileName}:${rows.line(drop)}`,
          `a dropped copy is never received (${msgId} to machine ${machine}: ${1 + duplicates} made, ${drops} dropped)`,
          `at most ${1 + duplicates - drops} receives`,
          `${receives} (first at ${this.#firstReceiveOf(copy)})`,
        );
      }
    }
  }

  /** The copy whose first row is row `at`, or -1 when row `at` is no copy's first row. */
  #copyAtFirstRow(at: number): number {
    const copies = this.#copies as FaultCopies;
    const rows = this.#rows;
    if (copies.count === 0 || !isCopyAction(rows.fault(at))) return -1;
    const copy = this.#copyOfRow(at);
    const machine = rows.machine(at);
    if (copy === null || machine < 0 || machine >= this.#machineCount) return -1;
    const found = copies.find(this.#copyKey(copy.sender, copy.seq, machine));
    return found >= 0 && copies.firstRow(found) === at ? found : -1;
  }

  /** faults.csv rows that name fault i, per fault: what the manifest's `fired` counts. */
  firedCounts(): number[] {
    const counts = new Array<number>(this.#faults.length).fill(0);
    for (let at = 0; at < this.#rows.length; at += 1) {
      const index = this.#rows.faultIndex(at);
      if (index < counts.length) counts[index] = (counts[index] as number) + 1;
    }
    return counts;
  }

  /** Rows of faults.csv of an action (and drop reason). */
  countRows(action: string, reason?: string): number {
    let count = 0;
    for (let at = 0; at < this.#rows.length; at += 1) {
      if (
        this.#rows.fault(at) === action &&
        (reason === undefined || this.#rows.detail(at, 'reason') === reason)
      )
        count += 1;
    }
    return count;
  }
}

/**
 * Machine `machineId`'s down intervals: each crash to the restart that ends it (or the end),
 * paired in the driver's order (time, then list position) by the same spans the TCP launcher and
 * router use. A crash and a restart at one instant make an empty interval [T, T): the machine is
 * down for no time at all (pairing each crash with the first restart strictly after it, as this
 * did, left it down to the end).
 */
function downsOf(spans: readonly DownSpan[]): Down[] {
  return spans.map(({ crash, restart }) => ({
    crash,
    untilUs: restart === null ? Number.POSITIVE_INFINITY : restart.atUs,
  }));
}
