/**
 * Random valid configs, as YAML would parse them, for the property tests
 * (test/config/properties.test.ts) and the comparison with cdktf's own
 * synthesis (test/synth.test.ts).
 */
import fc from "fast-check";
import { partitionOf } from "../../lib/aws/partition";
import { SYSTEM_NAMESPACES } from "../../lib/config/kubernetes";
import { workloadLabel } from "../../lib/naming";
import { PRESETS } from "../../lib/presets/registry";

const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1"];
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
// Not the namespaces every cluster has (createNamespace is refused there), nor the default service account (refused).
const namespace = label.filter((l) => !SYSTEM_NAMESPACES.includes(l));
const subdomain = fc.tuple(label, fc.option(label, { nil: undefined })).map(([a, b]) => (b ? `${a}.${b}` : a)).filter((s) => s !== "default");

/** Presets that need no parameter, so any workload can take them. */
const PRESETS_WITHOUT_REQUIRED_SCOPES = [...PRESETS.values()]
  .filter((p) => Object.values(p.parameters).every((spec) => spec.kind !== "arns" || !spec.required) && !p.check)
  .map((p) => p.name);

const workload = fc.record(
  {
    namespace,
    serviceAccount: subdomain,
    managed: fc.boolean(),
    inline: fc.boolean(),
    createServiceAccount: fc.boolean(),
    createNamespace: fc.boolean(),
    // At most one: some presets together exceed one role's inline policy quota.
    preset: fc.constantFrom(...PRESETS_WITHOUT_REQUIRED_SCOPES),
  },
  { requiredKeys: ["namespace", "serviceAccount", "managed", "inline"] },
);

const cluster = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
  region: fc.constantFrom(...REGIONS),
  issuer: fc.boolean(),
  workloads: fc.uniqueArray(workload, { maxLength: 4, selector: (w) => workloadLabel(w.namespace, w.serviceAccount) }),
});

/** A raw config, as YAML would parse it, that the validator must accept. */
export const validRaw = fc.uniqueArray(cluster, { minLength: 1, maxLength: 3, selector: (c) => c.name }).map((clusters) => ({
  clusters: clusters.map((c, i) => {
    const p = partitionOf(c.region).id;
    return {
      name: c.name,
      region: c.region,
      // One account per cluster: default role names can then never collide.
      accountId: String(100000000000 + i),
      ...(c.issuer ? { oidcIssuerUrl: `https://oidc.eks.${c.region}.${partitionOf(c.region).dnsSuffix}/id/${c.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}` } : {}),
      workloads: c.workloads.map((w) => ({
        namespace: w.namespace,
        serviceAccount: w.serviceAccount,
        ...(w.createServiceAccount !== undefined ? { createServiceAccount: w.createServiceAccount } : {}),
        ...(w.createNamespace !== undefined ? { createNamespace: w.createNamespace } : {}),
        ...(w.preset !== undefined ? { presets: [w.preset] } : {}),
        ...(w.managed ? { managedPolicyArns: [`arn:${p}:iam::aws:policy/ReadOnlyAccess`] } : {}),
        ...(w.inline ? { policyStatements: [{ actions: ["s3:GetObject"], resources: [`arn:${p}:s3:::bucket-${i}/*`] }] } : {}),
      })),
    };
  }),
}));
