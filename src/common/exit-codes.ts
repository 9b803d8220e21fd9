/**
 * Every exit code of the CLI, in one place: each means one thing across every command, so a
 * script (or \`run --check\`) can tell a finding from bad input from a bug in lamport-lab.
 * Lower layers throw typed errors; only the CLI's edge (cli/program.ts) and the machines' own
 * entry (run/machine-main.ts) turn them into codes, through this table. The top-level `--help`
 * prints the same table (exitCodesHelp), so the two cannot drift apart.
 */
const exitCodeTable = {
  ok: { code: 0, meaning: 'success' },
  finding: {
    code: 1,
    meaning: 'a finding: a broken Lamport rule, a regression, a difference',
  },
  input: {
    code: 2,
    meaning:
      'bad input (a file, field or flag) or an unusable environment (a port taken, a full disk)',
  },
  // Not 1: a script (or `run --check`) must not take a bug in lamport-lab for a broken rule.
  internal: { code: 3, meaning: 'an internal error: a bug in lamport-lab' },
  // 128 + SIGINT, as shells report a process that a Ctrl-C ended.
  interrupted: { code: 130, meaning: 'interrupted (Ctrl-C or SIGTERM)' },
} as const;

type ExitCodeName = keyof typeof exitCodeTable;

/** The code of each outcome, by name: `exitCodes.finding` rather than a bare 1. */
export const exitCodes: { readonly [Name in ExitCodeName]: (typeof exitCodeTable)[Name]['code'] } =
  {
    ok: exitCodeTable.ok.code,
    finding: exitCodeTable.finding.code,
    input: exitCodeTable.input.code,
    internal: exitCodeTable.internal.code,
    interrupted: exitCodeTable.interrupted.code,
  };

/** One of the codes above: what every command returns. */
export type ExitCode = (typeof exitCodes)[ExitCodeName];

/** The table as the top-level `--help` shows it, one code a line. */
export function exitCodesHelp(): string {
  const rows = Object.values(exitCodeTable).map(
    ({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`,
  );
  return ['Exit codes:', ...rows].join('\n');
}
