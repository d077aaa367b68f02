import { partitionOf } from "../../lib/aws/partition";
import { parseArn } from "../../lib/aws/arn";
import { findPreset, PRESETS } from "../../lib/presets/registry";
import type { Preset } from "../../lib/presets/preset";
import { allowedActions, PARTITION_REGIONS, presetErrors, presetWorkload, sampleParams } from "../support/presets";

import * as rules from "../../lib/model/rules";
import upstream from "./tam-iam-v6.5.0-actions.json";

const ALL = [...PRESETS.values()];

/** The policy of terraform-aws-iam v6.5.0 each preset follows (test data: its action sets). */
const UPSTREAM: Record<string, keyof typeof upstream.actions | undefined> = {
  "amazon-managed-prometheus": "amazon_managed_service_prometheus",
  "aws-gateway-controller": "aws_gateway_controller",
  "aws-load-balancer-controller": "load_balancer_controller",
  "aws-load-balancer-controller-target-group-binding-only": "load_balancer_controller_targetgroup_only",
  "cert-manager": "cert_manager",
  "cloudwatch-observability": undefined, // managed policies only
  "cluster-autoscaler": "cluster_autoscaler",
  "ebs-csi": "ebs_csi",
  "efs-csi": "efs_csi",
  "external-dns": "external_dns",
  "external-secrets": "external_secrets",
  "fsx-lustre-csi": "fsx_lustre_csi",
  "fsx-openzfs-csi": "fsx_openzfs_csi",
  karpenter: undefined, // terraform-aws-eks' karpenter module; see karpenter's test
  "mountpoint-s3-csi": "mountpoint_s3_csi",
  "node-termination-handler": "node_termination_handler",
  velero: "velero",
  "vpc-cni": "vpc_cni",
};

/** Every variant of a preset's parameters: defaults, switches flipped, each enum value. */
function variants(preset: Preset, region: string): Record<string, unknown>[] {
  const base = [sampleParams(preset, region), sampleParams(preset, region, "flipped")];
  const enums = Object.entries(preset.parameters).flatMap(([key, spec]) => (spec.kind === "enum" ? spec.values.map((v) => ({ key, v })) : []));
  return [...base, ...enums.flatMap(({ key, v }) => base.map((p) => ({ ...p, [key]: v })))];
}

