/**
 * Writes scenarios/scenario.schema.json from the zod schema (`npm run schema`). The file is
 * generated, never edited: a test fails when it differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledScenariosDir } from '../common/paths.js';
import { scenarioJsonSchema } from './schema.js';

export const scenarioSchemaPath = join(bundledScenariosDir, 'scenario.schema.json');

export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')
) {
  writeFileSync(scenarioSchemaPath, scenarioSchemaText());
  process.stdout.write(`wrote ${scenarioSchemaPath}\n`);
}
