/**
 * What lamport-lab wrote, and so may replace or remove: every output directory holds a record,
 * `.lamport-lab.json`, of the files any command wrote there with their sha256 and size, the
 * subdirectories that are part of its output (a run's charts/, an experiments report's figures/
 * and runs/), and whether lamport-lab created the directory. A file is lamport-lab's only while
 * it is listed AND still holds the bytes listed: one a user edited, or merely named like ours
 * (a machine-0.csv of their own), is the user's. A name alone never attributes a file: names
 * did before, and `run --out proj --force` deleted a user's runs/, figures/ and REPORT.md.
 *
 * Every command that writes goes through here: to check that an output may be written, to write
 * it (or record one it streamed), and to remove its earlier outputs. Removal only ever removes
 * attributed files and empty directories this record says lamport-lab created: never a directory
 * tree, never through a link.
 *
 * The record is written beside itself and renamed over, its keys sorted, so its bytes depend only
 * on what was written. `check`, `replay --verify` and `regress` never read it: they compare the
 * logs and the manifest by name.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import * as z from 'zod';
import { assertNever } from '../../core/index.js';
import { describeSystemError, InputError, systemErrorCode } from '../common/errors.js';
import { parseJsonText } from '../common/json-file.js';
import { lazily } from '../common/lazily.js';
import { writeOutputFile } from '../common/output-file.js';
import { manifestFileName } from './format.js';

export const ownedRecordFileName = '.lamport-lab.json';
const recordFormatVersion = 1;

export interface FileDigest {
  readonly sha256: string;
  readonly bytes: number;
}

interface OwnedRecord {
  createdDirectory: boolean;
  readonly directories: Set<string>;
  readonly files: Map<string, FileDigest>;
}

const recordSchema = lazily(() =>
  z.strictObject({
    tool: z.literal('lamport-lab'),
    formatVersion: z.literal(recordFormatVersion),
    createdDirectory: z.boolean(),
    directories: z.array(z.string()),
    files: z.record(
      z.string(),
      z.strictObject({
        bytes: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
      }),
    ),
  }),
);

/** A name a record may list: one entry of the directory, never a path out of it. */
function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name);
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT' || systemErrorCode(error) === 'ENOTDIR') return null;
    throw new InputError(`${path}: cannot look at it: ${describeSystemError(error)}`);
  }
}

function emptyRecord(): OwnedRecord {
  return { createdDirectory: false, directories: new Set(), files: new Map() };
}

