/**
 * Reading a config file: bytes to text to plain data, keeping where every
 * value was written so that each problem can name its line and column.
 *
 * The text must be UTF-8 (a bad byte is refused, never replaced by U+FFFD).
 * YAML is read with js-yaml's event parser (fast, with a nesting limit) and
 * turned into data here, so that what YAML does quietly elsewhere is
 * refused or kept exactly:
 *
 * - one document per file;
 * - a duplicated key is refused (the second `namespace:` must never win);
 * - merge keys (`<<`, YAML 1.1, not part of YAML 1.2) are refused rather
 *   than read as a key named `<<`;
 * - aliases are allowed, but what they expand to is limited, so a "billion
 *   laughs" file is refused at once instead of expanding for minutes;
 * - tags other than `!!str` are refused;
 * - a key such as `__proto__` stays a key;
 * - scalars follow the YAML 1.2 core schema, and the text as written is
 *   kept beside the data (see source-positions.ts).
 *
 * Everything is read in one pass over the events, without recursion, so no
 * input can exhaust the stack, and in time linear in the text.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from "js-yaml";
import type { ConfigPath, Position, Problem } from "./problems";
import { lookup, note, noteLater, type Written } from "./source-positions";

export interface ConfigSource {
  /** The file name as the user gave it. */
  readonly file: string;
  /** The parsed data; undefined when the text could not be read at all. */
  readonly data: unknown;
  /**
   * Problems of the text itself: unreadable file, encoding, YAML syntax,
   * YAML features irsa-gen refuses. With data, validation still runs, and
   * its problems at or under the path of such a problem are left out (the
   * value there is not what the user wrote).
   */
  readonly problems: readonly SourceProblem[];
  /** Where a path is in the text, if it is there. */
  locate(path: ConfigPath, atKey?: boolean): Position | undefined;
}

export interface SourceProblem extends Problem {
  /** The value at `path` was left out or replaced: validation problems there say nothing more. */
  readonly hides?: boolean;
}

/** The config's structure is at most 9 levels deep; anything far deeper is a mistake or an attack. */
export const MAX_DEPTH = 64;
/** Values that aliases may add to the file, all aliases together. */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * The largest input file read: a config of 10,000 workloads is about 1 MiB,
 * so 8 MiB leaves room for any real fleet while `/dev/zero`, a device or a
 * runaway generated file is refused after reading 8 MiB, not read forever.
 */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** A file's bytes, or what stops them from being read (an errno code, or `TOO_LARGE`). */
export type ReadOutcome = { readonly bytes: Uint8Array } | { readonly code: string };

/**
 * Reads at most `MAX_INPUT_BYTES` (+1, to know it is more): an endless or
 * huge input is refused after that much, without its size being known
 * beforehand (a device or a pipe has none).
 */
export function readInputFile(file: string, max = MAX_INPUT_BYTES): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    if (fstatSync(fd).isDirectory()) return { code: "EISDIR" };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, max + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > max) return { code: "TOO_LARGE" };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { code: code ?? String(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What a read that failed means, in words: "file not found", "is a directory", … */
export function unreadableReason(code: string, max = MAX_INPUT_BYTES): string {
  if (code === "ENOENT") return "file not found";
  if (code === "EISDIR") return "is a directory";
  if (code === "TOO_LARGE") return `is larger than ${max / (1024 * 1024)} MiB, the most irsa-gen reads (or has no end, as a device)`;
  return `cannot be read (${code})`;
}

/** Reads and parses a file; a missing, unreadable or oversized file is a problem, not an exception. */
export function readConfigFile(file: string): ConfigSource {
  const read = readInputFile(file);
  if ("code" in read) {
    const fix = read.code === "TOO_LARGE" ? "Give the config file itself; split a fleet that large into several files" : "Create the file, or point IRSA_CONFIG at the right one";
    return unreadable(file, { severity: "error", path: [], message: unreadableReason(read.code), fix });
  }
  return parseConfigBytes(file, read.bytes);
}

/** Decodes UTF-8 strictly, then parses. */
export function parseConfigBytes(file: string, bytes: Uint8Array): ConfigSource {
  const decoded = decodeUtf8(bytes);
  if ("problem" in decoded) return unreadable(file, decoded.problem);
  return parseConfigText(file, decoded.text);
}

function unreadable(file: string, problem: SourceProblem): ConfigSource {
  return { file, data: undefined, problems: [problem], locate: () => undefined };
}

// ---------------------------------------------------------------------------
// Encoding

function decodeUtf8(bytes: Uint8Array): { text: string } | { problem: SourceProblem } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: { severity: "error", path: [], message: "is UTF-16 text, not UTF-8", fix: "Save the file as UTF-8", position: { line: 1, col: 1 } } };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < bad.offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const before = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, bad.offset)).replace(/^\ufeff/, "");
    const shown = [...bytes.subarray(bad.offset, bad.offset + bad.length)].map((b) => `\\x${b.toString(16).padStart(2, "0").toUpperCase()}`).join("");
    return {
      problem: {
        severity: "error",
        path: [],
        message: "is not valid UTF-8 here",
        value: shown,
        fix: "Save the file as UTF-8 (the byte would otherwise become U+FFFD in the output); retype the character at this position",
        position: { line, col: [...before].length + 1 },
      },
    };
  }
}

