/**
 * The converted irsa.yaml as text: a header saying where it came from and
 * what to check, a comment above each cluster and workload naming its
 * eksctl source, and a comment above each placeholder saying how to fill it.
 */
import { Document, isMap, isScalar, isSeq, type Node } from "yaml";
import { escapeControls } from "../config/problems";

/** A comment above a key (path ending in a key) or a list item (path ending in an index), inside a workload. */
export interface YamlComment {
  readonly at: readonly (string | number)[];
  readonly text: string;
}

export interface ConvertedWorkload {
  /** e.g. `iam.serviceAccounts[2] of prod.yaml` */
  readonly source: string;
  /** The workload as irsa.yaml spells it, keys in the order they are written. */
  readonly body: Record<string, unknown>;
  readonly comments: readonly YamlComment[];
}

export interface ConvertedCluster {
  /** The ClusterConfig file. */
  readonly file: string;
  readonly body: { name: string; region: string; tags?: Record<string, string>; oidcProvider?: string };
  readonly workloads: readonly ConvertedWorkload[];
}

export function renderIrsaYaml(clusters: readonly ConvertedCluster[], files: readonly string[]): string {
  const doc = new Document({
    clusters: clusters.map((c) => ({ ...c.body, workloads: c.workloads.map((w) => w.body) })),
  });
  doc.commentBefore = [
    ` Converted from eksctl ClusterConfig by \`npm run from-eksctl\`: ${escapeControls(files.join(", "))}.`,
    " Every role eksctl made is adopted under the name it has (Terraform import",
    " blocks), with its managed-policy attachments, one of its inline policies and",
    " the service account eksctl made; each Pod Identity association is adopted",
    " too, with the role it names. Before the first plan:",
    ' - replace every "<fill in: …>" and "<rewrite: …>" (npm run validate lists them);',
    " - read the converter's report: what was not converted, which permissions",
    "   differ from eksctl's, and what to do after the first apply;",
    " - check that the plan shows imports and in-place updates only.",
  ].join("\n");
  clusters.forEach((cluster, c) => {
    const clusterNode = doc.getIn(["clusters", c], true) as Node;
    clusterNode.commentBefore = ` from ${escapeControls(cluster.file)}`;
    cluster.workloads.forEach((workload, w) => {
      const path = ["clusters", c, "workloads", w];
      (doc.getIn(path, true) as Node).commentBefore = ` from ${escapeControls(workload.source)}`;
      for (const comment of workload.comments) commentAt(doc, [...path, ...comment.at], comment.text);
    });
  });
  return doc.toString({ lineWidth: 0 });
}

/** Puts `text` above the key or list item at `path`; names from the ClusterConfig in it are escaped, so a comment stays one line. */
function commentAt(doc: Document, path: readonly (string | number)[], raw: string): void {
  const text = escapeControls(raw);
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (typeof last === "number" && isSeq(parent)) {
    const item = parent.items[last];
    if (item && typeof item === "object") (item as Node).commentBefore = ` ${text}`;
    return;
  }
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === last);
    if (pair && isScalar(pair.key)) pair.key.commentBefore = ` ${text}`;
  }
}
