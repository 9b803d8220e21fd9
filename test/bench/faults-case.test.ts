/**
 * The bench's two faults cases time the same run: the CLI case's scenario file, loaded and
 * resolved as `run` does it, is the driver case's config (fault streams apart: the file's are
 * named from each fault's content, the bench's by position).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultsCaseConfig, faultsCaseScenario } from '../../bench/faults-case.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../src/scenario/resolve.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-faults-case-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the faults cases of the bench', () => {
  it.each(['faults', 'fault-free'] as const)(
    'run the same %s run through the CLI as through the driver',
    (mode) => {
      const path = join(workDir, `${mode}.json`);
      writeFileSync(path, JSON.stringify(faultsCaseScenario(mode, 20_000)));
      const loaded = loadScenario(path, { values: {}, flags: {} });
      const config = toRunConfig(resolveScenario(loaded, loaded.file.seed ?? 1));
      const expected = faultsCaseConfig(mode, 20_000);
      const withoutStream = (faults: typeof config.faults) =>
        faults.map(({ stream: _stream, ...rest }) => rest);
      expect(withoutStream(config.faults)).toEqual(withoutStream(expected.faults));
      expect(mode === 'faults' ? config.faults.length : 1).toBeGreaterThan(0);
      expect({ ...config, faults: [] }).toEqual({ ...expected, faults: [] });
    },
  );
});
