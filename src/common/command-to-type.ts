/**
 * How an output line or an error message writes a command for the user to type next. From a
 * fresh clone the package's bin is not on PATH (`lamport-lab check ...` says "command not
 * found"), but `npx lamport-lab ...` runs it there and wherever it is installed. One form for
 * every such hint, so a user can paste any of them; `--help` texts keep the plain `lamport-lab`
 * of their examples.
 */
export const commandPrefix = 'npx lamport-lab';

/** `npx lamport-lab <words>`: the words already quoted for a shell where they need it. */
export function commandToType(words: string): string {
  return `${commandPrefix} ${words}`;
}

/** Quotes a word for a POSIX shell when it holds anything but safe characters. */
export function shellWord(word: string): string {
  return /^[\w./:=,@-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
