/**
 * The viewer: mountViewer(root, view) builds the whole page inside `root` (the facts, the
 * toolbar, the space-time diagram, the details panel, the side charts, the machines bar, the
 * check result, the summary and the faults) and keeps it live. view.html mounts it on the run
 * inlined in the file; the playground mounts it on the run it simulated.
 *
 * Drawing happens in requestAnimationFrame, at most once a frame whatever asked for it; the side
 * charts are redrawn a little after the window stops moving (they read every event in the
 * window, the diagram only what it draws). A selection's full cone is computed in slices
 * between frames (slicer.ts), so a click never freezes the page.
 */
import type { ConeMode } from '../model/cone.js';
import type { RunView } from '../model/run-view.js';
import {
  type Axis,
  axisExtent,
  clampViewport,
  type Viewport,
  wholeViewport,
  zoomAbout,
} from '../model/viewport.js';
import { AxisOrder } from '../model/visible.js';
import { eventName, renderDetails } from './details-panel.js';
import { drawArrows, drawAxis, drawEvents, drawLanes, arrowEventLimit } from './diagram-draw.js';
import {
  type DiagramGeometry,
  type DiagramScene,
  type HighlightSets,
  isOnScreen,
  plotLeftPx,
  plotWidthOf,
  visibleEventCount,
  xOfEvent,
  yOfEvent,
} from './diagram-scene.js';
import { el } from './dom.js';
import { drawFaultMarks, drawFaultSpans } from './fault-draw.js';
import { drawHighlights } from './highlight-draw.js';
import { type LaneLayout, laneLayout } from './lane-layout.js';
import { factsLine } from './run-facts.js';
import { Selection } from './selection.js';
import { drawSideChart, makeSideCharts, type SideChart, sizedContext } from './side-charts.js';
import { Slicer } from './slicer.js';
import { checkSection, faultsSection, summarySection, windowNotice } from './summary-panel.js';
import { talkersOf } from './talkers.js';
import type { LamportViewHook } from './test-hook.js';
import {
  helpText,
  type MachinesBar,
  makeMachinesBar,
  makeToolbar,
  type Toolbar,
} from './viewer-controls.js';
import { attachViewerInput } from './viewer-input.js';
import { addViewerStyle } from './viewer-style.js';

export interface ViewerOptions {
  /** The heading above the diagram (default: the run's title). */
  readonly heading?: string;
  readonly axis?: Axis;
  readonly coneMode?: ConeMode;
}

export interface MountedViewer {
  /** The same object view.html publishes as window.lamportView. */
  readonly hook: LamportViewHook;
  /** Stops listening (keys, resize, timers) and empties the root. */
  destroy(): void;
}

const targetDiagramHeightPx = 480;
const chartDelayMs = 60;

/**
 * Builds the viewer of `view` inside `root` (its children are replaced) and keeps it live until
 * destroy(). The playground calls it again for each run it simulates (destroying the previous
 * one); view.html calls it once and publishes the hook as window.lamportView.
 */
export function mountViewer(
  root: HTMLElement,
  view: RunView,
  options: ViewerOptions = {},
): MountedViewer {
  addViewerStyle(root.ownerDocument);
  const viewer = new Viewer(root, view, options);
  return { hook: viewer.hook, destroy: () => viewer.destroy() };
}

interface ViewerElements {
  readonly canvas: HTMLCanvasElement;
  readonly details: HTMLElement;
  readonly toolbar: Toolbar;
  readonly machinesBar: MachinesBar;
  readonly charts: readonly SideChart[];
}

function sameViewport(a: Viewport, b: Viewport): boolean {
  return a.axis === b.axis && a.from === b.from && a.to === b.to;
}

export class Viewer {
  readonly view: RunView;
  readonly hook: LamportViewHook;
  readonly elements: ViewerElements;
  readonly #root: HTMLElement;
  readonly #slicer: Slicer;
  readonly #orders = new Map<Axis, AxisOrder>();
  readonly #extents = new Map<Axis, number>();
  readonly #viewports = new Map<Axis, Viewport>();
  readonly #detach: () => void;
  #axis: Axis;
  #coneMode: ConeMode;
  #shown: boolean[];
  #layout: LaneLayout;
  #selection: Selection | null = null;
  /** Where Up came from, so Down goes back. */
  #chainTrail: number[] = [];
  #frameRequested = false;
  #chartTimer: ReturnType<typeof setTimeout> | null = null;
  #frames = 0;
  #lastFrameMs = 0;
  #destroyed = false;
  /** The last axis switch: the window left and the one it opened on the other axis. */
  #lastSwitch: { readonly from: Viewport; readonly to: Viewport } | null = null;

