/**
 * Collects problems while validation walks the file, and turns zod's shape
 * issues into messages that say how to fix them.
 */
import type { z } from "zod";
import { closest, type ConfigPath, type Problem } from "./problems";

export class ProblemCollector {
  private readonly items: Problem[] = [];
  private readonly seen = new Set<string>();

  get problems(): readonly Problem[] {
    return this.items;
  }

  get errorCount(): number {
    return this.items.filter((p) => p.severity === "error").length;
  }

  /**
   * Adds a problem once: a bad value under `defaults:` is inherited by many
   * workloads but is reported at the one place it is written.
   */
  add(problem: Problem): void {
    const key = `${problem.severity}|${problem.path.join("\u0000")}|${problem.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(problem);
  }

  error(path: ConfigPath, message: string, fix: string, value?: unknown, atKey?: boolean): void {
    this.add({ severity: "error", path, message, fix, ...(arguments.length >= 4 ? { value } : {}), ...(atKey ? { atKey } : {}) });
  }

  warn(path: ConfigPath, message: string, fix: string, value?: unknown): void {
    this.add({ severity: "warning", path, message, fix, ...(arguments.length >= 4 ? { value } : {}) });
  }

  /**
   * Checks `data` against a shape; on success returns the typed data, else
   * reports each issue and returns undefined.
   */
  shape<S extends z.ZodType>(schema: S, data: unknown, path: ConfigPath): z.output<S> | undefined {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.shapeIssue(schema, issue, path);
    return undefined;
  }

  /**
   * Like `shape`, but after reporting the issues it drops the keys they are
   * under and tries again, so that the rest of the mapping is still checked:
   * a misspelt key must not hide a bad namespace beside it. The caller knows
   * from `errorCount` that the result is incomplete.
   */
  shapeLenient<S extends z.ZodType>(schema: S, data: Record<string, unknown>, path: ConfigPath): z.output<S> | undefined {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return result.data;
    const rest = { ...data };
    for (const issue of result.error.issues) {
      this.shapeIssue(schema, issue, path);
      if (issue.code === "unrecognized_keys" && issue.path.length === 0) for (const key of issue.keys) delete rest[key];
      else if (issue.path.length > 0) delete rest[String(issue.path[0])];
    }
    const retry = schema.safeParse(rest);
    return retry.success ? retry.data : undefined;
  }

  private shapeIssue(schema: z.ZodType, issue: z.core.$ZodIssue, base: ConfigPath): void {
    const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    const key = path[path.length - 1];
    const input = (issue as { input?: unknown }).input;
    switch (issue.code) {
      case "unrecognized_keys":
        for (const unknown of issue.keys) {
          const allowed = allowedKeysAt(schema, issue.path);
          const suggestion = allowed ? closest(unknown, allowed) : undefined;
          this.error(
            [...path, unknown],
            "unknown key",
            suggestion
              ? `Did you mean "${suggestion}"?`
              : allowed
                ? `Remove it; the keys allowed here are ${allowed.join(", ")}`
                : "Remove it",
            unknown,
            true,
          );
        }
        return;
      case "invalid_type":
        if (input === undefined) {
          this.error(path, "is required", `Add "${String(key)}:" here`);
        } else {
          const expected = describeType(issue.expected);
          const quote = issue.expected === "string" && (typeof input === "number" || typeof input === "boolean");
          this.error(
            path,
            `must be ${expected}`,
            quote ? `Quote it, e.g. "${String(input)}": YAML reads unquoted ${typeof input}s as ${typeof input}s` : `Write ${expected} here`,
            input,
          );
        }
        return;
      case "invalid_value": {
        const values = issue.values.map(String);
        const suggestion = typeof input === "string" ? closest(input, values) : undefined;
        this.error(
          path,
          `must be one of ${values.join(", ")}`,
          suggestion ? `Did you mean "${suggestion}"?` : `Use one of ${values.join(", ")}`,
          input,
        );
        return;
      }
      case "invalid_union": {
        const discriminator = (issue as { discriminator?: string; options?: unknown[] }).discriminator;
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        if (discriminator) {
          const got = input && typeof input === "object" ? (input as Record<string, unknown>)[discriminator] : input;
          this.error(path, `must be one of ${options.join(", ")}`, `Set ${discriminator}: ${options.join(", ")}`, got);
          return;
        }
        this.error(path, "has the wrong form", "See the README's config reference for this key", input);
        return;
      }
      default:
        this.error(path, issue.message.replace(/\.$/, ""), "See the README's config reference for this key", input);
    }
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case "array":
      return "a list";
    case "object":
    case "record":
      return "a mapping";
    case "string":
      return "a string";
    case "number":
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}

/** The keys a strict object schema allows at a path below it, for suggestions. */
function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = schema;
  for (const part of path) {
    current = unwrap(current);
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; options?: unknown[] } }).def;
    if (!def) return undefined;
    if (def.type === "object" && def.shape) current = def.shape[String(part)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return undefined;
  }
  current = unwrap(current);
  const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[] } }).def;
  if (def?.type === "object" && def.shape) return Object.keys(def.shape);
  if (def?.type === "union" && def.options) {
    return [...new Set(def.options.flatMap((o) => Object.keys((unwrap(o) as { def?: { shape?: object } }).def?.shape ?? {})))];
  }
  return undefined;
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { type?: string; innerType?: unknown } } | undefined;
  while (current?.def && (current.def.type === "optional" || current.def.type === "default" || current.def.type === "nullable")) {
    current = current.def.innerType as typeof current;
  }
  return current;
}
