/**
 * The experiments report, as Markdown (REPORT.md, figures linked as SVG files) and as one
 * self-contained HTML page (figures inline). Both are built from the rows alone, so the same
 * seeds give the same files.
 */
import { escapeXml } from '../charts/svg.js';
import { fixedText } from '../common/number-text.js';
import { type ExperimentRow, formatSpread } from './aggregate.js';

export interface ExperimentsReport {
  readonly command: string;
  readonly rows: readonly ExperimentRow[];
  /** Figure file name (in figures/) → SVG, in display order. */
  readonly figures: readonly {
    readonly fileName: string;
    readonly caption: string;
    readonly svg: string;
  }[];
  readonly sweep: { readonly growthFigure: string; readonly jumpFigure: string } | null;
}

const header = [
  'experiment',
  'rates (Hz)',
  'p',
  'max jump',
  'max drift',
  'queue growth/s measured',
  'predicted',
  'growing runs',
];

function cells(row: ExperimentRow): string[] {
  return [
    row.experiment,
    row.rates,
    String(row.internalProbability),
    formatSpread(row.jumpMax, 1),
    formatSpread(row.driftMax, 1),
    formatSpread(row.growthMeasured, 3),
    fixedText(row.growthPredicted.mean, 3),
    `${row.growingRuns}/${row.seeds.length}`,
  ];
}

export function experimentsMarkdown(report: ExperimentsReport): string {
  const lines = [
    '# Experiments: scale models and logical clocks',
    '',
    `Made by \`${report.command}\`; the same command gives the same numbers.`,
    '',
    'Each row is one experiment of the exercise, run with several seeds (mean ± standard deviation over',
    'the seeds). Queue growth is the fastest-growing queue of each run, fitted over the second half;',
    '"predicted" is the fluid model (docs/ANALYSIS.md) from the rates and p alone.',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...report.rows.map((row) => `| ${cells(row).join(' | ')} |`),
    '',
    '## Observations',
    '',
    ...report.rows.map((row) => `- **${row.experiment}**: ${row.observation}`),
    '',
  ];
  if (report.sweep !== null) {
    lines.push(
      '## Sweep: rate spread × probability of an internal event',
      '',
      `![queue growth](figures/${report.sweep.growthFigure})`,
      '',
      `![largest jump](figures/${report.sweep.jumpFigure})`,
      '',
    );
  }
  lines.push('## Figures', '');
  for (const figure of report.figures)
    lines.push(`![${figure.caption}](figures/${figure.fileName})`, '');
  return lines.join('\n');
}

export function experimentsHtml(report: ExperimentsReport, sweepSvgs: readonly string[]): string {
  const row = (values: readonly string[], tag: string) =>
    `<tr>${values.map((value) => `<${tag}>${escapeXml(value)}</${tag}>`).join('')}</tr>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>lamport-lab experiments</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem;color:#222}',
    'table{border-collapse:collapse}th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}',
    'td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}figure svg{max-width:100%;height:auto}</style>',
    '</head><body>',
    '<h1>Experiments: scale models and logical clocks</h1>',
    `<p>Made by <code>${escapeXml(report.command)}</code>.</p>`,
    `<table><thead>${row(header, 'th')}</thead><tbody>${report.rows.map((r) => row(cells(r), 'td')).join('')}</tbody></table>`,
    '<h2>Observations</h2><ul>',
    ...report.rows.map(
      (r) => `<li><b>${escapeXml(r.experiment)}</b>: ${escapeXml(r.observation)}</li>`,
    ),
    '</ul>',
    ...(sweepSvgs.length > 0
      ? ['<h2>Sweep</h2>', ...sweepSvgs.map((svg) => `<figure>${stripDeclaration(svg)}</figure>`)]
      : []),
    '<h2>Figures</h2>',
    ...report.figures.map((figure) => `<figure>${stripDeclaration(figure.svg)}</figure>`),
    '</body></html>',
    '',
  ].join('\n');
}

function stripDeclaration(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}
