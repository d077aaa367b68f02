/**
 * Reading a config file: YAML text to plain data, keeping positions so that
 * every problem can name its line and column.
 */
import { readFileSync } from "node:fs";
import { CORE_SCHEMA, load } from "js-yaml";
import type * as Yaml from "yaml";
import type { Document, Node } from "yaml";
import type { ConfigPath, Position, Problem } from "./problems";

export interface ConfigSource {
  /** The file name as the user gave it. */
  readonly file: string;
  /** The parsed data; undefined when the text could not be parsed. */
  readonly data: unknown;
  /** Problems of the text itself: unreadable file, YAML syntax. */
  readonly problems: readonly Problem[];
  /** Where a path is in the text, if it is there. */
  locate(path: ConfigPath, atKey?: boolean): Position | undefined;
}

/**
 * Parses YAML text. Pure: no file system.
 *
 * The data comes from js-yaml (YAML 1.2 core schema), about five times
 * faster than building a full document; positions come from `yaml`'s
 * document, built only when a problem must be located. Both read the same
 * YAML 1.2 core schema, and a duplicated key is an error in both: the second
 * `namespace:` of a workload must never silently win. `yaml` itself is
 * loaded only then: a valid file never needs it.
 */
export function parseConfigText(file: string, text: string): ConfigSource {
  let document: { doc: Document; lineCounter: Yaml.LineCounter } | undefined;
  const parsed = () => {
    if (!document) {
      const { LineCounter, parseDocument } = yaml();
      const lineCounter = new LineCounter();
      document = { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true }), lineCounter };
    }
    return document;
  };
  const at = (offset: number): Position => {
    const { line, col } = parsed().lineCounter.linePos(offset);
    return { line, col };
  };
  let data: unknown;
  const problems: Problem[] = [];
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    const { doc } = parsed();
    for (const e of doc.errors) problems.push(syntaxProblem(firstLine(e.message), at(e.pos[0])));
    if (problems.length === 0 && !/\S/.test(text.replace(/#.*$/gm, ""))) {
      data = null; // empty, or comments only: reported by the validator as an empty file
    } else if (problems.length === 0) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const reason = (error as { reason?: string }).reason ?? firstLine(String((error as Error).message));
      problems.push(syntaxProblem(reason, mark ? { line: mark.line + 1, col: mark.column + 1 } : undefined));
    }
  }
  return {
    file,
    data,
    problems,
    locate(path, atKey) {
      return locateIn(parsed().doc, path, atKey, at);
    },
  };
}

function syntaxProblem(message: string, position: Position | undefined): Problem {
  return {
    severity: "error",
    path: [],
    message: `YAML syntax error: ${message}`,
    fix: "Fix the YAML syntax at this position (indentation, quotes, a missing colon)",
    ...(position ? { position } : {}),
  };
}

/** The `yaml` package, loaded when first needed. */
function yaml(): typeof Yaml {
  return require("yaml") as typeof Yaml;
}

function locateIn(document: Document, path: ConfigPath, atKey: boolean | undefined, toPosition: (offset: number) => Position): Position | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node: unknown = document.contents;
  let keyNode: unknown;
  for (const part of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      node = node.items[part];
    } else {
      break;
    }
  }
  const target = (atKey && keyNode) || node || keyNode;
  const range = (target as Node | undefined)?.range;
  return range ? toPosition(range[0]) : document.contents?.range ? toPosition(document.contents.range[0]) : undefined;
}

/** Reads and parses a file; a missing or unreadable file is a problem, not an exception. */
export function readConfigFile(file: string): ConfigSource {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : `cannot be read (${code ?? String(error)})`;
    return {
      file,
      data: undefined,
      problems: [
        {
          severity: "error",
          path: [],
          message: what,
          fix: "Create the file, or point IRSA_CONFIG at the right one",
        },
      ],
      locate: () => undefined,
    };
  }
  return parseConfigText(file, text);
}

function firstLine(text: string): string {
  return text.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}
