/**
 * The output folder: irsa-gen's own, and replaced all at once.
 *
 * Users read and apply what is in a stack folder, and Terraform keeps its
 * own files there, so a run must neither touch what it did not write nor
 * leave a half-published output behind. The design:
 *
 * - Ownership. A run writes only into a folder that is missing, empty,
 *   marked as irsa-gen's by its record (`.irsa-gen/output.json`, see
 *   output/files.ts), or written by an irsa-gen from before records (taken
 *   over only when every generated file carries irsa-gen's signature). It
 *   replaces and deletes only recorded files, and never goes through a
 *   symbolic link: rename(2) and unlink(2) act on a link itself, and every
 *   folder on the way to a file is checked to be a real folder.
 *
 * - A journal. The new output is written whole into `.irsa-gen/next/`
 *   (inside the output folder, so every later move is a rename(2) within one
 *   file system, which is atomic). Then the list of renames and deletions is
 *   written to `.irsa-gen/journal.json` by one atomic rename: that is the
 *   commit point. Only then do files move. A run killed before the commit
 *   leaves the previous output as it was (its scratch is discarded by the
 *   next run); a run killed after it is finished by the next run, which
 *   applies the journal's remaining steps (each is idempotent) before doing
 *   anything else. So once any run has finished, every stack holds the
 *   output of one and the same run.
 *
 * - Per stack folder, each file is replaced by one rename, and a Terraform
 *   file is moved in before the file of the other format is deleted. A run
 *   killed while switching a stack between JSON and HCL can therefore leave
 *   that one stack folder with both `cdk.tf.json` and `cdk.tf` until the
 *   next run. Terraform refuses to plan such a folder ("Duplicate …
 *   configuration"), so nothing can be applied from it. The other order
 *   would leave a folder with no configuration, which Terraform refuses too
 *   ("No configuration files"), but which reads as a stack that was lost;
 *   with both files, nothing is missing and the state explains itself. No
 *   POSIX operation swaps two names at once, so one of the two is
 *   unavoidable; nothing else is ever seen half-done. A new stack folder is
 *   moved in whole, so it appears complete.
 *
 * - A lock (lock.ts) serializes runs into one folder.
 *
 * Atomicity is against the process dying (SIGKILL, a crash, Ctrl-C), not
 * against the machine losing power: nothing is fsync'ed.
 */
