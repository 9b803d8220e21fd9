/**
 * Goal: `check` of a run with faults holds tens of bytes per faults.csv row, not an object per
 * row and per copy (~600 bytes a row before: a machine crashed for good makes a row per copy
 * sent to it, so a long run's check grew by hundreds of MB).
 * Method: the BUILT fault rules read a faults.csv of 2^17 crash drops and index it, as check
 * does before the first log row, in a fresh `node --expose-gc` process; the heap (JS objects and
 * typed arrays) is measured after a full collection, before and after.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const distUrl = (path: string): string => pathToFileURL(join(packageRoot, 'dist', path)).href;

const script = `
import { faultEvidenceOf } from ${JSON.stringify(distUrl('src/check/fault-evidence.js'))};
import { FaultRules } from ${JSON.stringify(distUrl('src/check/fault-rules.js'))};
const heapBytes = () => {
  globalThis.gc();
  globalThis.gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};
const rowCount = 1 << 17;
// Made in a function: nothing of its strings is left when the heap is measured.
const csvBytes = () => {
  const lines = ['time_ms,fault,machine,peer,msg_id,detail', '1000,crash,1,,,index=0;inbox=drop;queued=0'];
  for (let row = 1; row < rowCount; row += 1) {
    const sender = row % 2 === 0 ? 0 : 2;
    lines.push(\`\${1000 + row},drop,1,\${sender},\${sender}-\${row},index=0;reason=crash\`);
  }
  return Buffer.from(lines.join('\\n') + '\\n');
};
const bytes = csvBytes();
const crash = { kind: 'crash', index: 0, stream: 'fault/0', machine: 1, atUs: 1_000_000, inbox: 'drop' };
const reported = [];
const before = heapBytes();
const evidence = faultEvidenceOf(bytes, 'faults.csv');
const rules = new FaultRules([crash], evidence.rows, 3, (...violation) => reported.push(violation));
rules.start();
const after = heapBytes();
process.stdout.write(JSON.stringify({
  rows: evidence.rows.length, heldBytes: after - before, reported: reported.length,
  fired: rules.firedCounts(),
}));
`;

describe('check memory under faults', () => {
  it('holds tens of bytes per faults.csv row', () => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    const measured = JSON.parse(result.stdout) as {
      rows: number;
      heldBytes: number;
      reported: number;
      fired: number[];
    };
    expect(measured.rows).toBe(1 << 17);
    expect(measured.reported).toBe(0);
    expect(measured.fired).toEqual([1 << 17]);
    // Columns (25 bytes a row), the copies' index and state (4 a row, 25 a copy) and a bit
    // per seq of each sender: 54 bytes; 598 with an object per row and per copy.
    expect(measured.heldBytes / measured.rows).toBeLessThan(100);
  });
});