/** The first byte sequence that is not UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): { offset: number; length: number } {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return { offset: i, length: 1 };
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < lo || c > hi) return { offset: i, length: k };
    }
    i += need + 1;
  }
  return { offset: bytes.length, length: 0 };
}

// ---------------------------------------------------------------------------
// YAML

/** Parses YAML text. Pure: no file system. */
export function parseConfigText(file: string, text: string): ConfigSource {
  const lines = lineStarts(text);
  const position = (offset: number): Position => toPosition(text, lines, offset);
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: MAX_DEPTH });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String((error as Error).message).split("\n")[0];
    const deep = /maxDepth/.test(reason);
    return unreadable(file, {
      severity: "error",
      path: [],
      message: deep ? `nests more than ${MAX_DEPTH} levels deep` : `YAML syntax error: ${reason}`,
      fix: deep
        ? "The config needs far fewer levels; look for brackets that are opened and never closed"
        : "Fix the YAML syntax at this position (indentation, quotes, a missing colon)",
      ...(mark ? { position: { line: mark.line + 1, col: mark.column + 1 } } : {}),
    });
  }
  const reader = new Reader(text, false);
  const read = reader.read(events);
  // Where each value was written matters only for messages: recorded by a second reading, on the first question.
  let noted: { data: unknown; root?: Written } | undefined;
  const readNoted = () => (noted ??= new Reader(text, true).read(events));
  if (typeof read.data === "object" && read.data !== null) noteLater(read.data, () => readNoted().data);
  return {
    file,
    data: read.data,
    problems: reader.problems.map((p) => (p.position === undefined && p.at !== undefined ? { ...strip(p), position: position(p.at) } : strip(p))),
    locate(path, atKey) {
      const found = lookup(read.data, path);
      const written = found.exact ?? found.deepest ?? readNoted().root;
      if (!written) return undefined;
      const offset = atKey && found.exact?.keyAt !== undefined ? found.exact.keyAt : written.at;
      return position(offset);
    },
  };
}

function strip(p: SourceProblem & { at?: number }): SourceProblem {
  const { at: _at, ...rest } = p;
  return rest;
}

/** What the reader knows of a finished node: for aliases, and limits. */
interface Built {
  readonly value: unknown;
  /** How many values it holds, itself included, counting what aliases inside it expand to. */
  readonly size: number;
  /** How many levels deep it is, itself included. */
  readonly height: number;
}

interface PendingKey {
  readonly name: string;
  readonly at: number;
  /** False for a key whose value is dropped: a duplicate, a merge key, a key that is not text. */
  readonly keep: boolean;
}

interface Frame {
  readonly kind: "map" | "seq";
  readonly value: Record<string, unknown> | unknown[];
  /** The collection it is in, and its key or index there: its path, built only for a problem. */
  readonly up?: Frame;
  readonly at?: string | number;
  readonly anchor?: string;
  /** A collection written where a key belongs: reported, and its mapping entry dropped. */
  readonly isKey: boolean;
  /** Read only to be dropped, with everything in it. */
  readonly dropped: boolean;
  size: number;
  height: number;
  /** In a mapping: the key waiting for its value; null while a key is expected. */
  key: PendingKey | null;
}

