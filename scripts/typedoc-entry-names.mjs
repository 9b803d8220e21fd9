/**
 * A TypeDoc plugin (typedoc.json): names the two modules as a consumer imports them,
 * `lamport-lab` and `lamport-lab/arbitraries`, rather than by their files (index, arbitraries),
 * so the pages say what to write in an import without a `@module` tag in the sources.
 */
import { Converter, ReflectionKind } from 'typedoc';

/** File name (without .ts) of an entry point in src/api/ -> the specifier a consumer imports. */
const specifierOfEntry = new Map([
  ['index', 'lamport-lab'],
  ['arbitraries', 'lamport-lab/arbitraries'],
]);

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const specifier = specifierOfEntry.get(module.name);
      if (specifier === undefined) {
        throw new Error(`typedoc-entry-names: no import specifier for the module ${module.name}`);
      }
      module.name = specifier;
    }
  });
}
