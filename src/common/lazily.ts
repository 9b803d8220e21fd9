/**
 * A value built on first use and kept. For zod schemas: building them is a good share of a
 * process's start-up (tens of ms for a manifest's), and most commands never use most of them.
 */
export function lazily<T>(build: () => T): () => T {
  let built: { readonly value: T } | null = null;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
