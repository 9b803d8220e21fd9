/**
 * The judge of a child's answer to a tick: with messages queued only a receive of the oldest,
 * with the queue length left, is the model's; with none, only what the roll says. Clocks are not
 * judged here (check's rules are), only carried into the event as the child said.
 */
import { describe, expect, it } from 'vitest';
import {
  buildActionPolicy,
  createMachine,
  MessageQueue,
  StepEvent,
  toEveryPeer,
} from '../../../core/index.js';
import { actionOfRoll, applyReply } from '../../../src/harness/judge-reply.js';
import { readTickReply } from '../../../src/harness/protocol.js';

/** Machine 1 of 3, p = 0.7: the seeds' die 1..10 (1 → machine 0, 2 → machine 2, 3 → both). */
function machineOne(queued: readonly [sender: number, seq: number, clock: number][] = []) {
  const policy = buildActionPolicy(2, { numerator: 7, denominator: 10 });
  const machine = createMachine(1, 3, policy, new MessageQueue());
  for (const [sender, seq, clock] of queued) machine.queue.push(sender, seq, clock);
  return machine;
}

describe('applyReply', () => {
  it('takes a send the roll says, with the clocks the child gave', () => {
    const machine = machineOne();
    const event = new StepEvent();
    const reply = readTickReply('{"event":"send","to":[2,0],"clock":1,"msg_clock":0}');
    expect(applyReply(machine, 3, reply, event)).toBeNull();
    expect(event).toMatchObject({ kind: 'send', seq: 1, clock: 1, messageClock: 0 });
    expect(event.to).toBe(toEveryPeer);
    expect(machine.clock).toBe(1);
  });

  it('refuses an action the roll does not say', () => {
    const machine = machineOne();
    const reply = readTickReply('{"event":"send","to":[0],"clock":1,"msg_clock":1}');
    expect(applyReply(machine, 2, reply, new StepEvent())).toBe(
      'nothing queued and roll 2: expected a send to machine 2, got a send to [0]',
    );
    const internal = readTickReply('{"event":"internal","clock":1}');
    expect(applyReply(machineOne(), 1, internal, new StepEvent())).toMatch(
      /expected a send to machine 0, got an internal event/,
    );
  });

  it('takes a receive of the oldest message, and refuses any other', () => {
    const event = new StepEvent();
    const ok = readTickReply(
      '{"event":"receive","msg_id":"0-4","msg_clock":9,"clock":10,"queue":1}',
    );
    expect(
      applyReply(
        machineOne([
          [0, 4, 9],
          [2, 1, 1],
        ]),
        null,
        ok,
        event,
      ),
    ).toBeNull();
    expect(event).toMatchObject({ kind: 'receive', senderId: 0, sendSeq: 4, clock: 10 });
    const newer = readTickReply(
      '{"event":"receive","msg_id":"2-1","msg_clock":1,"clock":2,"queue":1}',
    );
    const machine = machineOne([
      [0, 4, 9],
      [2, 1, 1],
    ]);
    expect(applyReply(machine, null, newer, new StepEvent())).toMatch(
      /receive of 2-1: expected 0-4, the oldest of the 2 message\(s\) queued/,
    );
    // Refused, the message stays counted in the queue (the manifest's queuedAtEnd).
    expect(machine.queue.length).toBe(2);
    const wrongQueue = readTickReply(
      '{"event":"receive","msg_id":"0-4","msg_clock":9,"clock":10,"queue":0}',
    );
    expect(
      applyReply(
        machineOne([
          [0, 4, 9],
          [2, 1, 1],
        ]),
        null,
        wrongQueue,
        new StepEvent(),
      ),
    ).toMatch(/"queue" expected 1/);
    const internal = readTickReply('{"event":"internal","clock":3}');
    expect(applyReply(machineOne([[0, 4, 9]]), null, internal, new StepEvent())).toMatch(
      /1 message\(s\) queued: expected a receive of 0-4/,
    );
  });

  it('reads a roll as the core rolls it', () => {
    const policy = machineOne().policy;
    expect([1, 2, 3, 4, 10].map((roll) => actionOfRoll(policy, roll))).toEqual([0, 1, -2, -1, -1]);
  });
});

describe('readTickReply', () => {
  it.each([
    ['not json', /expected one JSON object per line, got text that is not JSON/],
    ['[1]', /got another JSON value/],
    ['{"event":"jump"}', /"event": expected "receive", "send" or "internal"/],
    ['{"event":"internal","clock":-1}', /"clock": expected a whole number >= 0, got -1/],
    [
      '{"event":"send","to":"all","clock":1,"msg_clock":1}',
      /"to": expected an array of machine ids/,
    ],
    ['{"event":"receive","clock":1,"msg_clock":1,"queue":0}', /"msg_id": expected the id/],
  ])('refuses %s', (line, why) => {
    expect(() => readTickReply(line)).toThrow(why);
  });
});
