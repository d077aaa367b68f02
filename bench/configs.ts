/**
 * The configs the bench synthesizes: the bundled irsa.yaml, then synthetic
 * organisations of growing size, written as YAML into a temporary folder.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface BenchConfig {
  /** `example`, or `<clusters>x<workloads per cluster>`. */
  readonly name: string;
  /** Absolute path of the YAML file. */
  readonly file: string;
  readonly clusters: number;
  /** All workloads of all clusters. */
  readonly workloads: number;
}

/** clusters × workloads per cluster, smallest first: the ts-node template is dropped once it gets too slow. */
export const SYNTHETIC_SHAPES: readonly (readonly [number, number])[] = [
  [1, 10],
  [1, 100],
  [1, 1000],
  [20, 100],
  [100, 100],
];

/** The smoke run's only config. */
export const SMOKE_CONFIG = "1x10";

/** Regions of the `aws` partition, so every ARN below is valid in each. */
const REGIONS = ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "ap-southeast-2"];

const MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
  "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
];

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/**
 * The bundled example. Its size is asked from irsa-gen itself
 * (`validate` prints it), so the bench needs no YAML parser of its own.
 */
export function exampleConfig(root: string, env: NodeJS.ProcessEnv): BenchConfig {
  const file = join(root, "irsa.yaml");
  const out = execFileSync(process.execPath, [join(root, "scripts", "run.js"), "validate"], {
    cwd: root,
    env: { ...env, IRSA_CONFIG: file },
    encoding: "utf8",
  });
  const size = /\((\d+) clusters?, (\d+) workloads?\)/.exec(out);
  if (!size) throw new Error(`cannot read the size of irsa.yaml from: ${out.trim()}`);
  return { name: "example", file, clusters: Number(size[1]), workloads: Number(size[2]) };
}

/** Writes one synthetic config into `dir`. */
export function syntheticConfig(dir: string, clusters: number, perCluster: number): BenchConfig {
  const name = `${clusters}x${perCluster}`;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, syntheticYaml(clusters, perCluster));
  return { name, file, clusters, workloads: clusters * perCluster };
}

/**
 * Every workload has one managed policy and one inline statement, as a
 * typical service does; namespaces hold ten service accounts each. Every
 * cluster has its issuer and account, as irsa.yaml's first cluster does, so
 * nothing is read from AWS at plan time.
 *
 * Every feature that adds blocks is active on some workloads, in the same
 * proportion in every config (by position in the cluster, see FEATURES):
 * EKS Pod Identity (`pod-identity` and `both`: an association, a second
 * trust statement), adoption (import blocks), renames (moved blocks),
 * presets, and the drift lock (on by default; off for adopted roles). Each
 * cluster installs the Pod Identity agent, and every fourth adopts its OIDC
 * provider. bench/baseline/main.ts builds the same blocks from the same file.
 */
export function syntheticYaml(clusters: number, perCluster: number): string {
  const lines = [
    `# Synthetic irsa-gen config for the benchmark: ${clusters} cluster(s) × ${perCluster} workloads.`,
    "defaults:",
    "  tags:",
    "    team: platform",
    "  rolePath: /irsa/",
    "  podIdentityAgent: true",
    "clusters:",
  ];
  for (let c = 1; c <= clusters; c++) {
    const cluster = `c${pad(c, 3)}`;
    const region = REGIONS[(c - 1) % REGIONS.length];
    const accountId = pad(100000000000 + c, 12);
    // EKS issuer ids are 32 upper-case hex digits.
    const issuerId = createHash("md5").update(cluster).digest("hex").toUpperCase();
    lines.push(
      `  - name: ${cluster}`,
      `    region: ${region}`,
      `    accountId: "${accountId}"`,
      `    oidcIssuerUrl: https://oidc.eks.${region}.amazonaws.com/id/${issuerId}`,
      ...(c % 4 === 0 ? ["    oidcProvider: adopt"] : []),
      "    workloads:",
    );
    for (let w = 1; w <= perCluster; w++) {
      const sa = `sa-${pad(w, 4)}`;
      const slot = w % 20;
      lines.push(`      - namespace: ns-${pad(Math.ceil(w / 10), 4)}`, `        serviceAccount: ${sa}`);
      if (w % 10 === FEATURES.podIdentity) lines.push("        identity: pod-identity");
      if (w % 10 === FEATURES.both) lines.push("        identity: both");
      if (slot === FEATURES.presetManaged) lines.push("        presets: [cloudwatch-observability]");
      if (slot === FEATURES.presetInline) {
        lines.push(`        presets: [{ name: amazon-managed-prometheus, workspaceArns: ["arn:aws:aps:${region}:${accountId}:workspace/ws-${cluster}-${pad(w, 4)}"] }]`);
      }
      lines.push(
        "        managedPolicyArns:",
        `          - ${MANAGED_POLICIES[(w - 1) % MANAGED_POLICIES.length]}`,
        "        policyStatements:",
        "          - actions: [s3:GetObject, s3:PutObject]",
        `            resources: ["arn:aws:s3:::${cluster}-data-${pad(w, 4)}/*"]`,
      );
      if (slot === FEATURES.adopt) {
        lines.push(`        adopt: { role: legacy-${cluster}-${sa}, inlinePolicy: legacy-permissions, attachments: true, serviceAccount: true }`);
      }
      if (slot === FEATURES.renamed) lines.push(`        previously: { serviceAccount: old-${sa} }`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Which workloads use which feature, by their number in the cluster: modulo
 * 10 for the identity (10% `pod-identity`, 10% `both`), modulo 20 for the
 * others (5% each: adoption, rename, and each of two presets). So even 1×10
 * has one workload of each identity, one adopted (w = 5), one renamed
 * (w = 9) and one with a preset (w = 1).
 */
export const FEATURES = {
  podIdentity: 3,
  both: 7,
  presetManaged: 1,
  presetInline: 11,
  adopt: 5,
  renamed: 9,
} as const;
