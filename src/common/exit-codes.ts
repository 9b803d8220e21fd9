/**
 * Every exit code of the CLI, in one place: each means one thing across every command, so a
 * script (or \`run --check\`) can tell a finding from bad input from a bug in lamport-lab.
 * Lower layers throw typed errors; only the CLI's edge (cli/program.ts) and the machines' own
 * entry (run/machine-main.ts) turn them into codes, through this table.
 */
export const exitCodes = {
  /** Success. */
  ok: 0,
  /** A finding: a broken Lamport rule, a regression, a difference, a counterexample. */
  finding: 1,
  /** Bad input (a file, field or flag) or an unusable environment (a port taken, a machine died). */
  input: 2,
  /** An internal error: a bug in lamport-lab. */
  internal: 1,
  /** Interrupted (Ctrl-C or SIGTERM): 128 + SIGINT, as shells report it. */
  interrupted: 130,
} as const;
