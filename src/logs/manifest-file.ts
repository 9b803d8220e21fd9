/** Writing manifest.json into a run's directory, recorded as lamport-lab's own file. */
import { join } from 'node:path';
import { type Manifest, manifestFileName, manifestText } from './manifest.js';
import { writeOwnedFile } from './owned-files.js';

export function writeManifest(directory: string, manifest: Manifest): void {
  writeOwnedFile(join(directory, manifestFileName), manifestText(manifest));
}