/** Where a new node goes in the collection on top of the stack. */
interface Slot {
  readonly role: "key" | "value" | "item";
  /** Its key or index in the collection; none for a key that is not text. */
  readonly at?: string | number;
  readonly keep: boolean;
}

/** The path of a frame, or of a place in it. */
function pathOf(frame: Frame | undefined, at?: string | number): ConfigPath {
  const parts: (string | number)[] = at === undefined ? [] : [at];
  for (let f = frame; f !== undefined && f.at !== undefined; f = f.up) parts.push(f.at);
  return parts.reverse();
}

class Reader {
  readonly problems: (SourceProblem & { at?: number })[] = [];
  private readonly anchors = new Map<string, Built>();
  private expanded = 0;
  private bombed = false;
  /** The position of the last scalar, for empty values that have none. */
  private lastAt = 0;

  /** `noting`: record where each value was written (see source-positions.ts); only needed once there is a problem to report. */
  constructor(
    private readonly text: string,
    private readonly noting: boolean,
  ) {}

  read(events: Event[]): { data: unknown; root?: Written } {
    const stack: Frame[] = [];
    let data: unknown = null;
    let root: Written | undefined;
    let documents = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const parent = stack[stack.length - 1];
      switch (event.type) {
        case EVENT_ID.DOCUMENT: {
          documents++;
          if (documents > 1) {
            const next = events[i + 1];
            const at = next ? this.offsetOf(next) : undefined;
            this.problems.push({
              severity: "error",
              path: [],
              message: "holds a second YAML document: irsa-gen reads one document per file",
              fix: "Remove the '---' line that starts it and move its clusters into the first document's clusters: list, or put it in a file of its own and point IRSA_CONFIG at it",
              ...(at !== undefined ? { at } : {}),
            });
            return { data, root };
          }
          break;
        }
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const kind = event.type === EVENT_ID.MAPPING ? "map" : "seq";
          const value: Record<string, unknown> | unknown[] = kind === "map" ? {} : [];
          const written: Written = { at: event.start };
          const slot: Slot = parent ? this.slot(parent) : { role: "item", keep: true };
          if (slot.role === "key" && slot.keep) {
            this.problems.push({ severity: "error", path: pathOf(parent), message: `has ${kind === "map" ? "a mapping" : "a list"} as a key`, fix: "Keys are names: write the key as text", at: event.start });
          }
          const keep = slot.keep && slot.role !== "key";
          this.checkTag(this.slice(event.tagStart, event.tagEnd), ["!!map", "!!seq", "!"], parent, slot.at, event.tagStart, keep);
          if (!parent) {
            data = value;
            root = written;
          } else if (keep) {
            this.store(parent, value, written);
          }
          stack.push({ kind, value, up: parent, at: slot.role === "key" ? undefined : slot.at, anchor: this.slice(event.anchorStart, event.anchorEnd), isKey: slot.role === "key", dropped: !keep, size: 1, height: 1, key: null });
          break;
        }
        case EVENT_ID.POP: {
          const frame = stack.pop();
          if (!frame) break; // the end of the document
          const built: Built = { value: frame.value, size: frame.size, height: frame.height };
          if (frame.anchor !== undefined) this.anchors.set(frame.anchor, built);
          const outer = stack[stack.length - 1];
          if (!outer) break;
          if (frame.isKey) {
            outer.key = { name: "", at: 0, keep: false };
          } else {
            this.grow(outer, built);
            if (outer.kind === "map") outer.key = null;
          }
          break;
        }
        case EVENT_ID.SCALAR: {
          const source = getScalarValue(this.text, event);
          const style = event.style;
          // An empty value (`roleName:` and nothing) has no position of its own: it is where its key is.
          const at =
            event.valueStart < 0
              ? (parent?.key?.at ?? this.lastAt)
              : style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED
                ? event.valueStart - 1
                : style === PLAIN
                  ? event.valueStart
                  : this.blockIndicator(event.valueStart);
          this.lastAt = at;
          const tag = this.slice(event.tagStart, event.tagEnd);
          const plain = style === PLAIN && tag === undefined;
          const value = plain ? resolvePlain(source) : source;
          const written: Written = { at, text: source, ...(plain ? { plain: true } : {}) };
          const built: Built = { value, size: 1, height: 1 };
          const anchor = this.slice(event.anchorStart, event.anchorEnd);
          if (anchor !== undefined) this.anchors.set(anchor, built);
          if (!parent) {
            this.checkTag(tag, STRING_TAGS, undefined, undefined, event.tagStart, true);
            data = value;
            root = written;
            break;
          }
          const slot = this.slot(parent, source);
          this.checkTag(tag, STRING_TAGS, parent, slot.at, event.tagStart, slot.keep);
          if (slot.role === "key") this.takeKey(parent, source, at, plain);
          else this.put(parent, slot, built, written);
          break;
        }
        case EVENT_ID.ALIAS: {
          const name = this.text.slice(event.anchorStart, event.anchorEnd);
          const at = event.anchorStart - 1;
          const anchored = this.anchors.get(name);
          if (!parent) {
            data = anchored?.value ?? null;
            root = { at };
            break;
          }
          const slot = this.slot(parent, typeof anchored?.value === "string" ? anchored.value : undefined);
          if (slot.role === "key") {
            if (typeof anchored?.value === "string") this.takeKey(parent, anchored.value, at, false);
            else this.takeKey(parent, undefined, at, false);
            break;
          }
          const nothing: Built = { value: null, size: 1, height: 1 };
          if (!anchored) {
            this.put(parent, slot, nothing, { at }, `refers to the anchor &${name}, which is not defined before it`);
            break;
          }
          if (slot.keep) this.expanded += anchored.size;
          if (this.bombed || this.expanded > MAX_ALIAS_EXPANSION) {
            const first = !this.bombed;
            this.bombed = true;
            this.put(parent, slot, nothing, { at }, first ? `expands, with the aliases before it, to more than ${MAX_ALIAS_EXPANSION} values` : undefined);
          } else if (stack.length + anchored.height > MAX_DEPTH) {
            this.put(parent, slot, nothing, { at }, `nests more than ${MAX_DEPTH} levels deep through aliases`);
          } else {
            this.put(parent, slot, anchored, { at });
          }
          break;
        }
      }
    }
    return { data, root };
  }

  /** Where the next node in `parent` goes. */
  private slot(parent: Frame, keyText?: string): Slot {
    if (parent.kind === "seq") return { role: "item", at: (parent.value as unknown[]).length, keep: !parent.dropped };
    if (parent.key === null) return { role: "key", at: keyText, keep: !parent.dropped };
    return { role: "value", at: parent.key.name, keep: parent.key.keep && !parent.dropped };
  }

  /** A scalar or an alias's value, placed as a mapping value or a list item. */
  private put(parent: Frame, slot: Slot, built: Built, written: Written, problem?: string): void {
    this.grow(parent, built);
    if (parent.kind === "map") {
      const key = parent.key!;
      parent.key = null;
      if (!slot.keep) return;
      if (problem) this.problems.push({ severity: "error", path: pathOf(parent, slot.at), message: problem, fix: aliasFix(problem), at: written.at, hides: true });
      defineValue(parent.value as Record<string, unknown>, key.name, built.value);
      if (this.noting) note(parent.value, key.name, written.text === undefined ? { at: written.at, keyAt: key.at } : { at: written.at, keyAt: key.at, text: written.text, ...(written.plain ? { plain: true } : {}) });
      return;
    }
    if (!slot.keep) return;
    if (problem) this.problems.push({ severity: "error", path: pathOf(parent, slot.at), message: problem, fix: aliasFix(problem), at: written.at, hides: true });
    const list = parent.value as unknown[];
    if (this.noting) note(list, list.length, written);
    list.push(built.value);
  }

  /** A collection is stored when it opens, so that its own values find their container. */
  private store(parent: Frame, value: unknown, written: Written): void {
    if (parent.kind === "map") {
      const key = parent.key!;
      defineValue(parent.value as Record<string, unknown>, key.name, value);
      if (this.noting) note(parent.value, key.name, { at: written.at, keyAt: key.at });
    } else {
      const list = parent.value as unknown[];
      if (this.noting) note(list, list.length, written);
      list.push(value);
    }
  }

  private grow(parent: Frame, built: Built): void {
    parent.size += built.size;
    if (built.height + 1 > parent.height) parent.height = built.height + 1;
  }

  private takeKey(parent: Frame, keyText: string | undefined, at: number, plain: boolean): void {
    if (keyText === undefined) {
      if (!parent.dropped) this.problems.push({ severity: "error", path: pathOf(parent), message: "has a key that is not text", fix: "Keys are names: write the key as text", at });
      parent.key = { name: "", at, keep: false };
      return;
    }
    if (plain && keyText === "<<") {
      if (!parent.dropped) {
        this.problems.push({
          severity: "error",
          path: pathOf(parent, "<<"),
          message: "is a YAML merge key, which irsa-gen does not read (merge keys belong to YAML 1.1, not to YAML 1.2)",
          fix: "Write the keys out in this mapping; an anchor and an alias can still share a whole value, e.g. tags: *common-tags",
          value: "<<",
          at,
        });
      }
      parent.key = { name: keyText, at, keep: false };
      return;
    }
    const map = parent.value as Record<string, unknown>;
    if (!parent.dropped && Object.prototype.hasOwnProperty.call(map, keyText)) {
      this.problems.push({
        severity: "error",
        path: pathOf(parent, keyText),
        message: "is given twice in this mapping",
        fix: "Remove one of the two: YAML does not say which one counts, and irsa-gen never guesses",
        value: keyText,
        at,
      });
      parent.key = { name: keyText, at, keep: false };
      return;
    }
    parent.key = { name: keyText, at, keep: true };
  }

  private checkTag(tag: string | undefined, allowed: readonly string[], frame: Frame | undefined, key: string | number | undefined, at: number, report: boolean): void {
    if (tag === undefined || allowed.includes(tag) || !report) return;
    this.problems.push({ severity: "error", path: pathOf(frame, key), message: `has the YAML tag ${tag}, which irsa-gen does not read`, fix: "Remove the tag; quote a value to make it text", value: tag, at, hides: true });
  }

  private blockIndicator(valueStart: number): number {
    const at = Math.max(this.text.lastIndexOf("|", valueStart - 1), this.text.lastIndexOf(">", valueStart - 1));
    return at >= 0 ? at : valueStart;
  }

  private slice(start: number, end: number): string | undefined {
    return start >= 0 ? this.text.slice(start, end) : undefined;
  }

  private offsetOf(event: Event): number | undefined {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        return event.start;
      case EVENT_ID.SCALAR:
        return event.valueStart;
      case EVENT_ID.ALIAS:
        return event.anchorStart - 1;
      default:
        return undefined;
    }
  }
}

