/** The counterexample's lines: the replay command a user pastes works whatever --out was. */
import { describe, expect, it } from 'vitest';
import { counterexampleText } from '../../../../src/cli/commands/explore-report.js';

describe("explore's counterexample text", () => {
  it('quotes the paths of the replay command, as run quotes its repeat command', () => {
    const found = {
      index: 2,
      found: 'clockReset',
      where: 'machine-1.csv:3',
      original: { machines: 4, events: 93, faults: 6 },
      minimal: { machines: 2, events: 4, faults: 2 },
      scenario: 'counterexample.json',
    };
    const text = counterexampleText(found, { shrinkSteps: 24, detail: null }, '/tmp/my runs');
    expect(text).toContain(
      "replay: npx lamport-lab run '/tmp/my runs/counterexample.json' --out '/tmp/my runs/replay' --check --strict\n",
    );
    expect(counterexampleText(found, { shrinkSteps: 24, detail: null }, 'ex')).toContain(
      'replay: npx lamport-lab run ex/counterexample.json --out ex/replay --check --strict\n',
    );
  });

  it('replays a must-hold rule with --check, a consequence of a fault with --check --strict', () => {
    // A consequence (clockReset) does not fail a check without --strict: its replay said OK.
    const found = (rule: string) => ({
      index: 2,
      found: rule,
      where: 'machine-1.csv:3',
      original: { machines: 4, events: 93, faults: 6 },
      minimal: { machines: 2, events: 4, faults: 2 },
      scenario: 'counterexample.json',
    });
    const replayOf = (rule: string) =>
      counterexampleText(found(rule), { shrinkSteps: 3, detail: null }, 'ex')
        .split('\n')
        .find((line) => line.startsWith('replay: '));
    expect(replayOf('receiveRule')).toBe(
      'replay: npx lamport-lab run ex/counterexample.json --out ex/replay --check',
    );
    expect(replayOf('fifoBroken')).toBe(
      'replay: npx lamport-lab run ex/counterexample.json --out ex/replay --check --strict',
    );
  });
});
