/**
 * The fence around the fast path.
 *
 * Three parts of synthesis re-do cdktf's own work for speed, and read what
 * cdktf keeps private to do it: the literal path (literal-terraform.ts,
 * with the token scan `holdsTokenText`), the direct synthesis of one stack
 * at a time (stack-synthesis.ts `synthesizeDirect`), and the helper threads
 * that share it out (threads.ts). Each was checked, byte for byte, against
 * what `App.synth()` writes with one cdktf version. On any other version,
 * synthesis takes cdktf's own path: slower, but only as right as cdktf.
 */
// The version is read from cdktf's package.json: the package has no
// `exports` map, so the file is reachable, and bundled with the program.
import { version as INSTALLED } from "cdktf/package.json";

/** The cdktf version the fast path was verified against (0.21.0 is cdktf's final release). */
export const VERIFIED_CDKTF_VERSION = "0.21.0";

/** The cdktf version that synthesis loads. */
export function installedCdktfVersion(): string {
  return INSTALLED;
}

/** Whether the fast path may run with cdktf `version`: only the exact version it was verified against. */
export function fastPathHolds(version: string): boolean {
  return version === VERIFIED_CDKTF_VERSION;
}
