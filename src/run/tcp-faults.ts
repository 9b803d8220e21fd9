/**
 * A TCP run with faults (issue 19), the launcher's side: what the router process is told to apply
 * (its plan, in the driver's exact units, from the scenario as a virtual run takes it), and what
 * the manifest adds once faults.csv is assembled: the same fields as a virtual run's
 * (manifest.ts: `faults`, the ledger's duplicated and dropped, each machine's restarts, faults.csv
 * among the logs), counted from the assembled rows.
 */
import type { RouterFaultPlan } from '../../transports/tcp/frame-faults.js';
import type { AssembledFaults } from '../logs/faults-assembly.js';
import type { Manifest } from '../logs/manifest.js';
import { type ResolvedScenario, toRunConfig } from '../scenario/resolve.js';

/** The router's per-copy faults plan: the run's whole list (it acts only on its own kinds). */
export function routerFaultPlan(scenario: ResolvedScenario): RouterFaultPlan {
  const config = toRunConfig(scenario);
  return {
    faults: config.faults,
    seed: config.seed,
    latency: config.latency,
    fifo: config.fifo,
    durationUs: config.durationUs,
  };
}

/** `manifest` with the fault fields of a run with faults; unchanged without. */
export function withFaultFields(manifest: Manifest, faults: AssembledFaults | null): Manifest {
  if (faults === null) return manifest;
  const configs = toRunConfig(manifest.scenario).faults;
  const dropped = faults.droppedBy.loss + faults.droppedBy.partition + faults.droppedBy.crash;
  return {
    ...manifest,
    messages: {
      ...manifest.messages,
      duplicated: faults.duplicated,
      dropped,
      droppedBy: { ...faults.droppedBy },
    },
    machines: manifest.machines.map((machine) => ({
      ...machine,
      restarts: faults.restarts[machine.id] ?? 0,
    })),
    faults: configs.map((fault) => ({
      index: fault.index,
      kind: fault.kind,
      stream: fault.stream,
      fired: faults.fired[fault.index] ?? 0,
    })),
    logs: [...manifest.logs, faults.digest],
  };
}
