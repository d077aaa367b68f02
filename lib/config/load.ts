import type { IrsaConfig } from "../model/model";
import { formatProblem, type Problem } from "./problems";
import { readConfigFile, type ConfigSource } from "./source";
import { validateConfig } from "./validate";
import { plural } from "../common/plurals";

export interface LoadResult {
  /** The validated config; absent when the file has errors. */
  readonly config?: IrsaConfig;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** Reads, parses and validates a config file; never throws for bad input. */
export function loadConfig(file: string): LoadResult {
  return checkSource(readConfigFile(file));
}

/**
 * Validates what could be read, even beside problems of the text itself (a
 * duplicated key, a merge key, an alias bomb), so that one run reports every
 * problem; validation problems at or under a place whose value the reader
 * left out are dropped, since they would be about a value the user never
 * wrote.
 */
export function checkSource(source: ConfigSource): LoadResult {
  const result = source.data === undefined ? undefined : validateConfig(source.file, source.data);
  const hidden = new Set(source.problems.filter((p) => p.hides && p.path.length > 0).map((p) => pathKey(p.path)));
  const under = (path: readonly (string | number)[]): boolean => path.some((_, i) => hidden.has(pathKey(path.slice(0, i + 1))));
  const validation = hidden.size === 0 ? (result?.problems ?? []) : (result?.problems ?? []).filter((p) => !under(p.path));
  const all: readonly Problem[] = [...source.problems.map(({ hides: _hides, ...p }) => p), ...validation];
  // Warnings matter once the file is valid; until then they are noise.
  const shown = all.some((p) => p.severity === "error") ? all.filter((p) => p.severity === "error") : all;
  const lines = shown
    .map((problem) => {
      const position = problem.position ?? source.locate(problem.path, problem.atKey);
      return { problem, position, text: formatProblem(source.file, position, problem, problem.first && source.locate(problem.first)) };
    })
    // In file order, so the report reads top to bottom like the file.
    .sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
  return {
    config: source.problems.some((p) => p.severity === "error") ? undefined : result?.config,
    errors: lines.filter((l) => l.problem.severity === "error").map((l) => l.text),
    warnings: lines.filter((l) => l.problem.severity === "warning").map((l) => l.text),
  };
}

function pathKey(path: readonly (string | number)[]): string {
  return path.map(String).join("\u0000");
}

/** `irsa.yaml: 3 problems` followed by one line per problem. */
export function formatReport(file: string, result: LoadResult): string {
  const lines = [`${file}: ${plural(result.errors.length, "problem")}`, ...result.errors.map((e) => `  ${e}`)];
  return lines.join("\n");
}
