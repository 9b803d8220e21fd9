#!/usr/bin/env node
// One machine of lamport-lab's model in JavaScript, driven by `lamport-lab harness`
// (docs/HARNESS.md). Node's standard library only: one JSON message per line on stdin, `ready`
// for `init`, one event per `tick` on stdout; anything for humans goes to stderr.
import { createInterface } from 'node:readline';

let me = -1;
let peers = [];
let die = null;
let clock = 0;
/** Delivered messages, oldest first: [msg_id, msg_clock]. */
const queue = [];
let head = 0;
const out = [];

function answer(object) {
  out.push(JSON.stringify(object));
}

function onTick(roll) {
  if (head < queue.length) {
    // Receive: the clock jumps past the message's, then counts the event.
    const [msgId, msgClock] = queue[head];
    head += 1;
    clock = Math.max(clock, msgClock) + 1;
    return answer({
      event: 'receive',
      msg_id: msgId,
      msg_clock: msgClock,
      clock,
      queue: queue.length - head,
    });
  }
  // Idle: count the event first, then act on the roll; a send carries the new clock.
  clock += 1;
  if (roll <= die.send_one_end) {
    const to = [peers[Math.floor((roll - 1) / die.faces_per_peer)]];
    return answer({ event: 'send', to, clock, msg_clock: clock });
  }
  if (roll <= die.send_all_end)
    return answer({ event: 'send', to: peers, clock, msg_clock: clock });
  return answer({ event: 'internal', clock });
}

const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on('line', (line) => {
  const message = JSON.parse(line);
  switch (message.type) {
    case 'init':
      ({ machine: me, peers, die } = message);
      process.stderr.write(`machine ${me} of ${message.machines} at ${message.rate_hz} Hz\n`);
      answer({ type: 'ready', v: 1 });
      break;
    case 'deliver':
      queue.push([message.msg_id, message.msg_clock]);
      break;
    case 'tick':
      onTick(message.roll);
      break;
    case 'crash':
      // Down: the process's memory is gone (the clock with it); the queue as told.
      clock = null;
      if (message.queue === 'drop') head = queue.length;
      break;
    case 'restart':
      // Back: the clock it was given (persisted, lease), or 0 (reset: none given).
      clock = message.clock ?? 0;
      answer({ event: 'restart', clock });
      break;
    case 'stop':
      lines.close();
      break;
    default:
      process.stderr.write(`machine ${me}: ${message.type} is not handled by this example\n`);
  }
  // Long runs: forget the messages already taken.
  if (head > 1024 && head * 2 > queue.length) {
    queue.splice(0, head);
    head = 0;
  }
});
// The replies of one chunk of input go out in one write, after the chunk's lines are read.
process.stdin.on('data', () => {
  setImmediate(() => {
    if (out.length === 0) return;
    process.stdout.write(`${out.join('\n')}\n`);
    out.length = 0;
  });
});
