/**
 * What the YAML text said at each place of the parsed data: where a value
 * and its key stand, and for a scalar the text as written. Messages quote
 * what the user wrote (`012345678901`), not what YAML made of it (the
 * number 12345678901), and say when an unquoted word became null or a
 * boolean.
 *
 * Kept beside the data rather than in it: the parsed values stay plain
 * JSON-like data for the validator. Notes cost time and memory that a
 * valid file never needs, so the reader records them in a second reading of
 * the text, done the first time a note is asked for (there is a problem to
 * report); `lookup` follows the path in that twin. Data that did not come
 * from the reader has no notes, and messages then quote the value itself.
 */
import type { ConfigPath } from "./problems";

export interface Written {
  /** Offset of the value in the text (the quote of a quoted scalar). */
  readonly at: number;
  /** Offset of the value's key, when it is the value of a mapping entry. */
  readonly keyAt?: number;
  /** A scalar's text as written, without quotes. */
  readonly text?: string;
  /** An unquoted scalar: YAML chose its type (null, boolean, number, text) from how it looks. */
  readonly plain?: boolean;
}

const notes = new WeakMap<object, Map<string | number, Written>>();
/** Parsed data whose notes are recorded on demand, in a second reading of the same text (a twin of the same shape). */
const later = new WeakMap<object, () => unknown>();

/** Records that the notes of `root` are in the data `read` returns, read when first asked for. */
export function noteLater(root: object, read: () => unknown): void {
  later.set(root, read);
}

/** Records where `container[key]` was written. */
export function note(container: object, key: string | number, written: Written): void {
  let map = notes.get(container);
  if (!map) {
    map = new Map();
    notes.set(container, map);
  }
  map.set(key, written);
}

/**
 * The note of the value at `path` under `root`, and how far the path could
 * be followed: `deepest` is the note of the last place that exists, for
 * positions of keys that are missing.
 */
export function lookup(root: unknown, path: ConfigPath): { readonly exact?: Written; readonly deepest?: Written } {
  const twin = typeof root === "object" && root !== null ? later.get(root) : undefined;
  let container: unknown = twin ? twin() : root;
  let deepest: Written | undefined;
  for (let i = 0; i < path.length; i++) {
    if (typeof container !== "object" || container === null) return { deepest };
    const part = path[i];
    const written = notes.get(container)?.get(part);
    if (!written || !Object.prototype.hasOwnProperty.call(container, part)) return { deepest };
    deepest = written;
    container = (container as Record<string | number, unknown>)[part];
  }
  return { exact: deepest, deepest };
}

/** The note of the value at `path`, if the path exists and came from the reader. */
export function writtenAt(root: unknown, path: ConfigPath): Written | undefined {
  return path.length === 0 ? undefined : lookup(root, path).exact;
}
