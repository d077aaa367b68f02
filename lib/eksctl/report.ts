/**
 * What the converter could not convert, or converted differently, and what
 * is left to do: every item names the ClusterConfig file, line, column and
 * path it comes from, in the project's format
 * (`<file>:<line>:<col> <path>: <what>`).
 */
import { escapeControls, formatPath, type ConfigPath, type Position } from "../config/problems";
import { plural } from "../common/plurals";

export type ReportKind = "fill-in" | "not-converted" | "differs" | "after-apply" | "note";

export interface ReportItem {
  readonly kind: ReportKind;
  /** The ClusterConfig file. */
  readonly file: string;
  /** Where in it, e.g. `iam.serviceAccounts[2].wellKnownPolicies.externalDNS`. */
  readonly path: ConfigPath;
  readonly position?: Position;
  /** One or more sentences, without a trailing period. */
  readonly message: string;
}

/** One converted file: its cluster's name and what is to be said about it. */
export interface FileReport {
  readonly file: string;
  readonly cluster: string;
  readonly workloads: number;
  /** In file order. */
  readonly items: readonly ReportItem[];
}

const SECTIONS: readonly { readonly kind: ReportKind; readonly title: string }[] = [
  { kind: "fill-in", title: "to fill in: the converted file does not validate until these are set" },
  { kind: "not-converted", title: "not converted" },
  { kind: "differs", title: "converted with other permissions than eksctl's" },
  { kind: "after-apply", title: "after the first apply" },
  { kind: "note", title: "notes" },
];

export function formatReport(files: readonly FileReport[]): string {
  const all = files.flatMap((f) => f.items);
  const count = (kind: ReportKind) => all.filter((i) => i.kind === kind).length;
  const workloads = files.reduce((n, f) => n + f.workloads, 0);
  const lines = [
    `from-eksctl: ${plural(files.length, "ClusterConfig file")} converted into ${plural(files.length, "cluster")} with ${plural(workloads, "workload")}; ` +
      `${plural(count("fill-in"), "value")} to fill in, ${plural(count("not-converted"), "thing")} not converted.`,
  ];
  for (const file of files) {
    lines.push("", escapeControls(`${file.file} (cluster ${file.cluster}):`));
    if (file.items.length === 0) lines.push("  everything converted; nothing to report");
    for (const section of SECTIONS) {
      const items = file.items.filter((i) => i.kind === section.kind);
      if (items.length === 0) continue;
      lines.push(`  ${section.title}:`);
      for (const item of items) lines.push(`    ${formatItem(item)}`);
    }
  }
  return lines.join("\n");
}

export function formatItem(item: ReportItem): string {
  const where = item.position ? `${item.file}:${item.position.line}:${item.position.col}` : item.file;
  const message = /[.?!]$/.test(item.message) ? item.message : `${item.message}.`;
  // Names and values in it come from the ClusterConfig: no control character reaches the terminal raw.
  return escapeControls(`${where} ${formatPath(item.path)}: ${message}`);
}

