/**
 * Collects problems while validation walks the file, and turns zod's shape
 * issues into messages that say how to fix them.
 *
 * Every reader here is lenient: a bad value is reported and left out, and
 * the rest of its mapping or list is still read, so one run reports every
 * problem of the file at every level.
 */
import { z } from "zod";
import { closest, type ConfigPath, type Problem } from "./problems";
import { writtenAt, type Written } from "./source-positions";

/** What a value should have been, for "must be …" messages. */
export type Expected = "string" | "boolean" | "number" | "list" | "mapping";

export interface ShapeOptions {
  /** A message for an unknown key that deserves more than "did you mean" (e.g. `notActions`). */
  readonly unknownKey?: (key: string, allowed: readonly string[]) => { readonly message: string; readonly fix: string } | undefined;
}

export class ProblemCollector {
  private readonly items: Problem[] = [];
  private readonly seen = new Set<string>();
  private errors = 0;

  /** `root` is the parsed file, to quote values as they were written (see source-positions.ts). */
  constructor(private readonly root?: unknown) {}

  get problems(): readonly Problem[] {
    return this.items;
  }

  /** Kept as a count, not filtered: callers ask after every step, and a file may hold thousands of problems. */
  get errorCount(): number {
    return this.errors;
  }

  /**
   * Adds a problem once: a bad value under `defaults:` is inherited by many
   * workloads but is reported at the one place it is written.
   */
  add(problem: Problem): void {
    const key = `${problem.severity}|${problem.path.join("\u0000")}|${problem.message}|${problem.first?.join("\u0000") ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(problem);
    if (problem.severity === "error") this.errors++;
  }

  error(path: ConfigPath, message: string, fix: string, value?: unknown, atKey?: boolean): void {
    this.add({ severity: "error", path, message, fix, ...(arguments.length >= 4 ? { value } : {}), ...(atKey ? { atKey } : {}) });
  }

  /**
   * Something that must be unique, met a second time: reported at `path`,
   * naming `first` (the place that has it already) with its own line.
   */
  conflict(path: ConfigPath, first: ConfigPath, message: string, fix: string, value?: unknown): void {
    this.add({ severity: "error", path, message, fix, first, ...(arguments.length >= 5 ? { value } : {}) });
  }

  warn(path: ConfigPath, message: string, fix: string, value?: unknown): void {
    this.add({ severity: "warning", path, message, fix, ...(arguments.length >= 4 ? { value } : {}) });
  }

  /** How the value at `path` was written, when it came from a YAML file. */
  written(path: ConfigPath): Written | undefined {
    return writtenAt(this.root, path);
  }

  /** The value as the user wrote it, for messages: the scalar's text, else the value. */
  shown(path: ConfigPath, value: unknown): unknown {
    return this.written(path)?.text ?? value;
  }

  /**
   * "must be a string" and its kin, saying what YAML made of unquoted text:
   * `accountId: 012345678901` became a number, `test: Null` became null,
   * `protect: yes` stayed the text "yes".
   */
  typeProblem(path: ConfigPath, expected: Expected, input: unknown): void {
    const key = path[path.length - 1];
    const label = typeof key === "number" ? "this item" : `"${String(key)}:"`;
    if (input === undefined) {
      this.error(path, "is required", typeof key === "number" ? "Add it" : `Add "${String(key)}:" here`);
      return;
    }
    const what = describe(expected);
    const written = this.written(path);
    const text = written?.text;
    if (written?.plain && text !== undefined) {
      if (input === null && text === "") {
        this.error(path, "has no value", typeof key === "number" ? `Write ${what} here, or remove the item` : `Write ${what} after ${label}, or remove the key`);
        return;
      }
      if (input === null || typeof input === "boolean" || typeof input === "number") {
        const made = input === null ? "null" : typeof input === "boolean" ? "a boolean" : "a number";
        if (expected === "string") {
          this.error(path, `must be a string: YAML reads the unquoted ${text} as ${made}`, `Quote it: "${text}"`, text);
        } else {
          this.error(path, `must be ${what}: YAML reads the unquoted ${text} as ${made}`, `Write ${what} here`, text);
        }
        return;
      }
      if (expected === "boolean" && /^(y|n|yes|no|on|off)$/i.test(text)) {
        this.error(path, "must be true or false", `Write true or false: YAML 1.2 reads the unquoted ${text} as the text "${text}", not as a boolean`, text);
        return;
      }
    }
    if (expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
      this.error(path, `must be ${what}`, `Quote it, e.g. "${String(input)}": YAML reads unquoted ${typeof input}s as ${typeof input}s`, text ?? input);
      return;
    }
    if (expected === "number" && typeof input === "number" && !Number.isInteger(input)) {
      this.error(path, `must be ${what}`, "Write a whole number of seconds or items, without a fraction", text ?? input);
      return;
    }
    this.error(path, `must be ${what}`, `Write ${what} here`, text ?? input);
  }

  /**
   * Checks `data` against a strict object shape: reports every issue, then
   * leaves out the keys they are under and reads the rest, so that the rest
   * of the mapping is still checked (a misspelt key must not hide a bad
   * namespace beside it). Returns undefined only when `data` is not a
   * mapping (reported). Fields with problems are absent from the result; the
   * caller knows from `errorCount` that it is incomplete.
   */
  shapeLenient<S extends z.ZodObject>(schema: S, data: unknown, path: ConfigPath, options: ShapeOptions = {}): Partial<z.output<S>> | undefined {
    if (!isMapping(data)) {
      this.typeProblem(path, "mapping", data);
      return undefined;
    }
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return result.data;
    const dropped = new Set<string>();
    for (const issue of result.error.issues) {
      this.shapeIssue(schema, issue, path, options);
      if (issue.code === "unrecognized_keys" && issue.path.length === 0) for (const key of issue.keys) dropped.add(key);
      else if (issue.path.length > 0) dropped.add(String(issue.path[0]));
    }
    const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !dropped.has(key)));
    const retry = partialOf(schema).safeParse(rest);
    return retry.success ? (retry.data as Partial<z.output<S>>) : undefined;
  }

  /** Checks one value against a schema: its output, or undefined with every issue reported. */
  check<S extends z.ZodType>(schema: S, value: unknown, path: ConfigPath): z.output<S> | undefined {
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.shapeIssue(schema, issue, path, {});
    return undefined;
  }

  /** The strings of a list, with their positions; anything else in it is reported. */
  strings(list: unknown, path: ConfigPath): { readonly index: number; readonly value: string }[] {
    if (!Array.isArray(list)) {
      this.typeProblem(path, "list", list);
      return [];
    }
    const out: { index: number; value: string }[] = [];
    list.forEach((item, index) => {
      if (typeof item === "string") out.push({ index, value: item });
      else this.typeProblem([...path, index], "string", item);
    });
    return out;
  }

  /**
   * The entries of a mapping of names to strings (tags, labels,
   * annotations), in file order. A value that is not a string is reported,
   * and so is the key `__proto__`: the libraries that write the Terraform
   * keep mappings in JavaScript objects, where that key is not a key.
   */
  stringMap(value: unknown, path: ConfigPath): [string, string][] {
    if (!isMapping(value)) {
      this.typeProblem(path, "mapping", value);
      return [];
    }
    const out: [string, string][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (key === "__proto__") {
        this.error([...path, key], "cannot be used as a key: the JavaScript libraries that write the Terraform would silently drop it", "Rename it", key, true);
        continue;
      }
      if (typeof item === "string") out.push([key, item]);
      else this.typeProblem([...path, key], "string", item);
    }
    return out;
  }

  private shapeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, base: ConfigPath, options: ShapeOptions): void {
    const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "unrecognized_keys":
        for (const unknown of issue.keys) {
          const allowed = allowedKeysAt(schema, issue.path) ?? [];
          const special = options.unknownKey?.(unknown, allowed);
          if (special) {
            this.error([...path, unknown], special.message, special.fix, unknown, true);
            continue;
          }
          const suggestion = closest(unknown, allowed);
          this.error(
            [...path, unknown],
            "unknown key",
            suggestion ? `Did you mean "${suggestion}"?` : allowed.length > 0 ? `Remove it; the keys allowed here are ${allowed.join(", ")}` : "Remove it",
            unknown,
            true,
          );
        }
        return;
      case "invalid_type":
        this.typeProblem(path, expectedOf(issue.expected), input);
        return;
      case "invalid_value": {
        const values = issue.values.map(String);
        const shown = this.shown(path, input);
        const suggestion = typeof input === "string" ? closest(input, values) : undefined;
        this.error(path, `must be one of ${values.join(", ")}`, suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${values.join(", ")}`, shown);
        return;
      }
      case "custom": {
        const params = (issue.params ?? {}) as { fix?: string; value?: unknown; at?: readonly (string | number)[]; expected?: Expected };
        if (params.expected) {
          this.typeProblem(path, params.expected, input);
          return;
        }
        const at = params.at ? [...path, ...params.at] : path;
        this.error(at, issue.message, params.fix ?? "See the README's config reference for this key", "value" in params ? params.value : this.shown(at, input));
        return;
      }
      default:
        this.error(path, issue.message.replace(/\.$/, ""), "See the README's config reference for this key", this.shown(path, input));
    }
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(expected: Expected): string {
  switch (expected) {
    case "list":
      return "a list";
    case "mapping":
      return "a mapping";
    case "string":
      return "a string";
    case "number":
      return "a whole number";
    case "boolean":
      return "true or false";
  }
}

function expectedOf(zodExpected: string): Expected {
  switch (zodExpected) {
    case "array":
      return "list";
    case "object":
    case "record":
      return "mapping";
    case "number":
    case "int":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "string";
  }
}

const partials = new WeakMap<z.ZodObject, z.ZodType>();

/** The schema with every key optional, to read what is left once the bad keys are out. */
function partialOf(schema: z.ZodObject): z.ZodType {
  let partial = partials.get(schema);
  if (!partial) {
    partial = schema.partial();
    partials.set(schema, partial);
  }
  return partial;
}

/** The keys a strict object schema allows at a path below it, for suggestions. */
function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = schema;
  for (const part of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (!def) return undefined;
    if (def.type === "object" && def.shape) current = def.shape[String(part)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return undefined;
  }
  current = unwrap(current);
  const def = (current as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def && (current.def.type === "optional" || current.def.type === "default" || current.def.type === "nullable")) {
    current = current.def.innerType as typeof current;
  }
  return current;
}
