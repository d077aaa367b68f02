/**
 * Writes a report where `report --out` says: a new file, or one holding a
 * report irsa-gen wrote before. Anything else there (the config itself, a
 * README, a folder, a link) is refused and left as it was: a mistyped
 * `--out` must never cost the user a file.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describeFileSystemError, OutputFolderError } from "../output/errors";
import { isReport, lstatOrUndefined, regularFileContent } from "../output/files";

/** Writes `text` to `target`; throws an OutputFolderError the user can act on. */
export function writeReport(target: string, text: string): void {
  const folder = dirname(target);
  const folderStat = lstatOrUndefined(folder);
  if (folderStat === undefined) throw new OutputFolderError("the folder of the report does not exist", folder, "Create it, or give --out a file in an existing folder", true);
  const existing = lstatOrUndefined(target);
  if (existing !== undefined) {
    const content = existing.isFile() ? regularFileContent(target) : undefined;
    if (content === undefined || !isReport(content)) {
      throw new OutputFolderError(
        `${existing.isDirectory() ? "a folder" : existing.isSymbolicLink() ? "a symbolic link" : "a file that is not a report irsa-gen wrote"} is there`,
        target,
        "Give --out a new file or a report irsa-gen wrote, or move that one away",
        true,
      );
    }
  }
  // Written beside, then renamed over: an interrupted run leaves the old report whole.
  const scratch = join(folder, `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(scratch, text, { flag: "wx" });
    renameSync(scratch, target);
  } catch (error) {
    rmSync(scratch, { force: true });
    throw describeFileSystemError(error) ?? error;
  }
}
