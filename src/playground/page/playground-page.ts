/**
 * The playground: the form, the run in a Web Worker, the viewer of its result, and "download
 * logs". Every change of the form re-runs (after a short pause in typing) and is written into
 * the URL's hash, so the address reproduces the run; a newer run terminates the older one's
 * worker. The files offered are the bytes `lamport-lab run` writes for that scenario and seed.
 */
import { assertNever } from '../../../core/assert.js';
import { RunView } from '../../view/model/run-view.js';
import { button, clear, el } from '../../view/page/dom.js';
import { type MountedViewer, mountViewer } from '../../view/page/viewer.js';
import type { RunFile } from '../memory-run.js';
import type { PlaygroundConfig } from '../page-ids.js';
import {
  commandOf,
  FormError,
  formOf,
  hashOf,
  originOf,
  type PlaygroundState,
  parseHash,
  playgroundFileName,
  scenarioOfForm,
  stateOf,
} from '../playground-state.js';
import type { FromWorker } from '../worker-messages.js';
import { type FormControls, makeForm, readForm, writeForm } from './playground-form.js';
import type { LamportPlaygroundHook } from './playground-hook.js';

/** The pause after the last keystroke before a run starts. */
const typingPauseMs = 400;
const defaultBase = 'default';

export class Playground {
  readonly hook: LamportPlaygroundHook;
  readonly #config: PlaygroundConfig;
  readonly #workerUrl: string;
  readonly #form: FormControls;
  readonly #status: HTMLElement;
  readonly #downloads: HTMLElement;
  readonly #viewerRoot: HTMLElement;
  #worker: Worker | null = null;
  #viewer: MountedViewer | null = null;
  #files: readonly RunFile[] = [];
  #fileUrls: string[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * The scenario the form was last loaded from (the bundled one, or a link's edited one): the
   * form's changes are laid over it, so a link's scenario runs exactly as the link holds it.
   */
  #loaded: Readonly<Record<string, unknown>> = {};
  /** Callers of hook.run waiting for the next run to be shown. */
  #waiting: (() => void)[] = [];

  constructor(root: HTMLElement, config: PlaygroundConfig, workerUrl: string) {
    this.#config = config;
    this.#workerUrl = workerUrl;
    this.#form = makeForm(Object.keys(config.scenarios));
    this.#status = el('p', { class: 'pg-status', role: 'status' });
    this.#downloads = el('div', { class: 'pg-downloads' });
    this.#viewerRoot = el('div', { class: 'pg-viewer' });
    clear(root);
    root.append(
      el('h1', {}, ['lamport-lab playground']),
      this.#form.element,
      this.#status,
      this.#downloads,
      this.#viewerRoot,
    );
    const errors: string[] = [];
    this.hook = {
      ready: false,
      errors,
      run: (hash) => {
        if (hash !== undefined) this.#applyHash(hash);
        return this.#runNow();
      },
      files: async () => this.#filesAsText(),
    };
    this.#listen();
    this.#applyHash(window.location.hash);
  }

  #listen(): void {
    const form = this.#form;
    form.base.addEventListener('change', () => {
      this.#loadBase(form.base.value, null);
      void this.#runNow();
    });
    form.probabilitySlider.addEventListener('input', () => {
      form.fields.internalProbability.value = form.probabilitySlider.value;
      this.#runSoon();
    });
    for (const field of [form.seed, ...Object.values(form.fields)]) {
      field.addEventListener('input', () => this.#runSoon());
    }
    form.runButton.addEventListener('click', () => void this.#runNow());
    window.addEventListener('hashchange', () => {
      if (window.location.hash === this.#hash()) return;
      this.#applyHash(window.location.hash);
      void this.#runNow();
    });
  }

  /** The bundled scenario `name` in the form (or `edited` over it), with its seed unless given. */
  #loadBase(name: string, edited: Record<string, unknown> | null, seed?: string): void {
    const base = this.#config.scenarios[name] ?? this.#config.scenarios[defaultBase] ?? {};
    this.#form.base.value = name in this.#config.scenarios ? name : defaultBase;
    this.#loaded = edited ?? base;
    writeForm(this.#form, formOf(this.#loaded));
    this.#form.seed.value = seed ?? String(base.seed ?? 1);
  }

  #applyHash(hash: string): void {
    const asked = parseHash(hash);
    this.#loadBase(asked.base ?? defaultBase, asked.edited ?? null, asked.seed);
  }

  /** The state the form shows; throws FormError for a JSON field that is not JSON. */
  #state(): PlaygroundState {
    const name = this.#form.base.value;
    const base = this.#config.scenarios[name] ?? {};
    const scenario = scenarioOfForm(this.#loaded, readForm(this.#form));
    return stateOf(name, base, this.#form.seed.value.trim(), scenario);
  }

  #hash(): string {
    try {
      return hashOf(this.#state());
    } catch {
      return window.location.hash;
    }
  }

  #runSoon(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runNow(), typingPauseMs);
  }

  #runNow(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const shown = new Promise<void>((resolve) => this.#waiting.push(resolve));
    let state: PlaygroundState;
    try {
      state = this.#state();
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      this.#refuse(`lamport-lab: ${error.message}`);
      return shown;
    }
    window.history.replaceState(null, '', hashOf(state));
    this.#startWorker(state);
    return shown;
  }