import { accessSync, constants, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { describeFileSystemError, OutputFolderError } from "./errors";
import {
  carriesSignature,
  findUnrecorded,
  hashOf,
  isOutputDir,
  isOutputPath,
  lstatOrUndefined,
  MANIFEST_FILE,
  parseRecord,
  RECORD_FILE,
  recordText,
  regularFileContent,
  STACK_FILE_NAMES,
  STACKS_DIR,
  stackOf,
  STATE_DIR,
  type FileHashes,
} from "./files";
import { lockOutputFolder, type OutputLock } from "./lock";
import { retiredStacks } from "./retired-stacks";

export interface OutputFolderProps {
  /** The output folder, absolute or relative to the working directory. */
  readonly outdir: string;
  /**
   * Told what a run did besides writing its own output: finishing an
   * interrupted run, taking over an older irsa-gen's folder, removing old
   * scratch folders. One line each.
   * @default nothing is told
   */
  readonly notice?: (line: string) => void;
}

/**
 * Writes the new output, whole, into `scratch` (an empty folder). It may
 * return the hashes (`hashOf`) of files it wrote, by path below `scratch`,
 * taken from the very bytes it wrote: publication then does not read those
 * again. Every other file is read and hashed.
 */
export type ProduceOutput = (scratch: string) => void | FileHashes | Promise<void | FileHashes>;

/** The fixes of what stands in the way of a file irsa-gen writes. */
const MOVE_IT_OUT = "Move it out of the output folder and run again";
const REMOVE_THE_LINK = "Remove the link and run again";

/** The scratch folder, the journal and its temporary name, inside the state folder. */
const SCRATCH_DIR = "next";
const JOURNAL_FILE = "journal.json";
const TEMPORARY_SUFFIX = ".tmp";
const JOURNAL_VERSION = 1;

/**
 * Test hook: with `IRSA_GEN_TEST_KILL_AFTER_STEPS=N` set, the process kills
 * itself with SIGKILL after step N of publication (0: with the new output
 * complete in scratch, just before the commit; 1: the commit; then each
 * rename or deletion, writing the record, removing the journal, removing the
 * scratch). The tests use it to stop publication at reproducible points.
 */
const KILL_AFTER_STEPS_VARIABLE = "IRSA_GEN_TEST_KILL_AFTER_STEPS";

/** One change to the output folder, as the journal lists it. */
type Step =
  /** Move `<scratch>/<path>` to `<path>`: a file (replacing irsa-gen's), or a folder that does not exist yet. */
  | { readonly move: string }
  /** Delete the file `<path>` that irsa-gen wrote. */
  | { readonly remove: string };

interface Journal {
  /** JOURNAL_VERSION: a journal of another version is refused rather than guessed at. */
  readonly version: number;
  /** In order: see `planPublication`. */
  readonly steps: readonly Step[];
  /** The record once the steps are done. */
  readonly files: Readonly<Record<string, string>>;
}

/** What a run has done to the output folder so far: decides what its error message may promise. */
interface Progress {
  /** True once anything in the output folder changed (the commit included). */
  changed: boolean;
  /** Publication steps reached, for the test hook. */
  steps: number;
  /** The test hook's N, if set. */
  readonly killAfter?: number;
}

/**
 * Publishes a new output into `props.outdir`: `produce` writes it into a
 * scratch folder, and it replaces the previous output all at once (see the
 * file comment). Throws an OutputFolderError for anything the user can fix;
 * any other error is a bug.
 */
export async function writeOutputFolder(props: OutputFolderProps, produce: ProduceOutput): Promise<void> {
  const outdir = resolve(props.outdir);
  const stateDir = join(outdir, STATE_DIR);
  const notice = props.notice ?? (() => undefined);
  const killAfter = process.env[KILL_AFTER_STEPS_VARIABLE];
  const progress: Progress = { changed: false, steps: 0, killAfter: killAfter ? Number(killAfter) : undefined };
  const created: string[] = [];
  let lock: OutputLock | undefined;
  try {
    checkOwnership(outdir);
    created.push(...createFolder(outdir), ...createFolder(stateDir));
    lock = lockOutputFolder(stateDir);
    recover(outdir, progress, notice);
    removeOldScratchFolders(outdir, notice);
    const previous = ownedFiles(outdir, notice);
    const scratch = join(stateDir, SCRATCH_DIR);
    mkdirSync(scratch);
    const known = (await produce(scratch)) ?? new Map<string, string>();
    const journal = planPublication(outdir, previous, known);
    reached(progress);
    commit(stateDir, journal, progress);
    applyJournal(outdir, journal, progress);
  } catch (error) {
    const pending = existsSync(join(stateDir, JOURNAL_FILE));
    // Without the lock, the scratch is another run's.
    if (lock && !pending) discardScratch(stateDir);
    lock?.release();
    lock = undefined;
    // Folders this run created go again, so that a refused run leaves no trace.
    if (!progress.changed && !pending) for (const dir of created.reverse()) rmdirQuietly(dir);
    throw forUser(error, progress, pending);
  } finally {
    lock?.release();
  }
}

/** The error as the user should read it; unchanged when it is a bug. */
function forUser(error: unknown, progress: Progress, pending: boolean): unknown {
  const described = describeFileSystemError(error);
  if (!described) return error;
  const fix = pending ? `${described.fix}; then run irsa-gen again: it first finishes publishing the output already begun` : described.fix;
  return new OutputFolderError(described.problem, described.path, fix, !progress.changed);
}

/**
 * Refuses, before anything is created, a folder that is not irsa-gen's to
 * write: a file, a symbolic link, a folder holding files of others. Checked
 * again under the lock (`ownedFiles`), which is what counts; this early
 * check keeps a refused run from leaving even a lock behind.
 */
function checkOwnership(outdir: string): void {
  const stats = lstatOrUndefined(outdir);
  if (!stats) return checkParents(outdir);
  if (stats.isSymbolicLink()) {
    if (!existsSync(outdir)) throw new OutputFolderError("the output folder is a broken symbolic link", outdir, "Remove the link, or point CDKTF_OUTDIR at a real folder", true);
    throw new OutputFolderError(
      "the output folder is a symbolic link, and irsa-gen never writes through one",
      outdir,
      `Point CDKTF_OUTDIR at the folder it links to (${realpathSync(outdir)})`,
      true,
    );
  }
  if (!stats.isDirectory()) throw new OutputFolderError("the output folder is a file, not a folder", outdir, "Point CDKTF_OUTDIR at a folder, or move the file away", true);
  const stateDir = join(outdir, STATE_DIR);
  const state = lstatOrUndefined(stateDir);
  if (state && (!state.isDirectory() || state.isSymbolicLink())) {
    throw new OutputFolderError("irsa-gen's own folder in the output folder is not a folder", stateDir, "Move it away and run again", true);
  }
  // A journal means an interrupted run of irsa-gen's own: recovery decides.
  if (!existsSync(join(stateDir, JOURNAL_FILE))) ownedFiles(outdir);
}

/** A missing output folder is created with its parents; a parent that is a file or a broken link is named as such. */
function checkParents(outdir: string): void {
  for (let dir = dirname(outdir); dir !== dirname(dir); dir = dirname(dir)) {
    const stats = lstatOrUndefined(dir);
    if (!stats) continue;
    if (stats.isSymbolicLink() && !existsSync(dir)) {
      throw new OutputFolderError("a folder on the output folder's path is a broken symbolic link", dir, "Remove the link or create its target, or point CDKTF_OUTDIR elsewhere", true);
    }
    if (!statSync(dir).isDirectory()) {
      throw new OutputFolderError("a part of the output folder's path is a file, not a folder", dir, "Move that file away, or point CDKTF_OUTDIR elsewhere", true);
    }
    return;
  }
}

/** Creates a folder and its missing parents; returns those it created, outermost first. */
function createFolder(dir: string): string[] {
  const first = mkdirSync(dir, { recursive: true });
  if (first === undefined) return [];
  const created = [first];
  for (let next = first; next !== dir; ) {
    next = join(next, dir.slice(next.length + 1).split(sep)[0]);
    created.push(next);
  }
  return created;
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (another run wrote into it meanwhile), or gone: leave it.
  }
}

