/**
 * The export formats and their default file names: what `export --help` shows, kept apart from
 * the exporters so that the CLI can list them without loading the log readers.
 */
export const exportFormats = ['shiviz', 'perfetto'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** File names of the default outputs, in the run directory. */
export const defaultExportFileNames: Readonly<Record<ExportFormat, string>> = {
  shiviz: 'run.shiviz.log',
  perfetto: 'run.perfetto.json',
};
