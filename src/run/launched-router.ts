/**
 * The router of a `--topology router` TCP run in its own OS process (issue 19), as started by the
 * launcher: configuration in, its port and report out, over Node's IPC channel. Out of the
 * launcher's process so that a machine the launcher kills, stops (SIGSTOP) or restarts never
 * stalls the forwarding, and so that the launcher's own work (progress, start-up waits) never
 * delays a frame. Like launched-machine.ts, this module stays free of the CLI: it is all the
 * router process loads (see router-main.ts).
 *
 * Lifetime: the router ends when the launcher says `stop`, when the launcher is gone (its end of
 * the channel closes, even after a SIGKILL) or on SIGTERM. A terminal's Ctrl-C (SIGINT to the
 * whole process group) does NOT end it: the launcher handles that stop, and the machines still
 * need the router to exchange their fins; the launcher then stops the router itself.
 */
import { assertNever } from '../../core/index.js';
import type { RouterFaultPlan } from '../../transports/tcp/frame-faults.js';
import { type RouterConfig, type RouterReport, TcpRouter } from '../../transports/tcp/router.js';
import { systemClock } from '../../transports/tcp/wall-clock.js';
import { InputError } from '../common/errors.js';
import { type ExitCode, exitCodes } from '../common/exit-codes.js';
import { routerFaultsPartName } from '../logs/faults-assembly.js';
import { FaultsCsvLog } from '../logs/faults-csv.js';

/** What the launcher passes to the router process (over the IPC channel, first message). */
export interface RouterLaunchConfig {
  readonly router: RouterConfig;
  /** A run with faults: what the router applies, and the run directory its rows go to. */
  readonly faults: { readonly plan: RouterFaultPlan; readonly outDir: string } | null;
}

/** Messages from the launcher to the router process. */
export type LauncherToRouter =
  | { readonly kind: 'config'; readonly launch: RouterLaunchConfig }
  /** A machine crashed (fault `faultIndex`): the router drops its copies (TcpRouter.machineDown). */
  | { readonly kind: 'machine-down'; readonly machineId: number; readonly faultIndex: number }
  /** The machine restarted: its copies go out again. */
  | { readonly kind: 'machine-up'; readonly machineId: number }
  /** The run was stopped: no restart comes, so no machine down is waited for (runStopped). */
  | { readonly kind: 'run-stopped' }
  | { readonly kind: 'stop' };

/** Messages from the router process to the launcher. */
export type RouterToLauncher =
  | { readonly kind: 'listening'; readonly port: number }
  /** Every machine's fin is in (or its connection gone) and the router's fins went out. */
  | { readonly kind: 'finished' }
  /** The last message before the process ends: what the router did. */
  | { readonly kind: 'done'; readonly report: RouterReport }
  | { readonly kind: 'failed'; readonly message: string };

function sendToLauncher(message: RouterToLauncher): Promise<void> {
  return new Promise<void>((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * The launcher's messages: the configuration (resolved; null when a stop, or the launcher's end,
 * came first), a stop, and machines going down and up, handed to the router once it exists.
 */
function launcherLink(): {
  launched: Promise<RouterLaunchConfig | null>;
  stopped: Promise<void>;
  onMachineState: (handler: (message: MachineStateMessage) => void) => void;
} {
  let resolveLaunch: (launch: RouterLaunchConfig | null) => void = () => {};
  let resolveStopped: () => void = () => {};
  let machineState: (message: MachineStateMessage) => void = () => {};
  const launched = new Promise<RouterLaunchConfig | null>((resolve) => {
    resolveLaunch = resolve;
  });
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  const stop = () => {
    resolveLaunch(null);
    resolveStopped();
  };
  process.on('message', (message: LauncherToRouter) => {
    switch (message.kind) {
      case 'config':
        resolveLaunch(message.launch);
        return;
      case 'machine-down':
      case 'machine-up':
      case 'run-stopped':
        machineState(message);
        return;
      case 'stop':
        stop();
        return;
      default:
        assertNever(message, 'message from the launcher');
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  // Ctrl-C reaches every process of the terminal's group: the launcher decides, see above.
  process.on('SIGINT', () => {});
  return {
    launched,
    stopped,
    onMachineState: (handler) => {
      machineState = handler;
    },
  };
}

type MachineStateMessage = Extract<
  LauncherToRouter,
  { kind: 'machine-down' | 'machine-up' | 'run-stopped' }
>;

/** The router process's whole life; returns its exit code. */
export async function runLaunchedRouter(): Promise<ExitCode> {
  if (process.send === undefined) {
    throw new InputError(
      '--ipc: expected a process started by `lamport-lab run --mode tcp --topology router`, got no IPC channel',
    );
  }
  const link = launcherLink();
  const launch = await link.launched;
  if (launch === null) {
    if (process.connected) process.disconnect();
    return exitCodes.interrupted;
  }
  const faults = launch.faults;
  // Its rows, as it takes its actions (faults-router.part.csv; the launcher assembles faults.csv).
  const evidence =
    faults === null
      ? null
      : new FaultsCsvLog(faults.plan.faults, faults.outDir, routerFaultsPartName);
  const router = new TcpRouter(
    launch.router,
    systemClock,
    faults === null || evidence === null ? null : { plan: faults.plan, recorder: evidence },
  );
  link.onMachineState((message) => {
    switch (message.kind) {
      case 'machine-down':
        router.machineDown(message.machineId, message.faultIndex);
        return;
      case 'machine-up':
        router.machineUp(message.machineId);
        return;
      case 'run-stopped':
        router.runStopped();
        return;
      default:
        assertNever(message, 'machine state from the launcher');
    }
  });
  try {
    const port = await router.listen();
    void router.finished.then(() => sendToLauncher({ kind: 'finished' }));
    await sendToLauncher({ kind: 'listening', port });
    await link.stopped;
    await router.close();
    evidence?.close();
    await sendToLauncher({ kind: 'done', report: router.report() });
    return exitCodes.ok;
  } catch (error) {
    await router.close().catch(() => undefined);
    evidence?.close();
    await sendToLauncher({ kind: 'failed', message: (error as Error).message });
    return exitCodes.input;
  } finally {
    if (process.connected) process.disconnect();
  }
}