/** The directory's record, or null when it has none. A record we cannot trust is refused. */
function readRecord(directory: string): OwnedRecord | null {
  const path = join(directory, ownedRecordFileName);
  const stats = lstatOrNull(path);
  if (stats === null) return null;
  const refuse = (got: string) =>
    new InputError(
      `${path}: expected lamport-lab's record of the files it wrote there, got ${got}; move it away`,
    );
  if (!stats.isFile()) throw refuse(stats.isDirectory() ? 'a directory' : 'a link or device');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read it: ${describeSystemError(error)}`);
  }
  const parsed = recordSchema().safeParse(parseJsonText(text, path));
  if (!parsed.success) throw refuse('another file');
  const { createdDirectory, directories, files } = parsed.data;
  const names = [...directories, ...Object.keys(files)];
  if (!names.every(isPlainName)) throw refuse('a name that is not a file of that directory');
  return {
    createdDirectory,
    directories: new Set(directories),
    files: new Map(Object.entries(files)),
  };
}

/** The record's text: sorted keys and names, so equal records are equal bytes. */
function recordText(record: OwnedRecord): string {
  const files: Record<string, FileDigest> = {};
  for (const name of [...record.files.keys()].sort()) {
    const digest = record.files.get(name) as FileDigest;
    files[name] = { bytes: digest.bytes, sha256: digest.sha256 };
  }
  const value = {
    createdDirectory: record.createdDirectory,
    directories: [...record.directories].sort(),
    files,
    formatVersion: recordFormatVersion,
    tool: 'lamport-lab',
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Writes the record (beside, then renamed over), or removes it when it says nothing. */
function writeRecord(directory: string, record: OwnedRecord): void {
  const path = join(directory, ownedRecordFileName);
  if (!record.createdDirectory && record.directories.size === 0 && record.files.size === 0) {
    if (lstatOrNull(path)?.isFile() === true) rmSync(path);
    return;
  }
  writeOutputFile(path, recordText(record));
}

/** Read, change, write back. */
function updateRecord(directory: string, change: (record: OwnedRecord) => void): void {
  // The first record of a run made before records starts from what its manifest vouches for:
  // listing only the new file would turn that run's logs into the user's from then on.
  const record =
    readRecord(directory) ?? legacyRecord(directory, (name) => digestFile(join(directory, name)));
  change(record);
  writeRecord(directory, record);
}

/** The sha256 and size of a file, read a chunk at a time (logs may be gigabytes). */
export function digestFile(path: string): FileDigest {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      hash.update(chunk.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Whose a path is: nothing there, lamport-lab's, or the user's (and why, in words). */
export type Ownership =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ours' }
  | { readonly kind: 'theirs'; readonly why: string };

/**
 * What lamport-lab may claim in one directory: its record, or for a run written before records
 * existed, what that run's manifest vouches for (see legacyRecord). Each file is hashed at most
 * once, and only when its name is listed: a run's logs may be gigabytes.
 */
class DirectoryClaims {
  readonly directory: string;
  readonly #fromRecord: boolean;
  #record: OwnedRecord | null;
  readonly #verdicts = new Map<string, Ownership>();
  readonly #digests = new Map<string, FileDigest>();
  #candidates: string[] | null = null;

  constructor(directory: string) {
    this.directory = directory;
    this.#record = readRecord(directory);
    this.#fromRecord = this.#record !== null;
  }

  get record(): OwnedRecord {
    this.#record ??= legacyRecord(this.directory, (name) => this.#digest(name));
    return this.#record;
  }

  #digest(name: string): FileDigest {
    let digest = this.#digests.get(name);
    if (digest === undefined) {
      digest = digestFile(join(this.directory, name));
      this.#digests.set(name, digest);
    }
    return digest;
  }

  ownership(name: string): Ownership {
    const known = this.#verdicts.get(name);
    if (known !== undefined) return known;
    const verdict = this.#judge(name);
    this.#verdicts.set(name, verdict);
    return verdict;
  }

  #judge(name: string): Ownership {
    const path = join(this.directory, name);
    const stats = lstatOrNull(path);
    if (stats === null) return { kind: 'absent' };
    if (stats.isSymbolicLink()) return { kind: 'theirs', why: 'a symbolic link' };
    if (stats.isDirectory()) return { kind: 'theirs', why: 'a directory' };
    if (!stats.isFile()) return { kind: 'theirs', why: 'not a regular file' };
    const where = join(this.directory, ownedRecordFileName);
    // Without a record, only what an earlier run's manifest names can be vouched for: anything
    // else is the user's before a single log is hashed.
    this.#candidates ??= this.#fromRecord ? [] : legacyCandidates(this.directory);
    const candidate = this.#fromRecord || this.#candidates.includes(name);
    const listed = candidate ? this.record.files.get(name) : undefined;
    if (listed === undefined) {
      const why = this.#fromRecord
        ? `a file lamport-lab did not write (not in ${where})`
        : `a file lamport-lab did not write (${where} does not list it)`;
      return { kind: 'theirs', why };
    }
    const changed = { kind: 'theirs', why: 'a file changed since lamport-lab wrote it' } as const;
    if (stats.size !== listed.bytes) return changed;
    return this.#digest(name).sha256 === listed.sha256 ? { kind: 'ours' } : changed;
  }
}

/**
 * A directory written by an earlier version has no record. What its manifest vouches for is
 * attributed: each log whose size and sha256 are the manifest's, the manifest itself when every
 * log it lists is there as listed, and summary.json when it describes that very run (each
 * machine's event counts and final clock are the manifest's). Anything else is the user's.
 */
function legacyRecord(directory: string, digest: (name: string) => FileDigest): OwnedRecord {
  const record = emptyRecord();
  const manifest = legacyManifest(directory);
  if (manifest === null) return record;
  let everyLogAsListed = true;
  for (const log of manifest.logs) {
    const stats = isPlainName(log.file) ? lstatOrNull(join(directory, log.file)) : null;
    const asListed =
      stats?.isFile() === true &&
      stats.size === log.bytes &&
      digest(log.file).sha256 === log.sha256;
    if (asListed) record.files.set(log.file, { sha256: log.sha256, bytes: log.bytes });
    else everyLogAsListed = false;
  }
  if (!everyLogAsListed) return record;
  record.files.set(manifestFileName, digest(manifestFileName));
  const summaryPath = join(directory, 'summary.json');
  if (lstatOrNull(summaryPath)?.isFile() === true) {
    const summary = legacySummarySchema().safeParse(parseQuietly(summaryPath));
    const machines = manifest.machines;
    const describesRun =
      summary.success &&
      summary.data.machines.length === machines.length &&
      summary.data.machines.every((machine, id) => {
        const listed = machines[id];
        return (
          listed !== undefined &&
          machine.finalClock === listed.finalClock &&
          machine.events.total === listed.events.total &&
          machine.events.send === listed.events.send &&
          machine.events.receive === listed.events.receive
        );
      });
    if (describesRun) record.files.set('summary.json', digest('summary.json'));
  }
  return record;
}

/** The manifest of a run made before records, if there is one lamport-lab wrote the shape of. */
function legacyManifest(
  directory: string,
): z.output<ReturnType<typeof legacyManifestSchema>> | null {
  const path = join(directory, manifestFileName);
  if (lstatOrNull(path)?.isFile() !== true) return null;
  const parsed = legacyManifestSchema().safeParse(parseQuietly(path));
  return parsed.success && parsed.data.logs.length > 0 ? parsed.data : null;
}

/** The names a run made before records may have written: its logs, manifest and summary. */
function legacyCandidates(directory: string): string[] {
  const manifest = legacyManifest(directory);
  if (manifest === null) return [];
  return [...manifest.logs.map((log) => log.file), manifestFileName, 'summary.json'];
}

const eventCountsSchema = lazily(() =>
  z.object({
    total: z.number(),
    send: z.number(),
    receive: z.number(),
  }),
);

const legacyManifestSchema = lazily(() =>
  z.object({
    tool: z.object({ name: z.literal('lamport-lab') }),
    logs: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number() })),
    machines: z.array(z.object({ finalClock: z.number(), events: eventCountsSchema() })),
  }),
);

const legacySummarySchema = lazily(() =>
  z.object({
    machines: z.array(z.object({ finalClock: z.number(), events: eventCountsSchema() })),
  }),
);

function parseQuietly(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Whose `path` is. */
export function ownershipOf(path: string): Ownership {
  return new DirectoryClaims(dirname(path)).ownership(basename(path));
}

/** How a refusal ends: what the user can do about it. */
export type Remedy = 'force' | 'move' | 'move-only';

function remedyText(remedy: Remedy): string {
  switch (remedy) {
    case 'force':
      return 'pass --force to replace it, or choose another --out';
    case 'move':
      return 'lamport-lab replaces only files it wrote: move it away, or choose another --out';
    case 'move-only':
      return 'lamport-lab replaces only files it wrote: move it away';
    default:
      return assertNever(remedy, 'remedy');
  }
}

/** The one line that refuses to write over `label`, which is `why`. */
export function refusalToReplace(label: string, why: string, remedy: Remedy): InputError {
  return new InputError(
    `${label}: expected nothing there or a file lamport-lab wrote, got ${why}; ${remedyText(remedy)}`,
  );
}

export interface OwnedWriteOptions {
  /** How the output is named in a refusal (`--out essay.html`); the path by default. */
  readonly label?: string;
  /**
   * The user named this very file with --out and passed --force: a file of theirs there is
   * replaced. Never for a file inside an output directory (their README.md beside a report).
   */
  readonly replaceTheirs?: boolean;
  readonly remedy?: Remedy;
}

/**
 * Where a command writes its one output file (`view`, `report`, the playground): at the path
 * --out named (`outGiven`), where --force may replace a file of the user's, or at its default
 * place, where a file of theirs is refused, --force or not (the user never named it). A refusal
 * names --out only when it was typed.
 */
export function outputFilePlace(
  outPath: string,
  outGiven: boolean,
  force: boolean,
): OwnedWriteOptions {
  return {
    label: outGiven ? `--out ${outPath}` : outPath,
    replaceTheirs: force && outGiven,
    remedy: outGiven ? 'force' : 'move',
  };
}

/** Refuses (one line, exit 2) unless `path` may be written: nothing there, or ours. */
export function checkWritable(path: string, options: OwnedWriteOptions = {}): void {
  if (basename(path) === ownedRecordFileName) {
    // Writing over it would make every file of that directory the user's; --force or not.
    throw new InputError(
      `${options.label ?? path}: expected another file name, got ${ownedRecordFileName}, lamport-lab's record of the files it wrote there`,
    );
  }
  const ownership = ownershipOf(path);
  if (ownership.kind !== 'theirs') return;
  if (ownership.why === 'a directory') {
    throw new InputError(`${options.label ?? path}: expected a file, got a directory`);
  }
  if (options.replaceTheirs === true) return;
  throw refusalToReplace(options.label ?? path, ownership.why, options.remedy ?? 'move');
}

