/**
 * `2026-11-22 01:38:15,354 INFO Machine 0 SENT to #1 and #2 | logical clock 5`: Python's logging
 * format, the machine named on each line, so one file may hold them all.
 */
export const pythonLoggingPreset = {
  name: 'python-logging',
  description:
    'Python logging lines: "<date-time,ms> INFO Machine 0 SENT to #1 and #2 | logical clock 5"',
  kind: 'regex',
  pattern:
    '^(?<time>\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?)\\s+(?:[A-Z]+\\s+)?(?:-\\s+)?Machine\\s+#?(?<machine>\\d+)\\s+(?<event>[A-Za-z]+)(?:\\s+to\\s+(?<receivers>.+?))?(?:\\s+from\\s+#?(?<sender>\\d+))?(?:\\s+\\(its clock (?<msgClock>\\d+)\\))?\\s*\\|\\s*logical clock\\s+(?<clock>\\d+)(?:\\s*\\|\\s*queue\\s+(?<queue>\\d+))?\\s*$',
  skip: ['^(?!.*logical clock)'],
  fields: {
    machine: 'machine',
    event: 'event',
    time: 'time',
    clock: 'clock',
    queue: 'queue',
    receivers: 'receivers',
    sender: 'sender',
    msgClock: 'msgClock',
  },
  events: {
    send: ['SENT', 'SEND', 'sent', 'send'],
    receive: ['RECEIVED', 'RECEIVE', 'RECV', 'received', 'receive'],
    internal: ['INTERNAL', 'internal'],
  },
  receivers: { separator: '\\s*(?:,|\\band\\b)\\s*' },
  time: { unit: 'datetime' },
  machine: { from: 'field' },
} as const;
