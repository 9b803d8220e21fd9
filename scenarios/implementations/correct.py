#!/usr/bin/env python3
"""One machine of lamport-lab's model, driven by `lamport-lab harness` (docs/HARNESS.md).

Standard library only. Reads one JSON message per line on stdin, answers `init` with `ready`
and every `tick` with the one event it made; anything for humans goes to stderr.
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
                # Idle: count the event first, then act on the roll; a send carries the new clock.
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
                    reply = {"event": "send", "to": to, "clock": clock, "msg_clock": clock}
            out.write(json.dumps(reply, separators=(",", ":")) + "\n")
            out.flush()
        elif kind == "crash":
            # Down: the process's memory is gone (the clock with it); the queue as told.
            clock = None
            if msg["queue"] == "drop":
                queue.clear()
        elif kind == "restart":
            # Back: the clock it was given (persisted, lease), or 0 (reset: none given).
            clock = msg.get("clock", 0)
            out.write(json.dumps({"event": "restart", "clock": clock}) + "\n")
            out.flush()
        elif kind == "stop":
            break
        else:
            print(f"machine {me}: unknown message {kind!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
