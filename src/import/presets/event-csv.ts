/**
 * `send 1+2,1795311561.9455066,0,4`: a CSV without header, one file per machine (its number in
 * the file name): the event with its receivers, epoch seconds, queue length, clock.
 */
export const eventCsvPreset = {
  name: 'event-csv',
  description:
    'CSV, no header: "send 1+2" or "receive", epoch seconds, queue, clock; machine number in the file name',
  kind: 'csv',
  header: false,
  columns: ['action', 'time', 'queue', 'clock'],
  skip: ['^\\s*#', '^\\s*(event|action|type|kind)\\s*,'],
  derive: { action: '^(?<event>[A-Za-z_]+)\\s*(?<receivers>.*)$' },
  fields: { event: 'event', time: 'time', clock: 'clock', queue: 'queue', receivers: 'receivers' },
  events: {
    send: ['send', 'sent', 'SEND', 'SENT'],
    receive: ['receive', 'received', 'recv', 'RECEIVE', 'RECEIVED', 'RECV'],
    internal: ['internal', 'INTERNAL'],
  },
  receivers: { separator: '\\s*[+;& ]\\s*' },
  time: { unit: 's' },
  machine: { from: 'file', pattern: '(\\d+)\\D*$' },
} as const;
