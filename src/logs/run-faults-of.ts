/**
 * A run's faults from the texts of its `faults.csv` and its manifest (see run-faults.ts, which
 * reads them from a run's directory): no file is read here, so the browser playground makes the
 * same faults section of summary.json from the files it made in memory.
 */
import * as z from 'zod';
import { InputError } from '../common/errors.js';
import { lazily } from '../common/lazily.js';
import { expectedAndGot, formatIssuePath } from '../common/zod-issue.js';
import { faultActions } from '../../transports/fault-config.js';
import { type FaultRow, FaultsFormatError, parseFaultsCsv } from './faults-format.js';
import { type FaultTimeline, faultTimeline } from './fault-timeline.js';

export interface RunFault {
  readonly index: number;
  readonly kind: string;
  /** faults.csv rows naming it. */
  readonly fired: number;
  /** The fault as the manifest resolved it (the scenario's entry with its defaults). */
  readonly resolved: Readonly<Record<string, unknown>>;
}

export interface RunFaults extends FaultTimeline {
  readonly faults: readonly RunFault[];
  /** faults.csv as read, in its order. */
  readonly rows: readonly FaultRow[];
}

const wholeText = 'a whole number >= 0';
/** Built on first use: a run without faults never loads it. */
const manifestFaultsSchema = lazily(() =>
  z.object({
    scenario: z.object({
      faults: z.array(z.looseObject({ kind: z.string('expected a fault kind') }), {
        error: 'expected the resolved fault list (faults.csv is there)',
      }),
    }),
    faults: z.array(
      z.object({
        index: z.number(wholeText).int(wholeText).nonnegative(wholeText),
        kind: z.string('expected a fault kind'),
      }),
      { error: 'expected the list of faults and how often each fired (faults.csv is there)' },
    ),
  }),
);

const knownActions: ReadonlySet<string> = new Set(faultActions);

/**
 * The faults of a run from faults.csv's rows (faultRowsOf) and its manifest (parsed JSON);
 * `csvPath` and `manifestPath` name them in refusals. `endUs` is the run's end: spans that never
 * closed last until it. Bad input (a manifest without the fault list, a row naming a fault not
 * in it) is refused in one line.
 */
export function runFaultsOf(
  rows: readonly FaultRow[],
  csvPath: string,
  manifest: unknown,
  manifestPath: string,
  endUs: number,
): RunFaults {
  const parsed = manifestFaultsSchema().safeParse(manifest, {
    reportInput: true,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? '' : formatIssuePath(issue.path);
    const words = issue === undefined ? 'invalid' : expectedAndGot(issue, (other) => other.message);
    throw new InputError(`${manifestPath}: ${field}: ${words}`);
  }
  const { scenario, faults: listed } = parsed.data;
  listed.forEach((fault, position) => {
    const resolvedKind = scenario.faults[position]?.kind;
    if (fault.index !== position || resolvedKind !== fault.kind) {
      throw new InputError(
        `${manifestPath}: faults[${position}]: expected index ${position} and the kind of ` +
          `scenario.faults[${position}] (${resolvedKind ?? 'none'}), got index ${fault.index}, kind ${fault.kind}`,
      );
    }
  });
  if (listed.length !== scenario.faults.length) {
    throw new InputError(
      `${manifestPath}: faults: expected ${scenario.faults.length} entries, one per scenario.faults entry, got ${listed.length}`,
    );
  }
  const fired = new Array<number>(listed.length).fill(0);
  for (const row of rows) {
    if (row.faultIndex >= listed.length) {
      throw new InputError(
        `${csvPath}:${row.line}: detail: expected index=0..${listed.length - 1} (the manifest lists ${listed.length} faults), got index=${row.faultIndex}`,
      );
    }
    fired[row.faultIndex] = (fired[row.faultIndex] as number) + 1;
  }
  return {
    faults: listed.map((fault, index) => ({
      index,
      kind: fault.kind,
      fired: fired[index] as number,
      resolved: scenario.faults[index] as Record<string, unknown>,
    })),
    rows,
    ...faultTimeline(rows, endUs),
  };
}

/** faults.csv's rows from its text (latin1), each action a known one; `csvPath` names it. */
export function faultRowsOf(csvText: string, csvPath: string): FaultRow[] {
  let rows: FaultRow[];
  try {
    rows = parseFaultsCsv(csvText);
  } catch (error) {
    if (!(error instanceof FaultsFormatError)) throw error;
    throw new InputError(`${csvPath}:${error.line}: ${error.problem}`);
  }
  for (const row of rows) {
    if (!knownActions.has(row.fault)) {
      throw new InputError(
        `${csvPath}:${row.line}: fault: expected one of ${[...knownActions].join(', ')}, got "${row.fault}"`,
      );
    }
  }
  return rows;
}
