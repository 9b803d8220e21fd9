#!/usr/bin/env python3
"""A machine with a classic bug: the message is stamped BEFORE the clock is incremented.

Otherwise it is correct.py (docs/HARNESS.md): `lamport-lab harness -- python3 <this file>` must
report a finding, naming rule 1 (a send's msg_clock equals its logical_clock).
"""
import json
import sys
from collections import deque


def main():
    out = sys.stdout
    me = None
    peers = []
    die = None
    clock = 0
    queue = deque()  # (msg_id, msg_clock), oldest first

    for line in sys.stdin:
        msg = json.loads(line)
        kind = msg["type"]
        if kind == "init":
            me, peers, die = msg["machine"], msg["peers"], msg["die"]
            print(f"machine {me} of {msg['machines']} at {msg['rate_hz']} Hz", file=sys.stderr)
            out.write('{"type":"ready","v":1}\n')
            out.flush()
        elif kind == "deliver":
            queue.append((msg["msg_id"], msg["msg_clock"]))
        elif kind == "tick":
            if queue:
                # Receive: the clock jumps past the message's, then counts the event.
                msg_id, msg_clock = queue.popleft()
                clock = max(clock, msg_clock) + 1
                reply = {"event": "receive", "msg_id": msg_id, "msg_clock": msg_clock,
                         "clock": clock, "queue": len(queue)}
            else:
                # THE BUG: the stamp is read before the increment, so a message carries the
                # clock of the event before its send (check: rule 1, msg_clock != logical_clock).
                stamp = clock
                clock += 1
                roll = msg["roll"]
                if roll <= die["send_one_end"]:
                    to = [peers[(roll - 1) // die["faces_per_peer"]]]
                elif roll <= die["send_all_end"]:
                    to = list(peers)
                else:
                    to = None
                if to is None:
                    reply = {"event": "internal", "clock": clock}
                else:
                    reply = {"event": "send", "to": to, "clock": clock, "msg_clock": stamp}
            out.write(json.dumps(reply, separators=(",", ":")) + "\n")
            out.flush()
        elif kind == "stop":
            break
        elif kind in ("crash", "restart"):
            print(f"machine {me}: {kind} is not handled by this example", file=sys.stderr)
        else:
            print(f"machine {me}: unknown message {kind!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