/**
 * The files irsa-gen wrote in `outdir` (its record, or, for a folder from
 * before records, the files that carry its signature); throws when the
 * folder holds anything else where irsa-gen would write.
 */
function ownedFiles(outdir: string, notice?: (line: string) => void): FileHashes {
  const recordPath = join(outdir, STATE_DIR, RECORD_FILE);
  if (lstatOrUndefined(recordPath)) {
    const text = regularFileContent(recordPath);
    const files = text && parseRecord(text.toString("utf8"));
    if (!files) {
      throw new OutputFolderError(
        "irsa-gen's record of the files it wrote is damaged",
        recordPath,
        "Delete it and run again: irsa-gen then recognises its files by their header or tag",
        true,
      );
    }
    return files;
  }
  const found = findUnrecorded(outdir);
  if (found.kind === "foreign" && isWorkingDirectoryOrAbove(outdir)) {
    throw new OutputFolderError(
      "the output folder is the working directory or one above it, which irsa-gen does not own",
      outdir,
      "Point CDKTF_OUTDIR at a folder of its own, such as cdktf.out (the default)",
      true,
    );
  }
  if (found.kind === "foreign") {
    throw new OutputFolderError(
      `the output folder is not irsa-gen's: ${found.reason}`,
      found.path,
      `irsa-gen writes only into a new or empty folder, or one it wrote itself: point CDKTF_OUTDIR at another folder (the default is cdktf.out), or move what is not irsa-gen's out of ${outdir}`,
      true,
    );
  }
  if (found.files.size > 0) {
    notice?.(
      `irsa-gen: taking over ${outdir}, written by an earlier irsa-gen (${found.files.size} generated files, recognised by their header or tag); ${STATE_DIR}/${RECORD_FILE} now records what irsa-gen writes there.`,
    );
  }
  return found.files;
}

/** `CDKTF_OUTDIR=.` or `..`: the project itself would become the output folder. */
function isWorkingDirectoryOrAbove(outdir: string): boolean {
  const cwd = process.cwd();
  return cwd === outdir || cwd.startsWith(outdir.endsWith(sep) ? outdir : outdir + sep);
}

/**
 * Finishes a run that was interrupted after its commit, or discards the
 * scratch of one interrupted before it.
 */