/** Writes `text` to `path` unless it is the user's (see checkWritable), and records it. */
export function writeOwnedFile(
  path: string,
  text: string | Buffer,
  options: OwnedWriteOptions = {},
): void {
  checkWritable(path, options);
  writeOutputFile(path, text, { replaceLinkToFile: options.replaceTheirs === true });
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  recordOwnedFiles(dirname(path), [
    {
      file: basename(path),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    },
  ]);
}

/** Records files written elsewhere (streamed logs, an export) with the digest taken as they went. */
export function recordOwnedFiles(
  directory: string,
  files: readonly { readonly file: string; readonly sha256: string; readonly bytes: number }[],
): void {
  if (files.length === 0) return;
  updateRecord(directory, (record) => {
    for (const { file, sha256, bytes } of files) record.files.set(file, { sha256, bytes });
  });
}

/**
 * Records the files at `names` in `directory` as they are now: for files this process made
 * where nothing was (checked before), whose writer could not say what it wrote (a machine
 * process's log, a run that failed half way).
 */
export function recordFilesAsTheyAre(directory: string, names: readonly string[]): void {
  const present = names.filter((name) => lstatOrNull(join(directory, name))?.isFile() === true);
  recordOwnedFiles(
    directory,
    present.map((file) => ({ file, ...digestFile(join(directory, file)) })),
  );
}

