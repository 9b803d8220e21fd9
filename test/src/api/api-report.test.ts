/**
 * The public surface of each entry point, as api-extractor reports it from dist's .d.ts files
 * (built by `npm test` before vitest), equals the report checked in under docs/api-report/: a
 * change to a public name, signature or type shows in review as a change to that file, and this
 * test fails until `npm run docs:api` writes it. api-extractor runs here as CI would (not
 * --local: it compares, it never writes the report), in this process.
 *
 * The comparison is tried first on a planted report with one line taken out, so a wiring that
 * cannot see a change cannot pass silently.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Extractor,
  ExtractorConfig,
  type ExtractorMessage,
  ExtractorLogLevel,
} from '@microsoft/api-extractor';
import { afterAll, describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const regenerate = 'npm run docs:api';

/** The api-extractor config of each entry point, and its report's file name. */
const entryConfigs = [
  { entry: 'lamport-lab', config: 'api-extractor.json', report: 'lamport-lab.api.md' },
  {
    entry: 'lamport-lab/arbitraries',
    config: 'api-extractor.arbitraries.json',
    report: 'lamport-lab-arbitraries.api.md',
  },
] as const;

/** The lines one report has that the other lacks: `+ line` new, `- line` gone. */
function changedLines(before: string, after: string): string[] {
  const beforeLines = new Set(before.split('\n'));
  const afterLines = new Set(after.split('\n'));
  return [
    ...[...beforeLines].filter((line) => !afterLines.has(line)).map((line) => `- ${line}`),
    ...[...afterLines].filter((line) => !beforeLines.has(line)).map((line) => `+ ${line}`),
  ];
}

interface ReportCheck {
  /** The surface differs from the checked-in report. */
  readonly changed: boolean;
  /** What changed, line by line (the report file against what the .d.ts files say now). */
  readonly changes: readonly string[];
  readonly succeeded: boolean;
  /** Warnings and errors api-extractor would print (those written into the report excepted). */
  readonly problems: readonly string[];
}

/** Runs api-extractor as CI would, with the report folder given (default: the config's). */
function checkReport(configFile: string, reportFolder?: string): ReportCheck {
  const configPath = join(packageRoot, configFile);
  const configObject = ExtractorConfig.loadFile(configPath);
  if (reportFolder !== undefined) {
    configObject.apiReport = { ...configObject.apiReport, enabled: true, reportFolder };
  }
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: configPath,
    packageJsonFullPath: join(packageRoot, 'package.json'),
  });
  const problems: string[] = [];
  const result = Extractor.invoke(config, {
    localBuild: false,
    messageCallback: (message: ExtractorMessage) => {
      // Kept out of the test's output: what matters is said by the assertions below.
      if (
        message.logLevel === ExtractorLogLevel.Warning ||
        message.logLevel === ExtractorLogLevel.Error
      ) {
        problems.push(message.formatMessageWithLocation(packageRoot));
      }
      message.handled = true;
    },
  });
  const changes = result.apiReportChanged
    ? changedLines(
        readFileSync(config.reportFilePath, 'utf8'),
        readFileSync(config.reportTempFilePath, 'utf8'),
      )
    : [];
  return { changed: result.apiReportChanged, changes, succeeded: result.succeeded, problems };
}

describe('the API reports (docs/api-report/)', () => {
  const plantedDir = mkdtempSync(join(tmpdir(), 'lamport-lab-api-report-'));
  afterAll(() => rmSync(plantedDir, { recursive: true, force: true }));

  it('sees a surface that differs from its report (planted: a report with a line taken out)', () => {
    const { config, report } = entryConfigs[1];
    const lines = readFileSync(join(packageRoot, 'docs', 'api-report', report), 'utf8').split('\n');
    const exportLine = lines.findIndex((line) => line.startsWith('export function '));
    expect(exportLine).toBeGreaterThan(0);
    const [takenOut] = lines.splice(exportLine, 1);
    writeFileSync(join(plantedDir, report), lines.join('\n'));
    const check = checkReport(config, plantedDir);
    expect(check.changed).toBe(true);
    expect(check.changes).toEqual([`+ ${takenOut}`]);
    expect(check.succeeded).toBe(false);
  });

  for (const { entry, config, report } of entryConfigs) {
    it(`holds the public surface of ${entry} as docs/api-report/${report} says`, () => {
      const check = checkReport(config);
      const advice = check.changed
        ? `the public surface of ${entry} changed: run \`${regenerate}\` and commit docs/api-report/${report}`
        : `api-extractor found problems; \`${regenerate}\` shows them`;
      expect({ changes: check.changes, problems: check.problems }, advice).toEqual({
        changes: [],
        problems: [],
      });
      expect(check.succeeded).toBe(true);
    });
  }
});