function recover(outdir: string, progress: Progress, notice: (line: string) => void): void {
  const stateDir = join(outdir, STATE_DIR);
  const journalPath = join(stateDir, JOURNAL_FILE);
  if (!lstatOrUndefined(journalPath)) {
    discardScratch(stateDir);
    return;
  }
  const journal = parseJournal(readFileSync(journalPath, "utf8"));
  if (!journal) {
    throw new OutputFolderError(
      "the journal of an interrupted irsa-gen run is damaged",
      journalPath,
      `Delete it and the folder ${join(stateDir, SCRATCH_DIR)}, then run again: irsa-gen then writes the whole output anew`,
      true,
    );
  }
  notice(`irsa-gen: finishing the publication of an earlier run that was interrupted (${journalPath}).`);
  applyJournal(outdir, journal, progress);
}

/** Removes what interrupted runs leave in the state folder: the scratch and temporary files. */
function discardScratch(stateDir: string): void {
  if (!existsSync(stateDir)) return;
  rmSync(join(stateDir, SCRATCH_DIR), { recursive: true, force: true });
  for (const name of readdirSync(stateDir)) if (name.endsWith(TEMPORARY_SUFFIX)) rmSync(join(stateDir, name), { force: true });
}

/**
 * Removes the scratch folders that irsa-gen before journals made beside the
 * output folder (`.<name>.synth-XXXXXX`) and left behind when killed. Only
 * folders holding nothing but what such a run wrote are removed.
 */
function removeOldScratchFolders(outdir: string, notice: (line: string) => void): void {
  const parent = dirname(outdir);
  const prefix = `.${basename(outdir)}.synth-`;
  try {
    for (const name of readdirSync(parent)) {
      if (!name.startsWith(prefix) || !/^[A-Za-z0-9]{6}$/.test(name.slice(prefix.length))) continue;
      const dir = join(parent, name);
      if (!isOldScratch(dir)) continue;
      rmSync(dir, { recursive: true, force: true });
      notice(`irsa-gen: removed the scratch folder of an interrupted earlier run (${dir}).`);
    }
  } catch {
    // Tidying up beside the output folder never stops a run.
  }
}

function isOldScratch(dir: string): boolean {
  const realDir = (path: string) => lstatOrUndefined(path)?.isDirectory() === true;
  if (!realDir(dir)) return false;
  return readdirSync(dir).every((entry) => {
    const path = join(dir, entry);
    if (entry === MANIFEST_FILE) return lstatSync(path).isFile();
    if (entry !== STACKS_DIR || !realDir(path)) return false;
    return readdirSync(path).every((stack) => {
      const stackDir = join(path, stack);
      return realDir(stackDir) && readdirSync(stackDir).every((file) => STACK_FILE_NAMES.includes(file) && lstatSync(join(stackDir, file)).isFile());
    });
  });
}

/**
 * The journal that turns the previous output (`previous`, irsa-gen's files
 * in the folder) into the one in scratch, checking on the way that every
 * file it replaces or deletes is irsa-gen's, every folder it goes through is
 * a real one, and every folder it changes can be written: so that once
 * committed, the journal can run to its end.
 */
function planPublication(outdir: string, previous: FileHashes, known: FileHashes): Journal {
  const scratch = join(outdir, STATE_DIR, SCRATCH_DIR);
  const next = scratchFiles(scratch, known);
  const current = new Set([...next.keys()].map(stackOf).filter((s): s is string => s !== undefined));
  const steps: Step[] = [];
  const owned = new OwnedFiles(outdir, previous);
  const device = lstatSync(scratch).dev;
  const writable = (dir: string) => checkWritable(dir, device);

  writable(outdir);
  const stacksDir = join(outdir, STACKS_DIR);
  const stacksExist = realFolder(stacksDir) !== undefined;
  if (current.size > 0 && !stacksExist) {
    steps.push({ move: STACKS_DIR });
  } else if (current.size > 0) {
    writable(stacksDir);
    for (const stack of [...current].sort()) {
      const dir = `${STACKS_DIR}/${stack}`;
      if (!realFolder(join(outdir, dir))) {
        steps.push({ move: dir });
        continue;
      }
      writable(join(outdir, dir));
      steps.push(...replaceFiles([...STACK_FILE_NAMES].map((name) => `${dir}/${name}`), next, owned));
    }
  }
  steps.push(...replaceFiles([MANIFEST_FILE], next, owned));

  for (const retired of retiredStacks(previous, current)) {
    const dir = join(stacksDir, retired.stack);
    // A retired stack folder that is gone, or became a link or a file, is not irsa-gen's any more: left alone.
    if (!lstatOrUndefined(stacksDir)?.isDirectory() || !lstatOrUndefined(dir)?.isDirectory()) continue;
    writable(dir);
    for (const path of retired.remove) if (owned.check(path)) steps.push({ remove: path });
  }
  return { version: JOURNAL_VERSION, steps, files: Object.fromEntries(next) };
}

