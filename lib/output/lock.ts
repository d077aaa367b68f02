/**
 * One run at a time per output folder.
 *
 * Two runs publishing into one folder would interleave their renames and
 * leave a mix of both outputs, so a run holds `.irsa-gen/lock` from before
 * it synthesizes until its output is published. The lock is created with
 * O_EXCL (the kernel lets exactly one run create it) and says who holds it.
 * A run that finds a lock held by a live process stops at once with a clear
 * message rather than waiting: the other run is writing the same folder, and
 * whatever this one writes would replace it anyway.
 *
 * A run killed with SIGKILL leaves its lock behind. It is stale when its
 * process is gone, or when the process with that pid started at another time
 * (the pid was reused): then the next run takes it over. Locks from another
 * host (a shared file system) cannot be checked, and are never taken over.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { OutputFolderError } from "./errors";

/** The lock file's name inside the state folder. */
export const LOCK_FILE = "lock";

/** Who holds a lock: what the lock file says. */
export interface LockOwner {
  /** The process holding the lock. */
  readonly pid: number;
  /** Where it runs: a pid says nothing about another host's processes. */
  readonly hostname: string;
  /** When the run started, for people. */
  readonly started: string;
  /**
   * When the process started, in clock ticks after boot (Linux /proc); tells
   * a live owner from a new process that was given the same pid.
   */
  readonly processStart?: string;
}

/** A held lock. */
export interface OutputLock {
  /** Removes the lock, if it is still this run's. */
  release(): void;
}

/**
 * A lock file that cannot be read as an owner is being written by a run that
 * has just created it, unless it is older than this: a run writes its owner
 * right after creating the file, so an old unreadable lock is from a run
 * killed in between.
 */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/**
 * How many rounds to try before giving up: a round is lost to taking over
 * a stale lock that another run took first, or to waiting for the owner of
 * a fresh lock to be written (after which the lock is named as held by an
 * unknown process).
 */
const ATTEMPTS = 5;
/** How long to wait for the owner of a lock created a moment ago to be written (which takes microseconds). */
const OWNER_WRITE_WAIT_MS = 20;

/**
 * Takes the lock of the state folder `stateDir` (`<outdir>/.irsa-gen`),
 * taking over a stale one; throws an OutputFolderError naming the owner when
 * another run holds it.
 */
export function lockOutputFolder(stateDir: string): OutputLock {
  const path = join(stateDir, LOCK_FILE);
  const mine = JSON.stringify(currentOwner());
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (tryCreate(path, mine)) return { release: () => releaseIfMine(path, mine) };
    const held = readOrUndefined(path);
    if (held === undefined) continue; // released meanwhile
    const stale = isStale(path, held);
    if (!stale && !parseOwner(held)) {
      // Just created, its owner not written yet: look again in a moment.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, OWNER_WRITE_WAIT_MS);
      continue;
    }
    if (!stale) throw lockHeld(path, held);
    takeOverStale(path, held);
  }
  throw lockHeld(path, readOrUndefined(path) ?? "");
}

/** The owner this process writes into a lock. */
export function currentOwner(): LockOwner {
  return { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), processStart: processStart(process.pid) };
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale lock aside under a name of this run's own, and deletes it
 * there. Between reading the lock and moving it, another run may have taken
 * it over and created a live one; the moved file's content tells, and a live
 * lock is put back (link fails rather than replace a newer one).
 */
function takeOverStale(path: string, stale: string): void {
  // Named like irsa-gen's temporary files, which the next run clears should this one be killed here.
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readOrUndefined(aside);
  if (moved !== stale) {
    try {
      linkSync(aside, path);
    } catch {
      // A third run holds the lock now; the one moved aside was live, and its
      // run will find its lock gone when it releases (it never deletes another's).
    }
  }
  rmSync(aside, { force: true });
}

function releaseIfMine(path: string, mine: string): void {
  if (readOrUndefined(path) === mine) unlinkSync(path);
}

function isStale(path: string, content: string): boolean {
  const owner = parseOwner(content);
  if (!owner) return Date.now() - statSync(path).mtimeMs > UNREADABLE_LOCK_GRACE_MS;
  if (owner.hostname !== hostname()) return false;
  if (!isRunning(owner.pid)) return true;
  const start = processStart(owner.pid);
  return owner.processStart !== undefined && start !== undefined && start !== owner.processStart;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The start time of a process in clock ticks after boot (field 22 of /proc/<pid>/stat), where /proc exists. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function parseOwner(content: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(content) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.hostname === "string" ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function lockHeld(path: string, content: string): OutputFolderError {
  const owner = parseOwner(content);
  const who = owner ? `pid ${owner.pid} on ${owner.hostname}, started ${owner.started}` : "an unknown process";
  return new OutputFolderError(
    `another irsa-gen run (${who}) is writing this output folder`,
    path,
    "Wait for it to finish and run again; if no irsa-gen run is active, delete the lock file",
    true,
  );
}
