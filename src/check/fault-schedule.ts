/**
 * When a machine of a run with faults logs its rows, recomputed from the fault list alone (the
 * driver's rules in docs/FAULTS.md): on its rate's grid, except no tick while it is down (from
 * its crash to its restart), one `restart` row at the restart's time and then the grid from its
 * first tick strictly after it, a pause's grid ticks all run at its end (after the resume, before
 * that instant's own grid tick), and a `rate` step starts a new grid at its time (tick k at
 * T + floor(k·10^9 / R') µs). `check` compares each row's time with these, as it compares a
 * fault-free run's rows with plain ticks (TickSchedule, which a fault-free run keeps using).
 */
import { assertNever } from '../../core/index.js';
import { microsPerSecondTimesMilli } from '../../core/tick-schedule.js';
import type { FaultConfig } from '../../transports/fault-config.js';

/** A grid of ticks: tick k (k >= 1) at originUs + floor(k·10^9 / R) µs, stepped exactly. */
class TickGrid {
  readonly #originUs: number;
  readonly #rateMilliHz: number;
  readonly #wholeUs: number;
  readonly #remainderStep: number;
  /** Time of the next tick, relative to the origin, and the remainder of its division. */
  #nextUs = 0;
  #remainder = 0;

  constructor(originUs: number, rateMilliHz: number) {
    this.#originUs = originUs;
    this.#rateMilliHz = rateMilliHz;
    this.#wholeUs = Math.floor(microsPerSecondTimesMilli / rateMilliHz);
    this.#remainderStep = microsPerSecondTimesMilli % rateMilliHz;
    this.#step();
  }

  /** The next tick's time. */
  peek(): number {
    return this.#originUs + this.#nextUs;
  }

  /** Moves past the next tick. */
  take(): void {
    this.#step();
  }

  /** Moves to the first tick strictly after `timeUs` (in O(1): a down machine skips many). */
  skipThrough(timeUs: number): void {
    if (this.peek() > timeUs) return;
    const elapsed = BigInt(timeUs - this.#originUs);
    const rate = BigInt(this.#rateMilliHz);
    const period = BigInt(microsPerSecondTimesMilli);
    // The largest k with floor(k·10^9 / R) <= elapsed, then one more.
    const k = ((elapsed + 1n) * rate - 1n) / period + 1n;
    const scaled = k * period;
    this.#nextUs = Number(scaled / rate);
    this.#remainder = Number(scaled % rate);
  }

  #step(): void {
    this.#nextUs += this.#wholeUs;
    this.#remainder += this.#remainderStep;
    if (this.#remainder >= this.#rateMilliHz) {
      this.#remainder -= this.#rateMilliHz;
      this.#nextUs += 1;
    }
  }
}

/** A change of one machine's ticking, at one instant. */
interface Change {
  readonly timeUs: number;
  /**
   * Order within an instant: crashes and restarts first, among themselves in list order (the
   * driver's: a restart listed before a crash at one time logs its row, then the crash takes the
   * machine down again), then pause, resume, rate.
   */
  readonly rank: number;
  readonly index: number;
  readonly kind: 'crash' | 'restart' | 'pause' | 'resume' | 'rate';
  readonly rateMilliHz: number;
}

/** The changes of machine `machineId`'s ticking, in the order the driver applies them. */
function changesOf(faults: readonly FaultConfig[], machineId: number): Change[] {
  const changes: Change[] = [];
  const add = (kind: Change['kind'], timeUs: number, index: number, rateMilliHz = 0) => {
    const rank = kind === 'crash' ? 0 : ['restart', 'pause', 'resume', 'rate'].indexOf(kind);
    changes.push({ timeUs, rank, index, kind, rateMilliHz });
  };
  for (const fault of faults) {
    if (!('machine' in fault) || fault.machine !== machineId) continue;
    switch (fault.kind) {
      case 'crash':
      case 'restart':
        add(fault.kind, fault.atUs, fault.index);
        break;
      case 'pause':
        add('pause', fault.atUs, fault.index);
        add('resume', fault.untilUs, fault.index);
        break;
      case 'rate':
        add('rate', fault.atUs, fault.index, fault.rateMilliHz);
        break;
      case 'corrupt-clock':
        break;
      default:
        assertNever(fault, 'fault kind');
    }
  }
  return changes.sort((a, b) => a.timeUs - b.timeUs || a.rank - b.rank || a.index - b.index);
}

/** What the next row of a machine must be: at `timeUs`, a restart row or a tick's. */
export class FaultTickSchedule {
  /** Whether the row advance() last returned is a restart row. */
  restartDue = false;
  /** The index of the restart fault behind it, when restartDue. */
  restartIndex = -1;
  readonly #changes: Change[];
  readonly #endUs: number;
  #grid: TickGrid;
  #next = 0;
  #down = false;
  #paused = false;
  #missed = 0;
  /** Missed ticks still to run, and when (the pause's end). */
  #catchUp = 0;
  #catchUpUs = 0;

