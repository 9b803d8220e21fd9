/**
 * `[{"event_type": "RECV", "time": 1795311724.71, "clock": 3, "queue": 0, "msg": {"from":
 * "127.0.0.1:8002", "clock": 2}}]`: a JSON array (or one object per line) per machine, machines
 * known by their port, in the file name and in addresses.
 */
export const jsonEventsPreset = {
  name: 'json-events',
  description:
    'JSON arrays of {"event_type", "time", "clock", "queue", "msg": {"from", "clock"}, "to"}; machines by port',
  kind: 'json',
  fields: {
    event: 'event_type',
    time: 'time',
    clock: 'clock',
    queue: 'queue',
    receivers: 'to',
    sender: 'msg.from',
    msgClock: 'msg.clock',
  },
  events: {
    send: ['SEND', 'SENT', 'send', 'sent'],
    receive: ['RECV', 'RECEIVE', 'RECEIVED', 'recv', 'receive', 'received'],
    internal: ['INTERNAL', 'internal', 'LOCAL', 'local'],
  },
  time: { unit: 's' },
  machine: { from: 'port', pattern: '(\\d+)\\D*$' },
} as const;
