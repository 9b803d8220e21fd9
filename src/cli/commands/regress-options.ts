/**
 * `replay`'s, `compare`'s and `regress`' options and the baselines' place, shared by their
 * definitions and their action.
 */
import { join } from 'node:path';
import { bundledScenariosDir } from '../../common/paths.js';

export interface ReplayOptions {
  readonly out?: string;
  readonly force: boolean;
  readonly verify: boolean;
}

export interface CompareOptions {
  readonly tolerance: number;
  readonly json: boolean;
}

export const baselinesDir = join(bundledScenariosDir, 'baselines');
