/**
 * One playground run, from the page's scenario object to the files and the viewer's data: the
 * scenario validated by the CLI's own rules (a refusal is the CLI's one line), resolved with the
 * seed, run in memory. The Web Worker calls this; so do Node tests, with the same WebCrypto.
 */
import { InputError } from '../common/errors.js';
import {
  checkFlagValue,
  type ScenarioOrigin,
  scenarioFromObject,
} from '../scenario/scenario-object.js';
import { resolveScenario } from '../scenario/resolve.js';
import { seedSchema } from '../scenario/schema.js';
import type { ViewData } from '../view/model/view-data.js';
import { summaryFileName } from '../analysis/summary-text.js';
import {
  type MemoryRunProgress,
  type RunFile,
  runInMemory,
  webCryptoSha256Hex,
} from './memory-run.js';
import { ViewDataSink } from './view-data-sink.js';

export interface PlaygroundRunRequest {
  /** The scenario as its JSON file holds it. */
  readonly scenario: Record<string, unknown>;
  readonly origin: ScenarioOrigin;
  /** As typed: checked as `run --seed` checks it. */
  readonly seed: unknown;
  readonly toolVersion: string;
}

export type PlaygroundOutcome =
  | { readonly kind: 'refused'; readonly message: string }
  | {
      readonly kind: 'done';
      readonly files: readonly RunFile[];
      readonly viewData: ViewData;
    };

export async function playgroundRun(
  request: PlaygroundRunRequest,
  onProgress?: (progress: MemoryRunProgress) => void,
): Promise<PlaygroundOutcome> {
  let resolved: ReturnType<typeof resolveScenario>;
  try {
    const seed = checkFlagValue('seed', seedSchema, request.seed);
    const loaded = scenarioFromObject(request.scenario, request.origin, { values: {}, flags: {} });
    resolved = resolveScenario(loaded, seed);
  } catch (error) {
    if (error instanceof InputError)
      return { kind: 'refused', message: `lamport-lab: ${error.message}` };
    throw error;
  }
  const viewSink = new ViewDataSink(resolved.machines);
  const run = await runInMemory({
    scenario: resolved,
    toolVersion: request.toolVersion,
    sha256Hex: webCryptoSha256Hex,
    observer: viewSink,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  // summary.json as the viewer of a run directory reads it.
  const summaryFile = run.files.find((file) => file.name === summaryFileName);
  const summary: unknown =
    summaryFile === undefined ? null : JSON.parse(new TextDecoder().decode(summaryFile.bytes));
  return {
    kind: 'done',
    files: run.files,
    viewData: viewSink.viewData(run.manifest, run.faults, summary),
  };
}
