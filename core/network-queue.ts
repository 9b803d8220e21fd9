/**
 * What a machine's step needs of its network queue: how many messages wait, and the oldest one.
 * The core's MessageQueue is one; a driver may keep queues its own way (the simulator shares
 * each broadcast between every receiver's queue) as long as each machine sees its messages in
 * the order they reached it.
 */
import type { StepEvent } from './types.js';

export interface NetworkQueue {
  readonly length: number;
  /** Removes the oldest message into the event's message fields. Callers check `length` first. */
  shiftInto(event: StepEvent): void;
}
