/**
 * The viewer's input: drag to pan, wheel to zoom about the pointer, a click (a press that did
 * not move) to select the event under it, the keys of the help line, and a redraw when the
 * page's width changes. Returns a function that removes every listener.
 */
import { hitTest } from '../model/hit-test.js';
import type { RunView } from '../model/run-view.js';
import { panByPixels, type Viewport } from '../model/viewport.js';
import type { AxisOrder } from '../model/visible.js';
import type { DiagramGeometry } from './diagram-scene.js';
import { faultAt } from './fault-hit.js';
import { machineYPx } from './lane-layout.js';

/** What the input drives: the viewer (viewer.ts), as far as input needs it. */
export interface Viewer {
  readonly view: RunView;
  readonly elements: { readonly canvas: HTMLCanvasElement };
  geometry(): DiagramGeometry;
  order(): AxisOrder;
  viewport(): Viewport;
  extent(): number;
  setViewport(viewport: Viewport): void;
  zoomBy(factor: number, anchorX: number | null): void;
  showWhole(): void;
  select(index: number): void;
  /** False when nothing is selected. */
  machineStep(delta: -1 | 1): boolean;
  chainStep(direction: 'back' | 'forward'): boolean;
  requestDraw(): void;
  /** The page's width changed: redraw the diagram and the charts. */
  resized(): void;
  /** One line naming an event (the tooltip). */
  describe(index: number): string;
}

/** A press that moved less than this is a click, not a drag. */
const clickSlopPx = 4;
const hitRadiusPx = 8;

export function attachViewerInput(viewer: Viewer): () => void {
  const canvas = viewer.elements.canvas;
  const removers = [attachPointer(viewer, canvas), attachWheel(viewer, canvas), attachKeys(viewer)];
  const resize = new ResizeObserver(() => viewer.resized());
  resize.observe(canvas);
  return () => {
    resize.disconnect();
    for (const remove of removers) remove();
  };
}

function attachPointer(viewer: Viewer, canvas: HTMLCanvasElement): () => void {
  let pressX = 0;
  let lastX = 0;
  let pressed = false;
  let moved = false;
  const down = (event: PointerEvent) => {
    if (event.button !== 0) return;
    pressed = true;
    moved = false;
    pressX = event.clientX;
    lastX = event.clientX;
    canvas.setPointerCapture(event.pointerId);
  };
  const move = (event: PointerEvent) => {
    if (!pressed) {
      hoverAt(viewer, canvas, event);
      return;
    }
    if (!moved && Math.abs(event.clientX - pressX) < clickSlopPx) return;
    moved = true;
    canvas.classList.add('lv-dragging');
    const geometry = viewer.geometry();
    viewer.setViewport(
      panByPixels(viewer.viewport(), viewer.extent(), event.clientX - lastX, geometry.plotWidthPx),
    );
    lastX = event.clientX;
  };
  const up = (event: PointerEvent) => {
    if (!pressed) return;
    pressed = false;
    canvas.classList.remove('lv-dragging');
    if (!moved) clickAt(viewer, canvas, event);
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  return () => {
    canvas.removeEventListener('pointerdown', down);
    canvas.removeEventListener('pointermove', move);
    canvas.removeEventListener('pointerup', up);
    canvas.removeEventListener('pointercancel', up);
  };
}

/** The event nearest the pointer within a few pixels, or -1. */
function eventAt(viewer: Viewer, canvas: HTMLCanvasElement, event: PointerEvent): number {
  const rect = canvas.getBoundingClientRect();
  const geometry = viewer.geometry();
  const layout = geometry.layout;
  return hitTest(
    viewer.order(),
    {
      viewport: geometry.viewport,
      widthPx: geometry.plotWidthPx,
      machineCount: viewer.view.machineCount,
      laneY: (machine) => machineYPx(layout, machine),
    },
    event.clientX - rect.left - geometry.plotLeftPx,
    event.clientY - rect.top,
    hitRadiusPx,
  );
}

/** Selects the event nearest the click within a few pixels; a click on nothing keeps the selection. */
function clickAt(viewer: Viewer, canvas: HTMLCanvasElement, event: PointerEvent): void {
  const index = eventAt(viewer, canvas, event);
  canvas.focus({ preventScroll: true });
  if (index >= 0) viewer.select(index);
}

/** The event (or else the fault) under the pointer, named in the canvas's tooltip. */
function hoverAt(viewer: Viewer, canvas: HTMLCanvasElement, event: PointerEvent): void {
  const index = eventAt(viewer, canvas, event);
  let title = index < 0 ? '' : viewer.describe(index);
  if (index < 0) {
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const fault = faultAt(viewer.view.faults, viewer.geometry(), x, event.clientY - rect.top);
    if (fault !== null) title = `${fault.what}: ${fault.label}`;
  }
  if (canvas.title !== title) canvas.title = title;
}

function attachWheel(viewer: Viewer, canvas: HTMLCanvasElement): () => void {
  const wheel = (event: WheelEvent) => {
    event.preventDefault();
    // Pixels, lines or pages: a notch of any of them moves by about the same step.
    const scale = event.deltaMode === 0 ? 1 : 40;
    // A sideways scroll (a touchpad, or Shift with a wheel) pans; an up/down one zooms.
    const sideways = event.shiftKey ? event.deltaY || event.deltaX : event.deltaX;
    if (Math.abs(sideways) > Math.abs(event.shiftKey ? 0 : event.deltaY)) {
      const geometry = viewer.geometry();
      viewer.setViewport(
        panByPixels(viewer.viewport(), viewer.extent(), -sideways * scale, geometry.plotWidthPx),
      );
      return;
    }
    const factor = Math.exp(Math.max(-2, Math.min(2, event.deltaY * scale * 0.002)));
    viewer.zoomBy(factor, event.clientX - canvas.getBoundingClientRect().left);
  };
  const doubleClick = (event: MouseEvent) => {
    viewer.zoomBy(0.5, event.clientX - canvas.getBoundingClientRect().left);
  };
  canvas.addEventListener('wheel', wheel, { passive: false });
  canvas.addEventListener('dblclick', doubleClick);
  return () => {
    canvas.removeEventListener('wheel', wheel);
    canvas.removeEventListener('dblclick', doubleClick);
  };
}

function attachKeys(viewer: Viewer): () => void {
  const document = viewer.elements.canvas.ownerDocument;
  const key = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    // Keys typed into a control (a radio switch moves with the arrows) are the control's.
    if (target !== null && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!handleKey(viewer, event.key)) return;
    event.preventDefault();
  };
  document.addEventListener('keydown', key);
  return () => document.removeEventListener('keydown', key);
}

/** True when the key meant something here. */
function handleKey(viewer: Viewer, key: string): boolean {
  switch (key) {
    case 'ArrowLeft':
      return viewer.machineStep(-1);
    case 'ArrowRight':
      return viewer.machineStep(1);
    case 'ArrowUp':
      return viewer.chainStep('back');
    case 'ArrowDown':
      return viewer.chainStep('forward');
    case 'Escape':
      viewer.select(-1);
      return true;
    case '+':
    case '=':
      viewer.zoomBy(0.5, null);
      return true;
    case '-':
      viewer.zoomBy(2, null);
      return true;
    case '0':
      viewer.showWhole();
      return true;
    default:
      return false;
  }
}
