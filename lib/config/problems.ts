/**
 * Problems found in a config file, and how they are printed.
 *
 * Format: `<file>:<line>:<col> <path>: <what is wrong> (got "<value>"). <how to fix>.`
 * Every problem is collected before anything is printed, so a user fixes a
 * file in one round instead of one error per run.
 */

/** A location in the config, as a path of keys and list indexes. */
export type ConfigPath = readonly (string | number)[];

export type Severity = "error" | "warning";

export interface Problem {
  readonly severity: Severity;
  readonly path: ConfigPath;
  /** What is wrong, without a trailing period. */
  readonly message: string;
  /** The offending value, when there is one worth quoting. */
  readonly value?: unknown;
  /** Quote the value whole, not cut short: an ARN or an id, whose wrong part may be at its end. */
  readonly whole?: boolean;
  /** How to fix it, without a trailing period. */
  readonly fix: string;
  /** Point at the key rather than its value (unknown keys). */
  readonly atKey?: boolean;
  /** A position known without a path (YAML syntax errors). */
  readonly position?: Position;
  /**
   * The other place of a conflict (the first owner of something that must
   * be unique): printed with its own line and column, so both places are
   * located.
   */
  readonly first?: ConfigPath;
}

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** `clusters[0].workloads[2].namespace` */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(file)" : out;
}

const MAX_VALUE_CHARS = 80;

/**
 * Characters that must never reach a terminal as they are: C0 and C1
 * controls (ESC starts terminal escape sequences, CR rewrites the line),
 * DEL, line and paragraph separators, zero-width and bidirectional marks
 * (which make text read differently from what it is), and the BOM.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** `\t`, `\n`, `\r`, else `\u001b` for every unsafe character; the rest as it is. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The value as it is quoted in messages: short (unless `whole`), one line, control characters escaped. */
export function quoteValue(value: unknown, whole = false): string {
  let text: string;
  if (typeof value === "string") text = value;
  else if (value === undefined) text = "nothing";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const chars = [...text];
  if (!whole && chars.length > MAX_VALUE_CHARS) text = `${chars.slice(0, MAX_VALUE_CHARS - 1).join("")}…`;
  return escapeControls(text);
}

/**
 * One line per problem. Everything in it that came from the file (the
 * value, keys in the path, names inside the message) is escaped, so no
 * control character reaches the terminal raw.
 */
export function formatProblem(file: string, position: Position | undefined, problem: Problem, firstPosition?: Position): string {
  const where = position ? `${file}:${position.line}:${position.col}` : file;
  const prefix = problem.severity === "warning" ? "warning: " : "";
  const first = problem.first ? ` (first at ${firstPosition ? `${file}:${firstPosition.line}:${firstPosition.col} ` : ""}${formatPath(problem.first)})` : "";
  const got = "value" in problem ? ` (got "${quoteValue(problem.value, problem.whole)}")` : "";
  const fix = /[.?!]$/.test(problem.fix) ? problem.fix : `${problem.fix}.`;
  return escapeControls(`${where} ${formatPath(problem.path)}: ${prefix}${problem.message}${first}${got}. ${fix}`);
}

/**
 * The closest candidate by edit distance, for "did you mean" hints.
 * Only suggests when the distance is small relative to the word, so a
 * suggestion is a likely typo and not noise.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: a candidate that far off could not be suggested,
    // and measuring it would cost length × length (a huge unknown key would take seconds).
    if (Math.abs(lower.length - other.length) > limit) continue;
    const d = editDistance(lower, other);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
