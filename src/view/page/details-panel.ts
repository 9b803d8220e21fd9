/**
 * The details of the selected event: its log row cell by cell, its vector clock, why its
 * Lamport clock is what it is (the critical chain, step by step), the sizes of its past and
 * future, and the events Lamport order ranks earlier that did not happen before it. Every
 * event named is a link that selects it.
 */
import type { ChainStep } from '../model/critical-chain.js';
import type { RunView } from '../model/run-view.js';
import { clear, el } from './dom.js';
import type { Selection } from './selection.js';

/** Lists longer than this show their start and say how many more there are. */
const listLimit = 200;

export function eventName(view: RunView, index: number): string {
  return `M${view.machine[index]} #${view.seq[index]} ${view.kind(index)}`;
}

export function renderDetails(
  panel: HTMLElement,
  view: RunView,
  selection: Selection | null,
  onSelect: (index: number) => void,
): void {
  clear(panel);
  if (selection === null) {
    panel.append(
      el('p', { class: 'lv-muted' }, [
        'Click an event to see its row, its causal past and future, and why its Lamport clock is what it is.',
      ]),
    );
    return;
  }
  const event = selection.event;
  panel.append(el('h2', {}, [`Event ${event}: ${eventName(view, event)}`]), rowTable(view, event));
  panel.append(el('h3', {}, ['Vector clock']), vectorClockLine(selection));
  panel.append(chainSection(view, selection.chain, onSelect));
  panel.append(coneSection(selection), concurrentSection(view, selection, onSelect));
}

function rowTable(view: RunView, event: number): HTMLElement {
  const cells = view.rowCells(event);
  const rows = view.header.map((name, k) =>
    el('tr', {}, [el('th', {}, [name]), el('td', {}, [cells[k] ?? ''])]),
  );
  return el('table', { class: 'lv-row', 'data-testid': 'row-cells' }, [el('tbody', {}, rows)]);
}

function vectorClockLine(selection: Selection): HTMLElement {
  const vector = selection.vectorClock;
  if (vector === null) return el('p', { class: 'lv-muted' }, ['computing...']);
  return el('p', { class: 'lv-mono', 'data-testid': 'vector-clock' }, [
    `[${Array.from(vector).join(', ')}]`,
  ]);
}

function link(view: RunView, index: number, onSelect: (index: number) => void): HTMLElement {
  const anchor = el('a', { href: '#', 'data-event': String(index) }, [eventName(view, index)]);
  anchor.addEventListener('click', (clickEvent) => {
    clickEvent.preventDefault();
    onSelect(index);
  });
  return anchor;
}

/** One step of "why L(e) = k" in words. */
export function stepText(view: RunView, step: ChainStep): string {
  switch (step.via) {
    case 'message': {
      const send = view.sendOf[step.index] as number;
      return `received the message of ${eventName(view, send)} carrying clock ${step.clockBefore}: max(own, ${step.clockBefore}) + 1 = ${step.clockAfter}`;
    }
    case 'local':
      return `after its machine's previous event at ${step.clockBefore}: ${step.clockBefore} + 1 = ${step.clockAfter}`;
    case 'start':
      return `the machine's first event: 0 + 1 = ${step.clockAfter}`;
    case 'restart':
      return `a restart: the restart rule set the clock to ${step.clockAfter}; the chain ends here`;
    case 'corrupt':
      return `the message carried clock ${step.clockBefore}, which its send did not have (a corrupted clock); the chain ends here`;
    case 'outside':
      return `${step.clockAfter} came from an event not in the data (outside the kept window); the chain ends here`;
    case 'unexplained':
      return `${step.clockAfter} is not max(previous, message) + 1; the chain cannot say where it came from`;
    default:
      return step.via satisfies never;
  }
}

function chainSection(
  view: RunView,
  chain: readonly ChainStep[],
  onSelect: (index: number) => void,
): HTMLElement {
  const first = chain[0];
  const clock = first === undefined ? 0 : view.clock[first.index];
  const items = chain
    .slice(0, listLimit)
    .map((step) =>
      el('li', { 'data-event': String(step.index) }, [
        link(view, step.index, onSelect),
        ': ',
        stepText(view, step),
      ]),
    );
  const more =
    chain.length > listLimit
      ? el('p', { class: 'lv-muted' }, [`... ${chain.length - listLimit} more steps`])
      : null;
  return el('section', { 'data-testid': 'chain' }, [
    el('h3', {}, [
      `Why L(e) = ${clock}: the critical chain, ${chain.length} ${chain.length === 1 ? 'step' : 'steps'}`,
    ]),
    el('ol', { class: 'lv-chain' }, items),
    more,
  ]);
}

function coneSection(selection: Selection): HTMLElement {
  const past = selection.past('cone');
  const future = selection.future('cone');
  const sizes =
    past === null || future === null
      ? 'computing the causal cone...'
      : `causal past ${past.length} events (direct: ${selection.directPast.length}), future ${future.length} events (direct: ${selection.directFuture.length})`;
  return el('p', { 'data-testid': 'cone-sizes' }, [sizes]);
}

function concurrentSection(
  view: RunView,
  selection: Selection,
  onSelect: (index: number) => void,
): HTMLElement {
  const concurrent = selection.concurrent;
  const heading = el('h3', {}, ['Ranked earlier by Lamport order, but concurrent']);
  if (concurrent === null)
    return el('section', {}, [heading, el('p', { class: 'lv-muted' }, ['computing...'])]);
  const shown = Array.from(concurrent.indices.subarray(0, listLimit));
  const list = el('p', { class: 'lv-links' }, []);
  shown.forEach((index, k) => {
    if (k > 0) list.append(', ');
    list.append(link(view, index, onSelect));
  });
  const more =
    concurrent.count > shown.length ? ` ... and ${concurrent.count - shown.length} more` : '';
  return el('section', { 'data-testid': 'concurrent-earlier' }, [
    heading,
    el('p', {}, [
      `${concurrent.count} events have a smaller clock than ${view.clock[selection.event]} and are not in its causal past${concurrent.count > 0 ? ':' : '.'}${more}`,
    ]),
    concurrent.count > 0 ? list : null,
  ]);
}
