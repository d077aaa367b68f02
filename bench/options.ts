/**
 * Command-line options of `npm run bench` (after `--`), e.g.
 * `npm run bench -- --smoke`, `npm run bench -- --only 1x1000,json --runs 1`.
 */

export interface Options {
  /** CI check: the 1×10 config only, every variant once, no warm-up, no `npm test`. */
  readonly smoke: boolean;
  /** Runs per variant and config; by default 5 up to 100 workloads, else 3. */
  readonly runs?: number;
  /** Names of configs (`example`, `1x1000`, ...) and/or variants (`json`, `template`, ...) to keep. */
  readonly only: readonly string[];
  /** Time `npm test` once. */
  readonly test: boolean;
  /** Write bench/results/; by default only complete runs do, so a partial run never replaces latest.md. */
  readonly write?: boolean;
  /** A ts-node template run longer than this is not repeated, nor tried on larger configs. */
  readonly templateLimitMs: number;
  /** Any single run longer than this is killed and marked failed. */
  readonly timeoutMs: number;
  /** Keep the temporary folder (generated configs, projects) for inspection. */
  readonly keep: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: npm run bench -- [options]

  --smoke               1x10 only, every variant once (for CI); writes no results
  --runs N              runs per variant and config (default 5 up to 100 workloads, else 3)
  --only a,b            only these configs (example, 1x10, 1x100, 1x1000, 20x100, 100x100)
                        and/or variants (json, hcl, template, compiled, floor, test)
  --no-test             do not time \`npm test\`
  --write / --no-write  write bench/results/ (default: only when no --only and no --smoke)
  --template-limit S    stop using the ts-node template beyond S seconds per run (default 60)
  --timeout S           kill any single run after S seconds (default 900)
  --keep                keep the temporary folder and print its path`;

export function parseOptions(argv: readonly string[]): Options {
  const only: string[] = [];
  let smoke = false;
  let runs: number | undefined;
  let test = true;
  let write: boolean | undefined;
  let templateLimitMs = 60_000;
  let timeoutMs = 900_000;
  let keep = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case "--smoke":
        smoke = true;
        break;
      case "--runs":
        runs = positiveInteger(arg, value());
        break;
      case "--only":
        only.push(...value().split(",").map((s) => s.trim()).filter((s) => s.length > 0));
        break;
      case "--no-test":
        test = false;
        break;
      case "--write":
        write = true;
        break;
      case "--no-write":
        write = false;
        break;
      case "--template-limit":
        templateLimitMs = positiveInteger(arg, value()) * 1000;
        break;
      case "--timeout":
        timeoutMs = positiveInteger(arg, value()) * 1000;
        break;
      case "--keep":
        keep = true;
        break;
      case "--help":
      case "-h":
        help = true;
        break;
      default:
        throw new Error(`unknown option "${arg}"`);
    }
  }
  return { smoke, runs, only, test: test && !smoke, write, templateLimitMs, timeoutMs, keep, help };
}

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got "${text}")`);
  return n;
}