  /** `endUs`: the run's end; no row is due after it. */
  constructor(
    rateMilliHz: number,
    faults: readonly FaultConfig[],
    machineId: number,
    endUs: number,
  ) {
    this.#grid = new TickGrid(0, rateMilliHz);
    this.#changes = changesOf(faults, machineId);
    this.#endUs = endUs;
  }

  /** The time of the next row due; +Infinity when none is due before the run's end. */
  advance(): number {
    this.restartDue = false;
    if (this.#catchUp > 0) {
      this.#catchUp -= 1;
      return this.#catchUpUs;
    }
    for (;;) {
      const change = this.#changes[this.#next];
      // A down machine makes no tick: only its next change matters.
      const tickUs = this.#down ? Number.POSITIVE_INFINITY : this.#grid.peek();
      if (change !== undefined && change.timeUs <= tickUs) {
        if (change.timeUs > this.#endUs) return Number.POSITIVE_INFINITY;
        this.#next += 1;
        if (this.#apply(change)) return change.timeUs;
        if (this.#catchUp > 0) {
          this.#catchUp -= 1;
          return this.#catchUpUs;
        }
        continue;
      }
      if (tickUs > this.#endUs) return Number.POSITIVE_INFINITY;
      this.#grid.take();
      if (!this.#paused) return tickUs;
      this.#missed += 1;
    }
  }

  /** Applies a change; true when it makes a row (a restart). */
  #apply(change: Change): boolean {
    switch (change.kind) {
      case 'crash':
        this.#down = true;
        return false;
      case 'restart':
        this.#down = false;
        this.#grid.skipThrough(change.timeUs);
        this.restartDue = true;
        this.restartIndex = change.index;
        return true;
      case 'pause':
        this.#paused = true;
        this.#missed = 0;
        return false;
      case 'resume':
        this.#paused = false;
        // A machine down at its pause's end (a crash at that instant, which comes first) never
        // runs the missed ticks; restarted at that instant too, it runs them after its restart
        // row, as the driver does.
        this.#catchUp = this.#down ? 0 : this.#missed;
        this.#catchUpUs = change.timeUs;
        this.#missed = 0;
        return false;
      case 'rate':
        this.#grid = new TickGrid(change.timeUs, change.rateMilliHz);
        return false;
      default:
        return assertNever(change.kind, 'tick change');
    }
  }
}

/** The ticks (not restart rows) a machine has due up to `endUs` under its fault schedule. */
export function faultTicksDue(
  rateMilliHz: number,
  faults: readonly FaultConfig[],
  machineId: number,
  endUs: number,
): number {
  const schedule = new FaultTickSchedule(rateMilliHz, faults, machineId, endUs);
  let ticks = 0;
  while (schedule.advance() !== Number.POSITIVE_INFINITY) if (!schedule.restartDue) ticks += 1;
  return ticks;
}

/** How long a machine was up, and whether it still was at the end. */
export interface FaultUpTime {
  readonly aliveUs: number;
  readonly upAtEnd: boolean;
}

/**
 * How long machine `machineId` was up from the start to `endUs` (µs), its processes summed: down
 * from each crash to the restart that follows it. A TCP machine's achieved rate is its ticks over
 * this, so a machine down for part of the run is not read as a slow one.
 */
export function faultUpTime(
  faults: readonly FaultConfig[],
  machineId: number,
  endUs: number,
): FaultUpTime {
  let aliveUs = 0;
  let upSinceUs: number | null = 0;
  for (const change of changesOf(faults, machineId)) {
    if (change.timeUs > endUs) break;
    if (change.kind === 'crash' && upSinceUs !== null) {
      aliveUs += change.timeUs - upSinceUs;
      upSinceUs = null;
    } else if (change.kind === 'restart' && upSinceUs === null) {
      upSinceUs = change.timeUs;
    }
  }
  return upSinceUs === null
    ? { aliveUs, upAtEnd: false }
    : { aliveUs: aliveUs + endUs - upSinceUs, upAtEnd: true };
}
