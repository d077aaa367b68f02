/**
 * Problems of the output folder and its surroundings, as the user reads them.
 *
 * These are not bugs: a folder that is a file, a lock held by another run, a
 * disk that is full. They end the run with exit code 1 and one line saying
 * what is wrong, where, and how to fix it; a stack trace would only hide
 * that line.
 */

/** A problem with the output folder, worded `irsa-gen: <what> (<path>). <fix>.` */
export class OutputFolderError extends Error {
  /**
   * @param problem what is wrong, starting lower case
   * @param path the file or folder concerned
   * @param fix how to fix it, a sentence without the final full stop
   * @param nothingWritten true when the output folder is exactly as before the run
   */
  constructor(
    readonly problem: string,
    readonly path: string,
    readonly fix: string,
    readonly nothingWritten: boolean,
  ) {
    super(`irsa-gen: ${problem} (${path}). ${fix}.`);
    this.name = "OutputFolderError";
  }
}

/**
 * What an operating-system error code means for the user, and what to do.
 * Codes not listed are not problems of the environment we can name (ENOENT
 * in the middle of our own scratch folder is a bug), so they stay internal
 * errors.
 */
const GRANT_ACCESS = "Give the user running irsa-gen write access there, or point CDKTF_OUTDIR at another folder";
const FILE_SYSTEM_PROBLEMS: Readonly<Record<string, readonly [problem: string, fix: string]>> = {
  EACCES: ["irsa-gen may not write here", GRANT_ACCESS],
  EPERM: ["irsa-gen may not change this", GRANT_ACCESS],
  EROFS: ["the file system is read-only", "Point CDKTF_OUTDIR at a folder on a writable file system"],
  ENOSPC: ["no space is left on the device", "Free some space and run again"],
  EDQUOT: ["the disk quota is exhausted", "Free some space and run again"],
  ENOTDIR: ["a part of this path is a file where a folder is needed", "Move that file away, or point CDKTF_OUTDIR at another folder"],
  EISDIR: ["a folder stands where irsa-gen writes a file", "Move that folder out of the output folder and run again"],
  ELOOP: ["symbolic links loop here", "Remove the link loop, or point CDKTF_OUTDIR at another folder"],
  EXDEV: ["this is on another file system than the rest of the output folder", "Keep the whole output folder on one file system (no mount points inside it)"],
  ENAMETOOLONG: ["the path is too long", "Point CDKTF_OUTDIR at a folder with a shorter path"],
};

/**
 * The user's version of an error: an OutputFolderError as it is, a
 * file-system error the environment explains, or undefined for anything
 * else (then it is reported as internal).
 */
export function describeFileSystemError(error: unknown): OutputFolderError | undefined {
  if (error instanceof OutputFolderError) return error;
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  const known = code ? FILE_SYSTEM_PROBLEMS[code] : undefined;
  if (!known || !path) return undefined;
  return new OutputFolderError(known[0], path, known[1], true);
}
