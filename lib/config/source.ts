/**
 * Reading a config file: YAML text to plain data, keeping positions so that
 * every problem can name its line and column.
 */
import { readFileSync } from "node:fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
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

/** Parses YAML text. Pure: no file system. */
export function parseConfigText(file: string, text: string): ConfigSource {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a duplicated key a syntax error: the
  // second `namespace:` of a workload must never silently win.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    problems.push({
      severity: "error",
      path: [],
      message: `YAML syntax error: ${firstLine(error.message)}`,
      fix: "Fix the YAML syntax at this position (indentation, quotes, a missing colon)",
      position: at(error.pos[0]),
    });
  }
  const data = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return {
    file,
    data,
    problems,
    locate(path, atKey) {
      return locateIn(doc, path, atKey, at);
    },
  };

  function locateIn(
    document: Document,
    path: ConfigPath,
    atKey: boolean | undefined,
    toPosition: (offset: number) => Position,
  ): Position | undefined {
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
