import { describe, expect, it } from 'vitest';
import { windowText } from '../../../../src/view/model/window-text.js';

describe('windowText', () => {
  it('says which part of the run is shown, how much of it, and how to choose another', () => {
    expect(windowText({ fromUs: 0, untilUs: 12_500_000, totalEvents: 9_000_000 }, 2_000_000)).toBe(
      'shows 0 s to 12.5 s of the run: 2,000,000 of its 9,000,000 events (choose the window with --from and --to, in seconds)',
    );
    expect(windowText({ fromUs: 1_000_001, untilUs: 2_000_000, totalEvents: 999 }, 10)).toBe(
      'shows 1.000001 s to 2 s of the run: 10 of its 999 events (choose the window with --from and --to, in seconds)',
    );
  });
});