/** Why the system refused to make `path` a directory, in words. */
function mkdirRefusal(error: unknown, path: string): string {
  switch (systemErrorCode(error)) {
    case 'ENOENT':
      return 'the file system has no place for it (ENOENT)';
    case 'EEXIST':
      return lstatSync(path).isSymbolicLink()
        ? 'it is a symbolic link to something missing (EEXIST)'
        : 'a file is in the way (EEXIST)';
    default:
      return describeSystemError(error);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `mkdir -p`, one level at a time, for a directory named by `flag`; the last level, when made
 * here, is recorded as lamport-lab's (so an empty one may be removed again). Node 20's
 * recursive mkdir never returns for a path under /proc and says ENOENT where the file system is
 * read-only or full (nodejs/node#42808); level by level, the system's real refusal is what the
 * user reads, in one line (exit code 2).
 */
export function makeOwnedDirectory(directory: string, flag: string): string[] {
  const missing: string[] = [];
  // Followed links: a link to something missing is a level to make, and refused there by name.
  for (let path = resolve(directory); !existsSync(path); path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  if (missing.length === 0 && !isDirectory(directory)) {
    throw new InputError(`${flag} ${directory}: expected a directory, got a file`);
  }
  const made: string[] = [];
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
      made.push(path);
    } catch (error) {
      // Made meanwhile by someone else (two experiment workers making the same parent): fine.
      if (systemErrorCode(error) === 'EEXIST' && isDirectory(path)) continue;
      const where = path === resolve(directory) ? '' : ` (making ${path})`;
      throw new InputError(
        `${flag} ${directory}: cannot create the directory${where}: ${mkdirRefusal(error, path)}`,
      );
    }
  }
  if (made.at(-1) === resolve(directory)) {
    updateRecord(directory, (record) => {
      record.createdDirectory = true;
    });
  }
  return made;
}

/**
 * Takes back the output of a start that failed (a program that cannot be started, a port in
 * use): no run was made, and its directory must not block the corrected command. The files
 * lamport-lab wrote in `directory` are removed (by its record: only those), then each of
 * `madeLevels` (makeOwnedDirectory's answer: the levels this invocation made, outermost first)
 * that is left empty. What was there before, the user's files or the directory itself, stays.
 */
export function withdrawOwnedOutput(directory: string, madeLevels: readonly string[]): void {
  removeOwnedFiles(directory);
  removeMadeLevels(directory, madeLevels);
}

/**
 * Removes each of `madeLevels` (the levels of `directory` this invocation made, outermost first)
 * that is empty, innermost first, stopping at the first that is not: `directory` counts as empty
 * when only its record, which then lists nothing, is left.
 */
export function removeMadeLevels(directory: string, madeLevels: readonly string[]): void {
  for (const level of [...madeLevels].reverse()) {
    const isOutput = level === resolve(directory);
    const left = readdirSync(level).filter((name) => !(isOutput && name === ownedRecordFileName));
    if (left.length > 0) return;
    if (isOutput) rmSync(join(level, ownedRecordFileName), { force: true });
    rmdirSync(level);
  }
}

/**
 * `parent/name` as a directory of parent's output (a run's charts/, a report's figures/): made
 * if missing, and listed in parent's record so that replacing the output reaches into it. A link
 * or a file in its place is refused: writing through a link would write into the user's files.
 */
export function makeOwnedSubdirectory(parent: string, name: string, flag: string): string {
  makeOwnedSubdirectories(parent, [name], flag);
  return join(parent, name);
}

/** makeOwnedSubdirectory for many (an experiment's runs): parent's record is written once. */
export function makeOwnedSubdirectories(
  parent: string,
  names: readonly string[],
  flag: string,
): void {
  for (const name of names) {
    const stats = lstatOrNull(join(parent, name));
    if (stats !== null && !stats.isDirectory()) {
      throw new InputError(
        `${flag} ${parent}: ${name} is ${stats.isSymbolicLink() ? 'a symbolic link' : 'a file'}, where lamport-lab makes a directory; expected a directory or nothing`,
      );
    }
  }
  for (const name of names) makeOwnedDirectory(join(parent, name), flag);
  updateRecord(parent, (record) => {
    for (const name of names) record.directories.add(name);
  });
}

/** Removes the one file at `path` if it is lamport-lab's (listed, bytes unchanged). */
export function removeOwnedFile(path: string): void {
  const directory = dirname(path);
  const name = basename(path);
  const claims = new DirectoryClaims(directory);
  if (claims.ownership(name).kind !== 'ours') return;
  rmSync(path);
  const { record } = claims;
  record.files.delete(name);
  writeRecord(directory, record);
}

/**
 * Removes from `directory` the files lamport-lab wrote there (listed, bytes unchanged), and
 * within each subdirectory of its output the same, removing that subdirectory too when
 * lamport-lab created it and nothing else is left in it. Never follows a link; never removes
 * a file it cannot attribute, nor a directory with anything of the user's in it.
 */
export function removeOwnedFiles(directory: string): void {
  const claims = new DirectoryClaims(directory);
  const { record } = claims;
  removeListedSubdirectories(directory, record);
  for (const name of [...record.files.keys()].sort()) {
    if (claims.ownership(name).kind === 'ours') rmSync(join(directory, name));
    // Gone, or no longer ours (edited): either way no longer listed.
    record.files.delete(name);
  }
  writeRecord(directory, record);
}

/** removeOwnedFiles' part for the subdirectories `record` lists (each emptied of what is ours). */
function removeListedSubdirectories(directory: string, record: OwnedRecord): void {
  for (const name of [...record.directories].sort()) {
    if (!isPlainName(name)) continue;
    const stats = lstatOrNull(join(directory, name));
    if (stats?.isDirectory() === true && removeOwnedSubdirectory(join(directory, name))) {
      record.directories.delete(name);
    } else if (stats === null || !stats.isDirectory()) {
      record.directories.delete(name);
    }
  }
}

/**
 * removeOwnedFiles in two steps, for a writer that may yet fail and must then give the earlier
 * output back (previous-run.ts): the files lamport-lab wrote in `directory` are moved (renamed,
 * never copied: logs may be gigabytes) into `asideDir`, a directory on the same file system, and
 * de-listed exactly as removeOwnedFiles de-lists them. Its subdirectories stay, until
 * removeOwnedSubdirectories. Returns the names moved.
 */
export function setAsideOwnedFiles(directory: string, asideDir: string): string[] {
  const claims = new DirectoryClaims(directory);
  const { record } = claims;
  const moved: string[] = [];
  for (const name of [...record.files.keys()].sort()) {
    if (claims.ownership(name).kind === 'ours') {
      renameSync(join(directory, name), join(asideDir, name));
      moved.push(name);
    }
    record.files.delete(name);
  }
  writeRecord(directory, record);
  return moved;
}

/** The rest of removeOwnedFiles after setAsideOwnedFiles: the subdirectories of the output. */
export function removeOwnedSubdirectories(directory: string): void {
  const record = readRecord(directory);
  if (record === null || record.directories.size === 0) return;
  removeListedSubdirectories(directory, record);
  writeRecord(directory, record);
}

/**
 * Removes `parent/name`, a subdirectory of parent's output, as far as it is lamport-lab's: its
 * files and, when lamport-lab made it and nothing else is left, the directory (then no longer
 * listed in parent's record). What is the user's stays, and so does the directory holding it.
 */
export function removeOwnedSubdirectoryOf(parent: string, name: string): void {
  const path = join(parent, name);
  if (lstatOrNull(path)?.isDirectory() !== true) return;
  if (!removeOwnedSubdirectory(path)) return;
  updateRecord(parent, (record) => {
    record.directories.delete(name);
  });
}

/** Cleans a subdirectory; removes it when lamport-lab made it and it is empty. True if gone. */
function removeOwnedSubdirectory(path: string): boolean {
  const created = readRecord(path)?.createdDirectory === true;
  removeOwnedFiles(path);
  if (!created) return false;
  const left = readdirSync(path).filter((name) => name !== ownedRecordFileName);
  if (left.length > 0) return false;
  rmSync(join(path, ownedRecordFileName), { force: true });
  rmdirSync(path);
  return true;
}

/** The entries of `directory` other than the record. */
export function entriesBesidesRecord(directory: string): string[] {
  return readdirSync(directory).filter((name) => name !== ownedRecordFileName);
}

/**
 * The first of `names` in `directory` that is the user's, with why; null when every one is
 * absent or lamport-lab's (and so may be replaced).
 */
export function firstUnowned(
  directory: string,
  names: readonly string[],
): { readonly name: string; readonly why: string } | null {
  const claims = new DirectoryClaims(directory);
  for (const name of names) {
    const ownership = claims.ownership(name);
    if (ownership.kind === 'theirs') return { name, why: ownership.why };
  }
  return null;
}

/**
 * The files under `directory`, within the subdirectories of its output, that are not
 * lamport-lab's: what a removal of its output would leave. Paths relative to `directory`.
 */
export function unownedWithin(directory: string, subdirectory: string): string[] {
  const path = join(directory, subdirectory);
  const stats = lstatOrNull(path);
  if (stats === null) return [];
  if (!stats.isDirectory()) return [subdirectory];
  const claims = new DirectoryClaims(path);
  const left: string[] = [];
  for (const name of entriesBesidesRecord(path).sort()) {
    const inner = lstatOrNull(join(path, name));
    if (inner?.isDirectory() === true && claims.record.directories.has(name)) {
      left.push(...unownedWithin(path, name).map((file) => join(subdirectory, file)));
    } else if (claims.ownership(name).kind !== 'ours') {
      left.push(join(subdirectory, name));
    }
  }
  return left;
}
