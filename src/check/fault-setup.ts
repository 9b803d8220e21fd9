/**
 * What `check` needs of a run with faults, before the first log row: the fault list in exact
 * units (from the manifest's resolved `scenario.faults`), faults.csv read, and the rules they
 * make. A manifest whose fault list cannot guide a check (a machine outside the run, a `faults`
 * list that does not follow it) is unreadable input, like any other inconsistent manifest.
 * After the logs: what the manifest states of the faults, against faults.csv and the logs.
 */

import type { FaultConfig } from '../../transports/fault-config.js';
import { InputError } from '../common/errors.js';
import { faultsFileName } from '../logs/faults-format.js';
import type { RunManifest } from '../logs/run-manifest.js';
import { faultConfigsOf } from '../logs/run-manifest-faults.js';
import { type FaultEvidenceFile, readFaultEvidence } from './fault-evidence.js';
import { FaultRules, type ReportViolation } from './fault-rules.js';

export interface FaultSetup {
  readonly list: readonly FaultConfig[];
  readonly evidence: FaultEvidenceFile;
  readonly rules: FaultRules;
}

/** Null for a run without faults (no `scenario.faults`): nothing of this is built. */
export function faultSetupOf(
  runDir: string,
  manifest: RunManifest | null,
  report: ReportViolation,
  /** How faults.csv is had: read from runDir unless given (a run held in memory). */
  readEvidence: () => FaultEvidenceFile = () => readFaultEvidence(runDir),
): FaultSetup | null {
  const resolved = manifest?.scenario.faults;
  if (manifest === null || resolved === undefined) return null;
  const machineCount = manifest.machines.length;
  const where = `${runDir}/manifest.json`;
  const fired = manifest.faults;
  if (fired === undefined || fired.length !== resolved.length) {
    throw new InputError(
      `${where}: faults: expected one entry per fault of scenario.faults (${resolved.length}), got ${fired === undefined ? 'none' : fired.length}`,
    );
  }
  fired.forEach((entry, index) => {
    const kind = resolved[index]?.kind;
    if (entry.index !== index || entry.kind !== kind) {
      throw new InputError(
        `${where}: faults[${index}]: expected index ${index} and kind "${kind}", got index ${entry.index} and kind "${entry.kind}"`,
      );
    }
  });
  const list = faultConfigsOf(
    resolved,
    fired.map((entry) => entry.stream),
  );
  list.forEach((fault, index) => {
    const ids =
      'machine' in fault
        ? [fault.machine]
        : 'groups' in fault
          ? fault.groups.flat()
          : [...fault.from, ...fault.to];
    const outside = ids.find((id) => id >= machineCount);
    if (outside !== undefined) {
      throw new InputError(
        `${where}: scenario.faults[${index}]: expected machine ids 0..${machineCount - 1}, got ${outside}`,
      );
    }
  });
  const evidence = readEvidence();
  // On real sockets the router, not the sender, alters the clock a copy carries (issue 19).
  const rules = new FaultRules(list, evidence.rows, machineCount, report, {
    clockCorruptedAt: manifest.mode === 'tcp' ? 'router' : 'sender',
    // A TCP run stopped by Ctrl-C ends its pauses at the stop (tcp-process-faults.ts).
    stopEndsPauses: manifest.mode === 'tcp' && !manifest.completed,
  });
  return { list, evidence, rules };
}

/** One stated figure against what faults.csv gives. */
interface FaultClaim {
  readonly field: string;
  readonly stated: number | undefined;
  readonly actual: number;
  readonly why: string;
}

/**
 * What the manifest states of the faults against faults.csv (each `fired`, the ledger's
 * duplicated and dropped copies by reason) and the ledger itself; reported under faultEvidence
 * (the counts) and conservation (the ledger).
 */
export function checkFaultClaims(
  manifest: RunManifest,
  setup: FaultSetup,
  report: ReportViolation,
  /** Per machine, the restart rows of its log. */
  restartsLogged: readonly number[],
): void {
  const { rules } = setup;
  const claims: FaultClaim[] = manifest.machines.map((machine, id) => ({
    field: `machines[${id}].restarts`,
    stated: machine.restarts,
    actual: restartsLogged[id] ?? 0,
    why: `the restart rows of machine-${id}.csv`,
  }));
  const counts = rules.firedCounts();
  manifest.faults?.forEach((entry, index) => {
    claims.push({
      field: `faults[${index}].fired`,
      stated: entry.fired,
      actual: counts[index] ?? 0,
      why: `the ${faultsFileName} rows of fault ${index}`,
    });
  });
  const messages = manifest.messages;
  const duplicated = rules.countRows('duplicate');
  const dropped = rules.countRows('drop');
  claims.push(
    {
      field: 'messages.duplicated',
      stated: messages?.duplicated,
      actual: duplicated,
      why: `the duplicate rows of ${faultsFileName}`,
    },
    {
      field: 'messages.dropped',
      stated: messages?.dropped,
      actual: dropped,
      why: `the drop rows of ${faultsFileName}`,
    },
  );
  for (const reason of ['loss', 'partition', 'crash'] as const) {
    claims.push({
      field: `messages.droppedBy.${reason}`,
      stated: messages?.droppedBy?.[reason],
      actual: rules.countRows('drop', reason),
      why: `the drop rows of ${faultsFileName} with reason=${reason}`,
    });
  }
  for (const claim of claims) {
    if (claim.stated === claim.actual) continue;
    report(
      'faultEvidence',
      'manifest.json',
      `${claim.field}: ${claim.why}`,
      String(claim.actual),
      claim.stated === undefined ? 'not stated' : String(claim.stated),
    );
  }
  if (messages !== undefined) checkStatedLedger(messages, report);
}

/** The manifest's ledger with faults: sent + duplicated = received + queued + in flight + dropped. */
function checkStatedLedger(
  messages: NonNullable<RunManifest['messages']>,
  report: ReportViolation,
): void {
  const made = messages.sent + (messages.duplicated ?? 0);
  // A TCP run's ledger has two more fates (absent from a virtual manifest): copies its senders
  // could not write (undeliverable) and copies lost with a failed machine.
  const tcpFates = (messages.undeliverable ?? 0) + (messages.lost ?? 0);
  const fates =
    messages.received +
    messages.queuedAtEnd +
    messages.inFlightAtEnd +
    (messages.dropped ?? 0) +
    tcpFates;
  if (made !== fates) {
    report(
      'conservation',
      'manifest.json',
      'messages: the ledger balances: sent + duplicated = received + queuedAtEnd + inFlightAtEnd + dropped',
      `${made} (${messages.sent} sent + ${messages.duplicated ?? 0} duplicated)`,
      `${fates} (${messages.received} received + ${messages.queuedAtEnd} queued + ${messages.inFlightAtEnd} in flight + ${messages.dropped ?? 0} dropped${tcpFates === 0 ? '' : ` + ${tcpFates} undeliverable or lost`})`,
    );
  }
}
