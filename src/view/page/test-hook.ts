/**
 * The page's test hook, `window.lamportView`: what the browser tests (and the bench) read and
 * drive instead of pixels. Its shape is a contract with them (docs/VIEW.md, "The test hook"):
 * change it only with them.
 */
import type { ConeMode } from '../model/cone.js';
import type { Axis } from '../model/viewport.js';

export interface LamportViewHook {
  /** True once the first frame is drawn. */
  ready: boolean;
  readonly eventCount: number;
  /** As a click on the event. */
  select(index: number): void;
  /** -1 when none. */
  selected(): number;
  /** The highlighted sets for the selection, sorted; complete once coneDone(). */
  past(): number[];
  future(): number[];
  coneDone(): boolean;
  /** The critical chain's indices, the event first. */
  chain(): number[];
  concurrentEarlier(): number[];
  setAxis(axis: Axis): void;
  setConeMode(mode: ConeMode): void;
  visibleWindow(): { axis: string; from: number; to: number };
  zoomTo(from: number, to: number): void;
  /** CSS px in the page (for page.mouse.click), or null when the event is not drawn. */
  eventScreenPoint(index: number): { x: number; y: number } | null;
  frameStats(): { frames: number; lastFrameMs: number };
  /** Errors caught in the page; stays empty. */
  readonly errors: string[];
}

declare global {
  interface Window {
    lamportView?: LamportViewHook;
  }
}