  #startWorker(state: PlaygroundState): void {
    this.#worker?.terminate();
    const worker = new Worker(this.#workerUrl);
    this.#worker = worker;
    this.#status.className = 'pg-status';
    this.#status.textContent = 'running ...';
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (this.#worker === worker) this.#answer(event.data, state);
    };
    worker.onerror = (event) => {
      this.hook.errors.push(`worker: ${event.message}`);
      this.#refuse(`the run failed: ${event.message}`);
    };
    const scenario = state.edited ?? this.#config.scenarios[state.base] ?? {};
    worker.postMessage({
      scenario,
      origin: originOf(state),
      seed: /^\d+$/.test(state.seed) ? Number(state.seed) : state.seed,
      toolVersion: this.#config.toolVersion,
    });
  }

  #answer(message: FromWorker, state: PlaygroundState): void {
    switch (message.kind) {
      case 'progress': {
        const percent = Math.floor((100 * message.timeUs) / Math.max(1, message.durationUs));
        this.#status.textContent = `running ... ${percent} % (${message.events} events)`;
        return;
      }
      case 'refused':
        this.#refuse(message.message);
        return;
      case 'failed':
        this.hook.errors.push(message.message);
        this.#refuse(`the run failed: ${message.message.split('\n')[0]}`);
        return;
      case 'done':
        this.#show(message.files, RunView.fromData(message.viewData), state);
        return;
      default:
        assertNever(message, 'worker message');
    }
  }

  /** A refusal in one line, the result of the last good run kept below it. */
  #refuse(message: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#status.className = 'pg-status pg-error';
    this.#status.textContent = message;
    this.#settle();
  }

  #show(files: readonly RunFile[], view: RunView, state: PlaygroundState): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#files = files;
    this.#status.className = 'pg-status';
    this.#status.textContent = `${view.eventCount} events in ${view.durationUs / 1e6} s of model time; the same files as: ${commandOf(state, 'D')}`;
    this.#showDownloads(files, state);
    this.#viewer?.destroy();
    this.#viewer = mountViewer(this.#viewerRoot, view);
    window.lamportView = this.#viewer.hook;
    this.hook.ready = true;
    this.#settle();
  }

  #showDownloads(files: readonly RunFile[], state: PlaygroundState): void {
    for (const url of this.#fileUrls) URL.revokeObjectURL(url);
    const links = files.map((file) => this.#link(file.name, file.bytes));
    if (state.edited !== null) {
      const text = `${JSON.stringify(state.edited, null, 2)}\n`;
      links.unshift(this.#link(playgroundFileName, new TextEncoder().encode(text)));
    }
    clear(this.#downloads);
    this.#downloads.append(
      el('span', {}, ['download logs: ']),
      ...links,
      button('copy link', 'copy the address of this run', () => {
        void navigator.clipboard?.writeText(window.location.href).catch(() => undefined);
      }),
    );
  }

  #link(name: string, bytes: Uint8Array): HTMLAnchorElement {
    const url = URL.createObjectURL(
      new Blob([bytes as BlobPart], { type: 'application/octet-stream' }),
    );
    this.#fileUrls.push(url);
    return el('a', { href: url, download: name, class: 'pg-file' }, [name]);
  }

  #settle(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }

  #filesAsText(): Record<string, string> {
    const decoder = new TextDecoder();
    return Object.fromEntries(this.#files.map((file) => [file.name, decoder.decode(file.bytes)]));
  }
}
