/**
 * `RECEIVED from machine 2 (its clock 9) - GLOBAL TIME: 12 - LOGICAL CLOCK TIME: 10 - QUEUE: 1`:
 * one file per machine (its number in the file name), system time in seconds.
 */
export const globalTimePreset = {
  name: 'global-time',
  description:
    '"RECEIVED from machine 2 (its clock 9) - GLOBAL TIME: 12 - LOGICAL CLOCK TIME: 10 - QUEUE: 1"; machine number in the file name',
  kind: 'regex',
  pattern:
    '^(?<event>[A-Za-z]+)(?:\\s+to\\s+(?<receivers>.+?))?(?:\\s+from\\s+machine\\s+(?<sender>\\d+))?(?:\\s*\\(its clock\\s+(?<msgClock>\\d+)\\))?\\s+-\\s+GLOBAL TIME:\\s*(?<time>\\d+(?:\\.\\d+)?)\\s+-\\s+LOGICAL CLOCK TIME:\\s*(?<clock>\\d+)(?:\\s+-\\s+QUEUE:\\s*(?<queue>\\d+))?\\s*$',
  skip: ['^(?!.*LOGICAL CLOCK TIME)'],
  fields: {
    event: 'event',
    time: 'time',
    clock: 'clock',
    queue: 'queue',
    receivers: 'receivers',
    sender: 'sender',
    msgClock: 'msgClock',
  },
  events: {
    send: ['SENT', 'SEND'],
    receive: ['RECEIVED', 'RECEIVE', 'RECV'],
    internal: ['INTERNAL', 'INTERNAL EVENT'],
  },
  receivers: { separator: '\\s*(?:,|\\band\\b)\\s*' },
  time: { unit: 's' },
  machine: { from: 'file', pattern: '(\\d+)\\D*$' },
} as const;
