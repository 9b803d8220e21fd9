/**
 * The vocabulary of the model: machines, messages and what one step of a machine produces.
 * Nothing here knows about time or the network; drivers attach those.
 */

/** A machine's index, 0..N-1. Machines are always kept in arrays indexed by id, never in maps. */
export type MachineId = number;

/**
 * A message as it travels. One object is shared by every copy of a broadcast: it is immutable
 * after the send, and its id (`<senderId>-<sendSeq>`) is the same for all copies by contract.
 */
export interface Message {
  readonly senderId: MachineId;
  /** The `seq` of the send event that created the message; with `senderId` it is run-unique. */
  readonly sendSeq: number;
  /** The sender's Lamport clock after the send, which is what the message carries. */
  readonly clock: number;
}

/** What one tick of a machine did. Every tick yields exactly one of these, and one log row. */
export type StepResult =
  | {
      readonly kind: 'receive';
      /** The machine's event number, 1, 2, 3 ... */
      readonly seq: number;
      /** The Lamport clock after the event. */
      readonly clock: number;
      /** Queue length after the message was taken off. */
      readonly queueLength: number;
      readonly message: Message;
    }
  | {
      readonly kind: 'send';
      readonly seq: number;
      readonly clock: number;
      readonly queueLength: number;
      /** Receivers in ascending id order; more than one for a broadcast (still one event). */
      readonly receiverIds: readonly MachineId[];
      readonly message: Message;
    }
  | {
      readonly kind: 'internal';
      readonly seq: number;
      readonly clock: number;
      readonly queueLength: number;
    };

export type EventKind = StepResult['kind'];

/** Event kinds in the fixed order used for counts and tables. */
export const eventKinds: readonly EventKind[] = ['internal', 'send', 'receive'];

/** An exact probability numerator / denominator, reduced, so decisions never use floats. */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}
