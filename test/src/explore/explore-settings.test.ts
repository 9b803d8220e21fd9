/**
 * Goal: --expect names a rule of check or a consequence of a fault, as `check --help` lists them,
 * and anything else is refused in one line that names the valid names.
 */
import { describe, expect, it } from 'vitest';
import { consequenceEffects } from '../../../src/check/consequences.js';
import { checkRules } from '../../../src/check/rules.js';
import { InputError } from '../../../src/common/errors.js';
import {
  defaultExploreSettings,
  expectNames,
  expectTargetName,
  faultKindsAll,
  parseExpectTarget,
} from '../../../src/explore/explore-settings.js';
import { faultSchema } from '../../../src/scenario/fault-schema.js';

describe('parseExpectTarget', () => {
  it('takes every rule id and every consequence effect, and names them back', () => {
    for (const rule of Object.keys(checkRules)) {
      const target = parseExpectTarget(rule);
      expect(target).toEqual({ kind: 'rule', rule });
      expect(expectTargetName(target)).toBe(rule);
    }
    for (const effect of Object.keys(consequenceEffects)) {
      const target = parseExpectTarget(effect);
      expect(target).toEqual({ kind: 'consequence', effect });
      expect(expectTargetName(target)).toBe(effect);
    }
  });

  it('refuses any other name in one line that lists the valid ones', () => {
    for (const bad of ['clockreset', 'rule2', '', 'toString', 'constructor']) {
      let error: unknown;
      try {
        parseExpectTarget(bad, '--expect');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^--expect: expected a rule or consequence name/);
      expect(message).toContain(`got ${JSON.stringify(bad)}`);
      for (const name of expectNames()) expect(message).toContain(name);
    }
  });
});

describe('defaultExploreSettings', () => {
  it('is seed 1, every fault kind, 4 machines at most, no --expect', () => {
    expect(defaultExploreSettings()).toEqual({
      seed: 1,
      faultKinds: faultKindsAll,
      machinesMax: 4,
      expect: null,
    });
  });

  it('lists every kind the scenario format takes, once', () => {
    const kinds = faultSchema.options.map((option) => option.shape.kind.value);
    expect([...faultKindsAll].sort()).toEqual([...kinds].sort());
  });
});