const PLAIN = SCALAR_STYLE.PLAIN;
const PLAIN_STARTS = new Set(["", "~", "n", "N", "t", "T", "f", "F", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-", "."]);
const STRING_TAGS: readonly string[] = ["!!str", "!", "!<tag:yaml.org,2002:str>"];

function aliasFix(problem: string): string {
  if (problem.includes("not defined")) return "Define the anchor (&name) before the alias (*name) that uses it";
  if (problem.includes("levels deep")) return "Write the value out, or use aliases of smaller values";
  return "Write the values out; aliases that nest other aliases multiply what they expand to (a YAML alias bomb)";
}

/** Sets a key as an own property, even `__proto__`, which a plain assignment would swallow. */
function defineValue(map: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/**
 * YAML 1.2 core schema, for unquoted scalars only: null, booleans, integers
 * (decimal, 0o octal, 0x hexadecimal) and floats; everything else is text.
 * https://yaml.org/spec/1.2.2/#1032-tag-resolution
 */
function resolvePlain(text: string): unknown {
  // Most values are words: only these first characters can start anything but text.
  if (!PLAIN_STARTS.has(text.charAt(0))) return text;
  if (text === "" || text === "~" || text === "null" || text === "Null" || text === "NULL") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function toPosition(text: string, starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  // Columns count characters, so a line with emoji still points at the right place.
  const before = text.slice(starts[low], offset);
  let col = 1;
  for (const _ of before) col++;
  return { line: low + 1, col };
}