/**
 * The steps that give `paths` (in publication order, see STACK_FILE_NAMES)
 * their new content: each new or changed file moved in, and only then the
 * files the new output no longer has deleted (see the file comment for why
 * in this order). Unchanged files are left as they are.
 */
function replaceFiles(paths: readonly string[], next: ReadonlyMap<string, string>, owned: OwnedFiles): Step[] {
  const current = paths.map((path) => ({ path, now: owned.check(path), next: next.get(path) }));
  return [
    ...current.filter((f) => f.next !== undefined && f.now !== f.next).map((f) => ({ move: f.path })),
    // Terraform's files before cdktf's side file: the stale Terraform file goes at the very next step.
    ...current.filter((f) => f.next === undefined && f.now !== undefined).map((f) => ({ remove: f.path })).reverse(),
  ];
}

/**
 * The files of the previous output as they are now, each checked to be
 * irsa-gen's before anything replaces or deletes it.
 */
class OwnedFiles {
  private readonly hashes = new Map<string, string | undefined>();

  constructor(
    private readonly outdir: string,
    private readonly previous: FileHashes,
  ) {}

  /**
   * The current content's hash of `path`, an irsa-gen file; undefined when
   * nothing is there. Throws when something else is there: a file irsa-gen
   * did not write, a link, a folder, or a recorded file changed beyond
   * recognition. (A recorded file whose content changed but still carries
   * irsa-gen's signature is irsa-gen's: `cdktf synth --hcl` reformats
   * `cdk.tf` in place, and a checkout may bring another generated version.)
   */
  check(path: string): string | undefined {
    if (this.hashes.has(path)) return this.hashes.get(path);
    const absolute = join(this.outdir, path);
    const stats = lstatOrUndefined(absolute);
    let hash: string | undefined;
    if (stats) {
      if (stats.isSymbolicLink()) {
        throw new OutputFolderError("a symbolic link is where irsa-gen writes a file, and irsa-gen never writes through one", absolute, REMOVE_THE_LINK, true);
      }
      if (!stats.isFile()) throw new OutputFolderError("something that is not a file is where irsa-gen writes a file", absolute, MOVE_IT_OUT, true);
      if (!this.previous.has(path)) {
        throw new OutputFolderError(
          "a file irsa-gen did not write has the name of one of irsa-gen's files",
          absolute,
          MOVE_IT_OUT,
          true,
        );
      }
      const content = readFileSync(absolute);
      hash = hashOf(content);
      const read = (name: string) => regularFileContent(join(dirname(absolute), name));
      if (hash !== this.previous.get(path) && !carriesSignature(path, content, read)) {
        throw new OutputFolderError(
          "a file irsa-gen wrote was changed and no longer looks like irsa-gen's",
          absolute,
          "Move it out of the output folder (irsa-gen would replace it) and run again",
          true,
        );
      }
    }
    this.hashes.set(path, hash);
    return hash;
  }
}

/** Every file in scratch, relative path → hash; synthesis writes nothing but output paths. */
function scratchFiles(scratch: string, known: FileHashes): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), path);
      else if (entry.isFile() && isOutputPath(path)) files.set(path, known.get(path) ?? hashOf(readFileSync(join(dir, entry.name))));
      else throw new Error(`synthesis wrote ${path}, which is not an output file`);
    }
  };
  walk(scratch, "");
  return files;
}

/** The stats of a real folder (not a link); undefined when nothing is there; throws for anything else. */
function realFolder(dir: string) {
  const stats = lstatOrUndefined(dir);
  if (!stats) return undefined;
  if (stats.isSymbolicLink()) {
    throw new OutputFolderError(
      "a folder irsa-gen writes into is a symbolic link, and irsa-gen never writes through one",
      dir,
      "Replace the link with a real folder, or remove it and let irsa-gen create the folder",
      true,
    );
  }
  if (!stats.isDirectory()) throw new OutputFolderError("a file is where irsa-gen needs a folder", dir, "Move that file out of the output folder and run again", true);
  return stats;
}

