import type { IrsaConfig } from "./model";
import { formatProblem, type Problem } from "./problems";
import { readConfigFile, type ConfigSource } from "./source";
import { validateConfig } from "./validate";

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

export function checkSource(source: ConfigSource): LoadResult {
  const result = source.problems.length > 0 ? undefined : validateConfig(source.file, source.data);
  const all: readonly Problem[] = result?.problems ?? source.problems;
  // Warnings matter once the file is valid; until then they are noise.
  const shown = all.some((p) => p.severity === "error") ? all.filter((p) => p.severity === "error") : all;
  const lines = shown
    .map((problem) => {
      const position = problem.position ?? source.locate(problem.path, problem.atKey);
      return { problem, position, text: formatProblem(source.file, position, problem) };
    })
    // In file order, so the report reads top to bottom like the file.
    .sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.col ?? 0) - (b.position?.col ?? 0));
  return {
    config: result?.config,
    errors: lines.filter((l) => l.problem.severity === "error").map((l) => l.text),
    warnings: lines.filter((l) => l.problem.severity === "warning").map((l) => l.text),
  };
}

/** `irsa.yaml: 3 problems` followed by one line per problem. */
export function formatReport(file: string, result: LoadResult): string {
  const count = result.errors.length;
  const lines = [`${file}: ${count} problem${count === 1 ? "" : "s"}`, ...result.errors.map((e) => `  ${e}`)];
  return lines.join("\n");
}