describe("the preset registry", () => {
  it("has every add-on the coverage list names, in name order", () => {
    // GIVEN the add-ons platform teams run on every cluster
    const required = [
      "amazon-managed-prometheus", "aws-gateway-controller", "aws-load-balancer-controller",
      "aws-load-balancer-controller-target-group-binding-only", "cert-manager", "cloudwatch-observability",
      "cluster-autoscaler", "ebs-csi", "efs-csi", "external-dns", "external-secrets", "fsx-lustre-csi",
      "fsx-openzfs-csi", "karpenter", "mountpoint-s3-csi", "node-termination-handler", "velero", "vpc-cni",
    ];
    // THEN each is a preset, and the registry lists them sorted
    expect([...PRESETS.keys()]).toEqual(required);
    expect(Object.keys(UPSTREAM).sort()).toEqual(required);
  });

  it.each(ALL.map((p) => [p.name, p] as const))("%s: names a source and a valid default service account", (_name, preset) => {
    expect(findPreset(preset.name)).toBe(preset);
    expect(preset.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(preset.source).toMatch(/\S{10,}/);
    expect(preset.defaultNamespace).toMatch(rules.DNS_1123_LABEL);
    expect(preset.defaultServiceAccount).toMatch(rules.DNS_1123_SUBDOMAIN);
    for (const [key, spec] of Object.entries(preset.parameters)) {
      expect({ key, name: /^[a-z][A-Za-z0-9]*$/.test(key) }).toEqual({ key, name: true });
      if (spec.kind === "arns") expect(parseArn(spec.example)?.service).toBe(spec.service);
    }
  });

  it("gives statement ids that no two presets share, so presets combine on one role", () => {
    const owners = new Map<string, string>();
    for (const preset of ALL) {
      for (const params of variants(preset, "eu-west-1")) {
        for (const sid of presetWorkload(preset.name, params).policyStatements.flatMap((s) => (s.sid ? [s.sid] : []))) {
          expect({ sid, owner: owners.get(sid) ?? preset.name }).toEqual({ sid, owner: preset.name });
          owners.set(sid, preset.name);
        }
      }
    }
  });
});

describe.each(ALL.map((p) => [p.name, p] as const))("preset %s", (name, preset) => {
  it.each(PARTITION_REGIONS)("renders valid IAM in %s, every ARN in that partition", (region) => {
    const partition = partitionOf(region).id;
    for (const params of variants(preset, region)) {
      // GIVEN a one-line workload / WHEN validated
      const workload = presetWorkload(name, params, region);
      // THEN it grants something, under the chart's own service account
      expect(workload.namespace).toBe(preset.defaultNamespace);
      expect(workload.serviceAccount).toBe(preset.defaultServiceAccount);
      expect(workload.policyStatements.length + workload.managedPolicyArns.length).toBeGreaterThan(0);
      for (const statement of workload.policyStatements) {
        expect(statement.effect).toBe("Allow");
        expect(statement.actions.length).toBeGreaterThan(0);
        expect(statement.resources.length).toBeGreaterThan(0);
        for (const action of statement.actions) expect(action).toMatch(rules.IAM_ACTION);
        expect(statement.actions).not.toContain("*");
        for (const resource of statement.resources) {
          if (resource !== "*") expect(resource).toMatch(new RegExp(`^arn:${partition}:[a-z0-9-]+:[a-z0-9*-]*:(\\d{12}|\\*|aws|):\\S+$`));
        }
        for (const condition of statement.conditions ?? []) {
          expect(rules.isConditionOperator(condition.test)).toBe(true);
          expect(condition.values.length).toBeGreaterThan(0);
        }
        if (statement.sid !== undefined) expect(statement.sid).toMatch(rules.STATEMENT_SID);
      }
      for (const arn of workload.managedPolicyArns) expect(arn).toMatch(new RegExp(`^arn:${partition}:iam::aws:policy/`));
    }
  });
});

const FOLLOWING_UPSTREAM = ALL.flatMap((p) => {
  const key = UPSTREAM[p.name];
  return key ? [[p.name, p, key] as const] : [];
});

it.each(FOLLOWING_UPSTREAM)("preset %s grants no action that terraform-aws-iam v6.5.0's policy for it does not", (name, preset, key) => {
  const allowed = new Set<string>(upstream.actions[key]);
  const granted = variants(preset, "eu-west-1").flatMap((params) => allowedActions(presetWorkload(name, params)));
  expect([...new Set(granted.filter((a) => !allowed.has(a)))]).toEqual([]);
});

const ARN_PARAMETERS = ALL.flatMap((p) => Object.entries(p.parameters).flatMap(([key, spec]) => (spec.kind === "arns" ? [[p.name, key, spec.required, p] as const] : [])));

it.each(ARN_PARAMETERS.filter(([, , required]) => required))("preset %s refuses a missing %s rather than granting on *", (name, key, _required, preset) => {
  // GIVEN every parameter but this one / WHEN validated / THEN refused at the workload, naming it
  const params = sampleParams(preset, "eu-west-1");
  delete params[key];
  expect(presetErrors(name, params)).toEqual([expect.stringContaining(`clusters[0].workloads[0].${key}: is required by preset ${name}`)]);
});

it.each(ARN_PARAMETERS)("preset %s puts %s where the policy uses it, and refuses it from another partition", (name, key, _required, preset) => {
  // GIVEN the parameter set to a distinctive ARN
  const params = sampleParams(preset, "eu-west-1");
  const [value] = params[key] as string[];
  // THEN it appears in a statement's resources (objects under a bucket count)
  const resources = presetWorkload(name, params).policyStatements.flatMap((s) => s.resources);
  expect(resources.some((r) => r === value || r === `${value}/*`)).toBe(true);
  // AND the same ARN written for GovCloud is refused in eu-west-1
  const wrong = { ...params, [key]: [value.replace(/^arn:aws:/, "arn:aws-us-gov:")] };
  expect(presetErrors(name, wrong).join("\n")).toContain(`clusters[0].workloads[0].${key}[0]: is in partition aws-us-gov, but eu-west-1 is in aws`);
});

describe("one file per preset", () => {
  /** The modules of lib/presets/ that are not presets: what presets are made of, the registry, the docs table. */
  const PARTS = ["arn", "parameters", "preset", "registry", "statements", "table"];

  it("keeps every preset in a file named after it, and nothing else beside the parts", () => {
    // GIVEN lib/presets/'s modules and the registry
    const { readdirSync } = jest.requireActual<typeof import("node:fs")>("node:fs");
    const { join } = jest.requireActual<typeof import("node:path")>("node:path");
    const dir = join(__dirname, "..", "..", "lib", "presets");
    const modules = readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).filter((m) => !PARTS.includes(m));
    // THEN the preset modules are exactly the registered names
    expect(modules.sort()).toEqual(ALL.map((p) => p.name).sort());
    // AND each exports the preset of its name
    for (const name of modules) {
      const exported = Object.values(jest.requireActual<Record<string, unknown>>(join(dir, name))) as Preset[];
      expect(exported.map((p) => p.name)).toEqual([name]);
    }
  });
});
