/** A few lines of DOM building, so the panels read as their structure. Standard DOM only. */

type Child = Node | string | null;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child !== null) element.append(child);
  }
  return element;
}

/** A button that runs `onClick`; type=button so it never submits anything. */
export function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const element = el('button', { type: 'button', title }, [label]);
  element.addEventListener('click', onClick);
  return element;
}

/** A two-or-more-way switch as radio buttons sharing `name`; calls onChange with the value. */
export function radioSwitch<T extends string>(
  name: string,
  legend: string,
  choices: readonly (readonly [value: T, label: string])[],
  initial: T,
  onChange: (value: T) => void,
): { readonly element: HTMLElement; set(value: T): void } {
  const inputs = new Map<T, HTMLInputElement>();
  const labels = choices.map(([value, label]) => {
    const input = el('input', { type: 'radio', name, value });
    input.checked = value === initial;
    input.addEventListener('change', () => {
      if (input.checked) onChange(value);
    });
    inputs.set(value, input);
    return el('label', {}, [input, label]);
  });
  const element = el('span', { class: 'lv-switch', role: 'radiogroup', 'aria-label': legend }, [
    el('span', { class: 'lv-legend' }, [`${legend}:`]),
    ...labels,
  ]);
  return {
    element,
    set(value: T): void {
      const input = inputs.get(value);
      if (input !== undefined) input.checked = true;
    },
  };
}

/** Removes every child of `element`. */
export function clear(element: Element): void {
  element.replaceChildren();
}

/** A machine's colour, far from its neighbours' (golden-angle hues). */
export function machineColor(machine: number): string {
  return `hsl(${Math.round((machine * 137.508) % 360)} 60% 42%)`;
}