/**
 * Refuses, before the commit, a folder that the journal could not finish
 * changing: one that cannot be written, or on another file system (a mount
 * point, where rename(2) is not possible).
 */
function checkWritable(dir: string, device: number): void {
  accessSync(dir, constants.W_OK | constants.X_OK);
  if (lstatSync(dir).dev !== device) {
    throw new OutputFolderError("this folder is on another file system than the output folder", dir, "Keep the whole output folder on one file system (no mount points inside it)", true);
  }
}

/** The commit point: the journal appears by one atomic rename. */
function commit(stateDir: string, journal: Journal, progress: Progress): void {
  writeAtomically(join(stateDir, JOURNAL_FILE), `${JSON.stringify(journal, null, 2)}\n`);
  progress.changed = true;
  reached(progress);
}

/**
 * Runs a committed journal to its end: every step, then the new record,
 * then the journal and scratch go. Each step may already have been done by
 * a run that was killed: it is then skipped.
 */
function applyJournal(outdir: string, journal: Journal, progress: Progress): void {
  const stateDir = join(outdir, STATE_DIR);
  for (const step of journal.steps) {
    if ("move" in step) moveIntoPlace(outdir, step.move);
    else removeGenerated(outdir, step.remove);
    progress.changed = true;
    reached(progress);
  }
  writeAtomically(join(stateDir, RECORD_FILE), recordText(new Map(Object.entries(journal.files))));
  reached(progress);
  unlinkSync(join(stateDir, JOURNAL_FILE));
  reached(progress);
  rmSync(join(stateDir, SCRATCH_DIR), { recursive: true, force: true });
  reached(progress);
}

function moveIntoPlace(outdir: string, path: string): void {
  const from = join(outdir, STATE_DIR, SCRATCH_DIR, path);
  const to = join(outdir, path);
  checkFoldersOnTheWay(outdir, path);
  const source = lstatOrUndefined(from);
  const target = lstatOrUndefined(to);
  if (!source) {
    if (target) return; // moved before the previous run was killed
    throw new OutputFolderError(
      "the new output of an interrupted irsa-gen run is incomplete",
      from,
      `Delete ${join(outdir, STATE_DIR, JOURNAL_FILE)} and run again: irsa-gen then writes the whole output anew`,
      true,
    );
  }
  if (target?.isSymbolicLink()) throw new OutputFolderError("a symbolic link appeared where irsa-gen writes", to, REMOVE_THE_LINK, true);
  if (target && (source.isDirectory() || target.isDirectory())) throw new OutputFolderError("something appeared where irsa-gen writes", to, MOVE_IT_OUT, true);
  renameSync(from, to);
}

function removeGenerated(outdir: string, path: string): void {
  const absolute = join(outdir, path);
  checkFoldersOnTheWay(outdir, path);
  const stats = lstatOrUndefined(absolute);
  // Gone already, or no longer a file of irsa-gen's (then it is not irsa-gen's to delete).
  if (stats?.isFile()) unlinkSync(absolute);
}

/** Every folder between the output folder and `path` is a real folder, never a link. */
function checkFoldersOnTheWay(outdir: string, path: string): void {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) realFolder(join(outdir, ...parts.slice(0, i)));
}

function parseJournal(text: string): Journal | undefined {
  try {
    const journal = JSON.parse(text) as Journal;
    const valid =
      journal.version === JOURNAL_VERSION &&
      Array.isArray(journal.steps) &&
      journal.steps.every((s) => ("move" in s && (isOutputPath(s.move) || isOutputDir(s.move))) || ("remove" in s && isOutputPath(s.remove))) &&
      parseRecord(recordText(new Map(Object.entries(journal.files)))) !== undefined;
    return valid ? journal : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a file under a temporary name, then renames it into place. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(path + TEMPORARY_SUFFIX, text);
  renameSync(path + TEMPORARY_SUFFIX, path);
}

/** Counts a publication step; see KILL_AFTER_STEPS_VARIABLE. */
function reached(progress: Progress): void {
  if (progress.killAfter === undefined || progress.steps++ !== progress.killAfter) return;
  process.kill(process.pid, "SIGKILL");
  // SIGKILL to oneself lands at once; never go on meanwhile.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
