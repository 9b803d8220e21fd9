/**
 * The viewer's controls: the toolbar (axis and cone switches, zoom buttons, the status line)
 * and the machines bar (a checkbox per machine to hide it, and "talks with" to keep only the
 * machines that exchanged messages with one).
 */
import type { ConeMode } from '../model/cone.js';
import type { Axis } from '../model/viewport.js';
import { button, el, machineColor, radioSwitch } from './dom.js';

export interface ToolbarActions {
  setAxis(axis: Axis): void;
  setConeMode(mode: ConeMode): void;
  zoomBy(factor: number): void;
  wholeRun(): void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  readonly status: HTMLElement;
  setAxis(axis: Axis): void;
  setConeMode(mode: ConeMode): void;
}

export const helpText =
  'Drag (or Shift + wheel) to pan, wheel, double-click or +/- to zoom, 0 for the whole run. Click an event: its row, its causal past (blue) and future (orange), its critical chain (pink) and the events ranked earlier but concurrent (purple). Keys: Left/Right the previous/next event of its machine, Up one step back along the critical chain, Down forward again, Esc clears.';

export function makeToolbar(axis: Axis, coneMode: ConeMode, actions: ToolbarActions): Toolbar {
  const axisSwitch = radioSwitch<Axis>(
    'lv-axis',
    'axis',
    [
      ['time', 'time'],
      ['lamport', 'Lamport clock'],
    ],
    axis,
    (value) => actions.setAxis(value),
  );
  const coneSwitch = radioSwitch<ConeMode>(
    'lv-cone',
    'past and future',
    [
      ['direct', 'direct messages'],
      ['cone', 'full cone'],
    ],
    coneMode,
    (value) => actions.setConeMode(value),
  );
  const status = el('span', { class: 'lv-status', 'aria-live': 'polite' });
  const zoom = el('span', {}, [
    button('+', 'zoom in (+)', () => actions.zoomBy(0.5)),
    ' ',
    button('-', 'zoom out (-)', () => actions.zoomBy(2)),
    ' ',
    button('whole run', 'show the whole run (0)', () => actions.wholeRun()),
  ]);
  const element = el('div', { class: 'lv-toolbar' }, [
    axisSwitch.element,
    coneSwitch.element,
    zoom,
    status,
  ]);
  return {
    element,
    status,
    setAxis: (value) => axisSwitch.set(value),
    setConeMode: (value) => coneSwitch.set(value),
  };
}

export interface MachinesBar {
  readonly element: HTMLElement;
  /** Shows the flags (after a filter changed them). */
  update(shown: readonly boolean[]): void;
}

export function makeMachinesBar(
  machineCount: number,
  onShown: (shown: boolean[]) => void,
  talkersOf: (machine: number) => number[],
): MachinesBar {
  const boxes: HTMLInputElement[] = [];
  const current = () => boxes.map((box) => box.checked);
  const labels = Array.from({ length: machineCount }, (_, machine) => {
    const box = el('input', { type: 'checkbox', 'data-machine': String(machine) });
    box.checked = true;
    box.addEventListener('change', () => onShown(current()));
    boxes.push(box);
    return el('label', { style: `color: ${machineColor(machine)}` }, [box, `M${machine}`]);
  });
  const talks = el('select', { 'aria-label': 'only the machines that talk with' }, [
    el('option', { value: '' }, ['every machine']),
    ...Array.from({ length: machineCount }, (_, machine) =>
      el('option', { value: String(machine) }, [`those that talk with M${machine}`]),
    ),
  ]);
  talks.addEventListener('change', () => {
    const machine = talks.value === '' ? null : Number(talks.value);
    const keep = machine === null ? null : new Set(talkersOf(machine));
    onShown(Array.from({ length: machineCount }, (_, m) => keep === null || keep.has(m)));
  });
  const element = el('div', { class: 'lv-machines' }, [
    el('span', { class: 'lv-legend' }, ['machines:']),
    talks,
    ...labels,
  ]);
  return {
    element,
    update(shown) {
      shown.forEach((isShown, machine) => {
        const box = boxes[machine];
        if (box !== undefined) box.checked = isShown;
      });
    },
  };
}
