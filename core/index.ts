/** The core's public surface: the pure model. Re-exports only. */
export { assert, assertNever, InvariantError } from './assert.js';
export { clockAfterLocalEvent, clockAfterReceive } from './clock.js';
export {
  greatestCommonDivisor,
  isExactProbability,
  probabilityDecimalsMax,
  probabilityToFraction,
} from './fraction.js';
export {
  copiesOf,
  createMachine,
  deliver,
  type MachineState,
  messageId,
  peerIdAt,
  tick,
} from './machine.js';
export {
  type Action,
  type ActionPolicy,
  actionInternal,
  actionSendAll,
  buildActionPolicy,
  rollAction,
} from './policy.js';
export { MessageQueue } from './message-queue.js';
export type { NetworkQueue } from './network-queue.js';
export { grownRing } from './ring.js';
export {
  drawUniform,
  intInclusive,
  remainder,
  remainderOfU32,
  type Rng,
  type UniformRange,
  uniformRange,
} from './rng.js';
export {
  type EventKind,
  type RowKind,
  eventKinds,
  type Fraction,
  type MachineId,
  type Message,
  noPeer,
  StepEvent,
  type StepSnapshot,
  snapshotEvent,
  toEveryPeer,
} from './types.js';
export {
  CausalityTracker,
  type CausalityStats,
  vectorMachinesMax,
} from './causality/causality.js';
export {
  concurrent,
  happenedBefore,
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from './causality/vector-clock.js';
export { SendWindow } from './causality/send-window.js';
