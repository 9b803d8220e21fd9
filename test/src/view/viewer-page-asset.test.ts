/**
 * The viewer's script comes from the build (dist/src/view/viewer-page.js, found from the package
 * root): a package without it is an internal error that says how to make it, not bad input.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../core/assert.js';
import { packageRoot } from '../../../src/common/paths.js';
import { readViewerPageScript, viewerPagePath } from '../../../src/view/viewer-page-asset.js';

describe('readViewerPageScript', () => {
  it("reads the built page script from the package's dist/", () => {
    expect(viewerPagePath).toBe(join(packageRoot, 'dist', 'src', 'view', 'viewer-page.js'));
    const script = readViewerPageScript();
    expect(script.length).toBeGreaterThan(10_000);
    expect(script).toContain('lamport-view-data');
  });

  it('is an internal error naming the file and the build when the script is missing', () => {
    const directory = mkdtempSync(join(tmpdir(), 'lamport-viewer-asset-'));
    try {
      const missing = join(directory, 'viewer-page.js');
      expect(() => readViewerPageScript(missing)).toThrow(InvariantError);
      expect(() => readViewerPageScript(missing)).toThrow(new RegExp(`${missing}.*npm run build`));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