  constructor(root: HTMLElement, view: RunView, options: ViewerOptions) {
    this.view = view;
    this.#root = root;
    this.#axis = options.axis ?? 'time';
    this.#coneMode = options.coneMode ?? 'cone';
    this.#shown = new Array<boolean>(view.machineCount).fill(true);
    this.#layout = laneLayout(this.#shown, targetDiagramHeightPx);
    this.hook = this.#makeHook();
    this.#slicer = new Slicer((error) => this.reportError(error));
    this.elements = this.#build(options.heading ?? view.title);
    this.#detach = attachViewerInput(this);
    this.renderDetails();
    this.requestDraw();
  }

  #build(heading: string): ViewerElements {
    const canvas = el('canvas', {
      class: 'lv-diagram',
      tabindex: '0',
      'aria-label': 'space-time diagram',
    });
    const details = el('aside', { class: 'lv-details', 'aria-live': 'polite' });
    const toolbar = makeToolbar(this.#axis, this.#coneMode, {
      setAxis: (axis) => this.setAxis(axis),
      setConeMode: (mode) => this.setConeMode(mode),
      zoomBy: (factor) => this.zoomBy(factor, null),
      wholeRun: () => this.showWhole(),
    });
    const machinesBar = makeMachinesBar(
      this.view.machineCount,
      (shown) => this.setShown(shown),
      (machine) => talkersOf(this.view, machine),
    );
    const charts = makeSideCharts();
    const bottom = el('div', { class: 'lv-bottom' }, [
      checkSection(this.view),
      summarySection(this.view),
      faultsSection(this.view),
    ]);
    this.#root.replaceChildren(
      el('div', { class: 'lv-root' }, [
        el('h1', {}, [heading]),
        el('p', { class: 'lv-facts' }, [factsLine(this.view)]),
        windowNotice(this.view),
        toolbar.element,
        el('p', { class: 'lv-help' }, [helpText]),
        el('div', { class: 'lv-main' }, [
          el('div', { class: 'lv-diagram-box' }, [canvas]),
          details,
        ]),
        machinesBar.element,
        el(
          'div',
          { class: 'lv-charts' },
          charts.map((chart) => chart.element),
        ),
        bottom,
      ]),
    );
    return { canvas, details, toolbar, machinesBar, charts };
  }

  get axis(): Axis {
    return this.#axis;
  }

  get coneMode(): ConeMode {
    return this.#coneMode;
  }

  get selection(): Selection | null {
    return this.#selection;
  }

  order(): AxisOrder {
    let order = this.#orders.get(this.#axis);
    if (order === undefined) {
      order = new AxisOrder(this.view, this.#axis);
      this.#orders.set(this.#axis, order);
    }
    return order;
  }

  extent(): number {
    let extent = this.#extents.get(this.#axis);
    if (extent === undefined) {
      extent = axisExtent(this.view, this.#axis);
      this.#extents.set(this.#axis, extent);
    }
    return extent;
  }

  viewport(): Viewport {
    return this.#viewports.get(this.#axis) ?? this.#initialViewport();
  }

  /**
   * The whole run, or on the time axis of a page that holds a window of the run only, that
   * window (the run's other times have no events in the data).
   */
  #initialViewport(): Viewport {
    const extent = this.extent();
    const window = this.view.window;
    if (this.#axis === 'time' && window !== null) {
      return clampViewport({ axis: 'time', from: window.fromUs, to: window.untilUs }, extent);
    }
    return wholeViewport(this.#axis, extent);
  }

  setViewport(viewport: Viewport): void {
    this.#viewports.set(this.#axis, clampViewport(viewport, this.extent()));
    this.requestDraw();
    this.#scheduleCharts();
  }

  /** The whole run (or the whole window the page holds). */
  showWhole(): void {
    this.setViewport(this.#initialViewport());
  }

  zoomTo(from: number, to: number): void {
    this.setViewport({ axis: this.#axis, from, to });
  }

  /** Zoomed about the value at `anchorX` (CSS px in the canvas), or about the middle. */
  zoomBy(factor: number, anchorX: number | null): void {
    const viewport = this.viewport();
    const geometry = this.geometry();
    const share = anchorX === null ? 0.5 : (anchorX - geometry.plotLeftPx) / geometry.plotWidthPx;
    const anchor = viewport.from + Math.min(1, Math.max(0, share)) * (viewport.to - viewport.from);
    this.setViewport(zoomAbout(viewport, this.extent(), factor, anchor));
  }

  setAxis(axis: Axis): void {
    if (axis !== 'time' && axis !== 'lamport')
      throw new RangeError(`axis: expected time or lamport, got ${String(axis)}`);
    if (axis !== this.#axis) {
      const before = this.viewport();
      const back = this.#lastSwitch;
      // Switching straight back restores the window left: mapping twice would widen it.
      const restore = back !== null && back.from.axis === axis && sameViewport(back.to, before);
      const same = restore ? back.from : this.#sameEventsOn(axis);
      this.#axis = axis;
      if (same !== null) this.#viewports.set(axis, clampViewport(same, this.extent()));
      this.#lastSwitch = { from: before, to: this.viewport() };
    }
    this.elements.toolbar.setAxis(axis);
    this.requestDraw();
    this.#scheduleCharts();
  }

  /**
   * A window on `axis` holding the events the current window shows (their least and greatest
   * value there), so switching the axis keeps the reader's place; null when the current window
   * is the whole run (the other axis then shows its whole run too) or holds no event.
   */
  #sameEventsOn(axis: Axis): Viewport | null {
    const viewport = this.viewport();
    const whole = this.#initialViewport();
    if (viewport.from <= whole.from && viewport.to >= whole.to) return null;
    const order = this.order();
    const values = axis === 'time' ? this.view.timeUs : this.view.clock;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const machine of this.#layout.machines) {
      const { start, end } = order.visibleRange(machine, viewport);
      for (let p = start; p < end; p += 1) {
        const value = values[order.order[p] as number] as number;
        if (value < from) from = value;
        if (value > to) to = value;
      }
    }
    if (!(to >= from)) return null;
    const margin = Math.max((to - from) * 0.02, axis === 'lamport' ? 1 : 1000);
    return { axis, from: from - margin, to: to + margin };
  }

  setConeMode(mode: ConeMode): void {
    if (mode !== 'direct' && mode !== 'cone')
      throw new RangeError(`cone mode: expected direct or cone, got ${String(mode)}`);
    this.#coneMode = mode;
    this.elements.toolbar.setConeMode(mode);
    this.requestDraw();
  }

  setShown(shown: boolean[]): void {
    this.#shown = shown;
    this.#layout = laneLayout(shown, targetDiagramHeightPx);
    this.elements.machinesBar.update(shown);
    this.requestDraw();
    this.#scheduleCharts();
  }

  geometry(): DiagramGeometry {
    const widthPx = Math.max(200, this.elements.canvas.clientWidth);
    return {
      widthPx,
      heightPx: this.#layout.heightPx,
      plotLeftPx,
      plotWidthPx: plotWidthOf(widthPx),
      layout: this.#layout,
      viewport: this.viewport(),
    };
  }

  scene(): DiagramScene {
    return {
      view: this.view,
      order: this.order(),
      geometry: this.geometry(),
      highlight: this.#highlight(),
      showFaults: this.#axis === 'time',
    };
  }

  #highlight(): HighlightSets | null {
    const selection = this.#selection;
    if (selection === null) return null;
    return {
      selected: selection.event,
      past: selection.past(this.#coneMode),
      future: selection.future(this.#coneMode),
      chain: selection.chainIndices(),
      concurrent: selection.concurrent?.indices ?? null,
    };
  }

  /** Selects an event (-1 clears); the cone is computed in slices from here. */
  select(index: number, keepTrail = false): void {
    if (index !== -1 && (!Number.isInteger(index) || index < 0 || index >= this.view.eventCount)) {
      throw new RangeError(
        `select: expected an event index 0..${this.view.eventCount - 1} or -1, got ${index}`,
      );
    }
    if (!keepTrail) this.#chainTrail = [];
    this.#slicer.cancel();
    this.#selection = index === -1 ? null : new Selection(this.view, index);
    this.renderDetails();
    this.requestDraw();
    const selection = this.#selection;
    if (selection === null) return;
    this.#slicer.start(
      (budget) => selection.step(budget),
      () => this.requestDraw(),
      () => this.renderDetails(),
    );
  }

  /**
   * Up: one step back along the critical chain; Down: back to where Up came from. False when
   * nothing is selected (the key is then the page's: it scrolls).
   */
  chainStep(direction: 'back' | 'forward'): boolean {
    const selection = this.#selection;
    if (selection === null) return false;
    if (direction === 'back') {
      const next = selection.chain[1]?.index;
      if (next === undefined) return true;
      const trail = [...this.#chainTrail, selection.event];
      this.select(next, true);
      this.#chainTrail = trail;
    } else {
      const previous = this.#chainTrail.pop();
      if (previous !== undefined) this.select(previous, true);
    }
    this.revealSelected();
    return true;
  }

  /** Left/Right: the previous or next event of the selected event's machine. */
  machineStep(delta: -1 | 1): boolean {
    const selection = this.#selection;
    if (selection === null) return false;
    const { start, end } = this.view.machineRange(this.view.machine[selection.event] as number);
    const next = selection.event + delta;
    if (next < start || next >= end) return true;
    this.select(next);
    this.revealSelected();
    return true;
  }

  /** Pans (keeping the zoom) so the selected event is in the window. */
  revealSelected(): void {
    const selection = this.#selection;
    if (selection === null) return;
    const scene = this.scene();
    if (isOnScreen(scene, selection.event)) return;
    const viewport = this.viewport();
    const value =
      this.#axis === 'time' ? this.view.timeUs[selection.event] : this.view.clock[selection.event];
    const half = (viewport.to - viewport.from) / 2;
    this.zoomTo((value as number) - half, (value as number) + half);
  }

  renderDetails(): void {
    renderDetails(this.elements.details, this.view, this.#selection, (index) => {
      this.select(index);
      this.revealSelected();
    });
  }

  requestDraw(): void {
    if (this.#frameRequested) return;
    this.#frameRequested = true;
    requestAnimationFrame(() => {
      this.#frameRequested = false;
      if (!this.#destroyed) this.#drawFrame();
    });
  }

  #drawFrame(): void {
    const started = performance.now();
    try {
      const scene = this.scene();
      const ctx = sizedContext(
        this.elements.canvas,
        scene.geometry.widthPx,
        scene.geometry.heightPx,
      );
      if (ctx === null) throw new Error('the browser gave no 2D context for the diagram');
      // The details panel scrolls within the diagram's height rather than stretching the row.
      const detailsHeight = `${Math.max(340, scene.geometry.heightPx)}px`;
      // Written only when it changes: a style write per frame costs a layout per frame.
      if (this.elements.details.style.maxHeight !== detailsHeight) {
        this.elements.details.style.maxHeight = detailsHeight;
      }
      drawLanes(ctx, scene);
      drawFaultSpans(ctx, scene);
      drawAxis(ctx, scene);
      const visible = visibleEventCount(scene);
      const arrowLimit = arrowEventLimit(scene.geometry.plotWidthPx);
      if (visible <= arrowLimit) drawArrows(ctx, scene);
      const drawn = drawEvents(ctx, scene);
      drawFaultMarks(ctx, scene);
      drawHighlights(ctx, scene);
      this.#setStatus(drawn.visible, drawn.densityLanes > 0, arrowLimit);
    } catch (error) {
      this.reportError(error);
    }
    this.#lastFrameMs = performance.now() - started;
    this.#frames += 1;
    if (!this.hook.ready) {
      this.hook.ready = true;
      this.#drawCharts();
    }
  }

  #setStatus(visible: number, density: boolean, arrowLimit: number): void {
    const how = density ? 'density per pixel where events outnumber pixels' : 'every event';
    const arrowText =
      visible <= arrowLimit ? ', message arrows' : `, message arrows at ${arrowLimit} or fewer`;
    const computing =
      this.#selection !== null && !this.#selection.done ? ', computing the cone...' : '';
    const status = `${visible} events in the window: ${how}${arrowText}${computing}`;
    if (this.elements.toolbar.status.textContent !== status) {
      this.elements.toolbar.status.textContent = status;
    }
  }

  resized(): void {
    this.requestDraw();
    this.#scheduleCharts();
  }

  #scheduleCharts(): void {
    if (this.#chartTimer !== null) clearTimeout(this.#chartTimer);
    this.#chartTimer = setTimeout(() => {
      this.#chartTimer = null;
      this.#drawCharts();
    }, chartDelayMs);
  }

  #drawCharts(): void {
    try {
      const window = this.chartWindow();
      const machines = this.#layout.machines;
      for (const chart of this.elements.charts) drawSideChart(chart, this.view, machines, window);
    } catch (error) {
      this.reportError(error);
    }
  }

  /** The time the diagram's window covers (on the Lamport axis: its visible events' times). */
  chartWindow(): { fromUs: number; untilUs: number } {
    const viewport = this.viewport();
    if (this.#axis === 'time') return { fromUs: viewport.from, untilUs: viewport.to };
    const order = this.order();
    let fromUs = Number.POSITIVE_INFINITY;
    let untilUs = Number.NEGATIVE_INFINITY;
    for (const machine of this.#layout.machines) {
      const { start, end } = order.visibleRange(machine, viewport);
      if (start >= end) continue;
      fromUs = Math.min(fromUs, this.view.timeUs[order.order[start] as number] as number);
      untilUs = Math.max(untilUs, this.view.timeUs[order.order[end - 1] as number] as number);
    }
    if (!(untilUs > fromUs)) return { fromUs: 0, untilUs: axisExtent(this.view, 'time') };
    return { fromUs, untilUs };
  }

  describe(index: number): string {
    const cells = this.view.rowCells(index);
    return `${eventName(this.view, index)}: L = ${cells[4]}, ${cells[3]} ms, queue ${cells[5]}`;
  }

  reportError(error: unknown): void {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.hook.errors.push(text);
  }

  /** The event's place in CSS px of the page (viewport coordinates), or null when not drawn. */
  eventScreenPoint(index: number): { x: number; y: number } | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.view.eventCount) return null;
    const scene = this.scene();
    if (!isOnScreen(scene, index)) return null;
    const rect = this.elements.canvas.getBoundingClientRect();
    return {
      x: rect.left + xOfEvent(scene, index),
      y: rect.top + (yOfEvent(scene, index) as number),
    };
  }

  #makeHook(): LamportViewHook {
    const toArray = (set: Int32Array | null | undefined): number[] => (set ? Array.from(set) : []);
    return {
      ready: false,
      eventCount: this.view.eventCount,
      errors: [],
      select: (index) => this.select(index),
      selected: () => this.#selection?.event ?? -1,
      past: () => toArray(this.#selection?.past(this.#coneMode)),
      future: () => toArray(this.#selection?.future(this.#coneMode)),
      coneDone: () => this.#selection === null || this.#selection.done,
      chain: () => this.#selection?.chainIndices() ?? [],
      concurrentEarlier: () => toArray(this.#selection?.concurrent?.indices),
      setAxis: (axis) => this.setAxis(axis),
      setConeMode: (mode) => this.setConeMode(mode),
      visibleWindow: () => {
        const { axis, from, to } = this.viewport();
        return { axis, from, to };
      },
      zoomTo: (from, to) => this.zoomTo(from, to),
      eventScreenPoint: (index) => this.eventScreenPoint(index),
      frameStats: () => ({ frames: this.#frames, lastFrameMs: this.#lastFrameMs }),
    };
  }

  destroy(): void {
    this.#destroyed = true;
    this.#slicer.cancel();
    if (this.#chartTimer !== null) clearTimeout(this.#chartTimer);
    this.#detach();
    this.#root.replaceChildren();
  }
}
