/**
 * A machine for `harness` tests, in Node, written to a file: keeps Lamport's rules and the
 * protocol (crash and restart included) except where a test tells it otherwise. It says its PID
 * on stderr, so a test can tell the process is gone.
 */
import { writeFileSync } from 'node:fs';

export interface NodeMachineFaults {
  /** Machine 1 runs `onTick` (JavaScript; `say(object)` answers) at its tick `atTick` instead. */
  readonly atTick: number;
  readonly onTick: string;
  /** Replaces the answer to `restart` (default: the clock given, or 0, said back). */
  readonly onRestart?: string;
}

export function writeNodeMachine(path: string, faults: NodeMachineFaults): string {
  const onRestart = faults.onRestart ?? "clock = m.clock ?? 0; say({ event: 'restart', clock });";
  writeFileSync(
    path,
    `import { createInterface } from 'node:readline';
process.stderr.write('pid ' + process.pid + '\\n');
let me = 0, peers = [], die = null, clock = 0, ticks = 0;
let queue = [];
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type === 'init') { ({ machine: me, peers, die } = m); say({ type: 'ready', v: 1 }); }
  if (m.type === 'deliver') queue.push([m.msg_id, m.msg_clock]);
  if (m.type === 'crash' && m.queue === 'drop') queue = [];
  if (m.type === 'restart') { ${onRestart} }
  if (m.type !== 'tick') return;
  ticks += 1;
  if (me === 1 && ticks === ${faults.atTick}) { ${faults.onTick}; return; }
  if (queue.length > 0) {
    const [id, c] = queue.shift();
    clock = Math.max(clock, c) + 1;
    return say({ event: 'receive', msg_id: id, msg_clock: c, clock, queue: queue.length });
  }
  clock += 1;
  if (m.roll <= die.send_one_end) return say({ event: 'send', to: [peers[Math.floor((m.roll - 1) / die.faces_per_peer)]], clock, msg_clock: clock });
  if (m.roll <= die.send_all_end) return say({ event: 'send', to: peers, clock, msg_clock: clock });
  say({ event: 'internal', clock });
});
`,
  );
  return path;
}
