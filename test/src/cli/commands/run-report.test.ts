/**
 * Goal: the report a run prints at its end says truthfully how it ended.
 * Method: a small run's manifest, read back, as it is and marked stopped early.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReport } from '../../../../src/cli/commands/run-report.js';
import type { Manifest } from '../../../../src/logs/manifest.js';
import { useCopiedRun } from '../../../helpers/copied-run.js';

const workDir = useCopiedRun('run-report');
const readManifest = (): Manifest =>
  JSON.parse(readFileSync(join(workDir(), 'run', 'manifest.json'), 'utf8')) as Manifest;

describe("a run's closing report", () => {
  it('says nothing of a stop for a run that completed', () => {
    const manifest = readManifest();
    expect(runReport(manifest, 1)).not.toContain('STOPPED EARLY');
  });

  it('names both signals that stop a run early, not only Ctrl-C (SIGTERM stops it too)', () => {
    const manifest = { ...readManifest(), completed: false };
    expect(runReport(manifest, 1)).toContain(
      'STOPPED EARLY (Ctrl-C or SIGTERM): the logs hold the run so far',
    );
  });
});
