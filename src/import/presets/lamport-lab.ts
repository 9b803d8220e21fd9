/** lamport-lab's own log (machine,seq,event,time_ms,...): logs of another tool in our columns. */
export const lamportLabPreset = {
  name: 'lamport-lab',
  description:
    "lamport-lab's own CSV columns (machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock)",
  kind: 'csv',
  header: true,
  fields: {
    machine: 'machine',
    event: 'event',
    time: 'time_ms',
    clock: 'logical_clock',
    queue: 'queue_length',
    receivers: 'peers',
    sender: 'peers',
    msgClock: 'msg_clock',
    msgId: 'msg_id',
  },
  events: { send: ['send'], receive: ['receive'], internal: ['internal'] },
  receivers: { separator: ';' },
  time: { unit: 'ms' },
  machine: { from: 'field' },
} as const;
