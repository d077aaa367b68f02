/**
 * The fleet registry: what must be unique across the whole config (state
 * locations, issuers, OIDC providers, adopted associations) is refused at
 * its second place, naming the first with its line.
 */
import fc from "fast-check";
import type { ConfigPath } from "../../lib/config/problems";
import { formatPath } from "../../lib/config/problems";
import { check, expectAccepted, FILE } from "../support/refusal";

const ACCOUNT = "111122223333";
const GRANT = "managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]";
const issuer = (id: string) => `https://oidc.eks.eu-west-1.amazonaws.com/id/${id}`;
const providerArn = (id: string, account = ACCOUNT) => `arn:aws:iam::${account}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${id}`;

interface ClusterSpec {
  readonly name: string;
  /** Lines of the cluster, beside name and region. */
  readonly lines?: readonly string[];
  /** Lines of its one workload, beside namespace, serviceAccount and a grant. */
  readonly workload?: readonly string[];
}

/** A fleet file: `defaults:` lines, then the clusters, each with one workload. */
function fleet(clusters: readonly ClusterSpec[], defaults: readonly string[] = []): string {
  const lines = defaults.length > 0 ? ["defaults:", ...defaults.map((l) => `  ${l}`)] : [];
  lines.push("clusters:");
  for (const c of clusters) {
    lines.push(`  - name: ${c.name}`, "    region: eu-west-1", ...(c.lines ?? []).map((l) => `    ${l}`));
    lines.push("    workloads:", "      - namespace: payments", "        serviceAccount: api", `        ${GRANT}`, ...(c.workload ?? []).map((l) => `        ${l}`));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The file is refused with a message at `second` that names `first` with
 * its own line; each line holds what the message is about.
 */
function expectConflict(yaml: string, second: ConfigPath, first: ConfigPath, fragment: string, secondNeedle: string, firstNeedle: string): void {
  const result = check(yaml);
  expect(result.config).toBeUndefined();
  const error = result.errors.find((e) => e.includes(` ${formatPath(second)}: `) && e.includes(` ${formatPath(first)})`));
  expect({ errors: result.errors, found: error !== undefined }).toEqual({ errors: result.errors, found: true });
  expect(error).toContain(fragment);
  const text = yaml.split("\n");
  const [, secondLine] = /^t\.yaml:(\d+):\d+ /.exec(error!)!;
  const [, firstLine] = new RegExp(`\\(first at ${FILE.replace(".", "\\.")}:(\\d+):\\d+ `).exec(error!)!;
  expect(text[Number(secondLine) - 1]).toContain(secondNeedle);
  expect(text[Number(firstLine) - 1]).toContain(firstNeedle);
}

const C0: ConfigPath = ["clusters", 0];
const C1: ConfigPath = ["clusters", 1];

describe("state locations are unique across the fleet", () => {
  // [what, defaults, cluster a lines, cluster b lines, second path, first path, fragment, second needle, first needle]
  it.each<[string, string[], string[], string[], ConfigPath, ConfigPath, string, string, string]>([
    ["an S3 key without {cluster} in defaults", ["backend: { type: s3, bucket: state, key: irsa.tfstate }"], [], [], ["defaults", "backend", "key"], [...C0, "name"], "puts the state of cluster b in s3://state/irsa.tfstate, where cluster a keeps its state", "backend:", "name: a"],
    ["one S3 object named in two clusters' own backends, in other regions", [], ["backend: { type: s3, bucket: state, key: k.tfstate }"], ["backend: { type: s3, bucket: state, key: k.tfstate, region: us-east-1 }"], [...C1, "backend", "key"], [...C0, "backend", "key"], "s3://state/k.tfstate", "us-east-1", "k.tfstate"],
    ["a local file spelt two ways", [], ["backend: { type: local, path: shared.tfstate }"], ["backend: { type: local, path: ./x/../shared.tfstate }"], [...C1, "backend", "path"], [...C0, "backend", "path"], "the local file shared.tfstate", "./x/../", "path: shared"],
    ["a local file in another case (one file on case-insensitive file systems)", [], ["backend: { type: local, path: shared.tfstate }"], ["backend: { type: local, path: Shared.tfstate }"], [...C1, "backend", "path"], [...C0, "backend", "path"], "where cluster a keeps its state", "Shared", "shared"],
    ["a local path without {cluster} in defaults", ["backend: { type: local, path: terraform.tfstate }"], [], [], ["defaults", "backend", "path"], [...C0, "name"], "the local file terraform.tfstate", "backend:", "name: a"],
    ["one Terraform Cloud workspace, its host written in two cases", [], ["backend: { type: cloud, organization: o, workspace: irsa }"], ["backend: { type: cloud, organization: o, hostname: APP.terraform.io, workspace: irsa }"], [...C1, "backend", "workspace"], [...C0, "backend", "workspace"], "workspace irsa of organization o on app.terraform.io", "APP", "workspace: irsa"],
    ["one set of workspace tags", [], ["backend: { type: cloud, organization: o, workspaceTags: [irsa, eks] }"], ["backend: { type: cloud, organization: o, workspaceTags: [eks, irsa] }"], [...C1, "backend", "workspaceTags"], [...C0, "backend", "workspaceTags"], "the workspaces tagged eks, irsa", "[eks, irsa]", "[irsa, eks]"],
  ])("refuses %s, locating both places", (_what, defaults, a, b, second, first, fragment, secondNeedle, firstNeedle) => {
    // GIVEN two clusters on one state / WHEN checked / THEN refused at the second, naming the first with its line
    expectConflict(fleet([{ name: "a", lines: a }, { name: "b", lines: b }], defaults), second, first, fragment, secondNeedle, firstNeedle);
  });

  it.each<[string, string[], string[], string[]]>([
    ["the default local state", [], [], []],
    ["S3 keys with {cluster} in defaults", ["backend: { type: s3, bucket: state, key: 'irsa/{cluster}.tfstate' }"], [], []],
    ["one key in two buckets", [], ["backend: { type: s3, bucket: state-a, key: k.tfstate }"], ["backend: { type: s3, bucket: state-b, key: k.tfstate }"]],
    ["one workspace name in two organizations", [], ["backend: { type: cloud, organization: o, workspace: irsa }"], ["backend: { type: cloud, organization: p, workspace: irsa }"]],
    ["one workspace name on two hosts", [], ["backend: { type: cloud, organization: o, workspace: irsa }"], ["backend: { type: cloud, organization: o, hostname: tfe.example.com, workspace: irsa }"]],
  ])("accepts %s", (_what, defaults, a, b) => {
    expectAccepted(fleet([{ name: "a", lines: a }, { name: "b", lines: b }], defaults));
  });
});

describe("issuers and OIDC providers are unique across the fleet", () => {
  // [what, cluster a lines, cluster b lines, second path, first path, fragment, second needle, first needle]
  it.each<[string, string[], string[], ConfigPath, ConfigPath, string, string, string]>([
    ["one issuer URL in two clusters", [`oidcIssuerUrl: ${issuer("AAA")}`], [`oidcIssuerUrl: ${issuer("AAA")}`], [...C1, "oidcIssuerUrl"], [...C0, "oidcIssuerUrl"], "is the issuer of cluster a too: the roles of each cluster would trust the service accounts of the other", "AAA", "AAA"],
    ["one issuer, given by URL and by the provider's ARN", [`oidcIssuerUrl: ${issuer("AAA")}`], [`oidcProvider: { arn: "${providerArn("AAA", "444455556666")}" }`], [...C1, "oidcProvider", "arn"], [...C0, "oidcIssuerUrl"], "is the issuer of cluster a too", "arn:", "oidcIssuerUrl"],
    ["one provider adopted by two clusters", [`oidcProvider: { adopt: "${providerArn("AAA")}" }`], [`oidcProvider: { adopt: "${providerArn("AAA")}" }`], [...C1, "oidcProvider", "adopt"], [...C0, "oidcProvider", "adopt"], `adopts the OIDC provider ${providerArn("AAA")}, which cluster a adopts too: one of the two stacks would replace or destroy it`, "adopt", "adopt"],
    ["a provider created by one cluster and adopted by another", [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer("AAA")}`], [`oidcProvider: { adopt: "${providerArn("AAA")}" }`], [...C1, "oidcProvider", "adopt"], [...C0, "oidcIssuerUrl"], "which cluster a creates too", "adopt", "oidcIssuerUrl"],
    ["a provider adopted by one cluster and created by another", [`oidcProvider: { adopt: "${providerArn("AAA")}" }`], [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer("AAA")}`], [...C1, "oidcIssuerUrl"], [...C0, "oidcProvider", "adopt"], "would create the OIDC provider", "oidcIssuerUrl", "adopt"],
    ["a provider adopted by two clusters, computed from account and issuer", [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer("AAA")}`, "oidcProvider: adopt"], [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer("AAA")}`, "oidcProvider: adopt"], [...C1, "oidcProvider"], [...C0, "oidcProvider"], "adopts the OIDC provider", "oidcProvider: adopt", "oidcProvider: adopt"],
    ["one provider trusted by two clusters", [`oidcProvider: { arn: "${providerArn("AAA")}" }`], [`existingOidcProviderArn: "${providerArn("AAA")}"`], [...C1, "existingOidcProviderArn"], [...C0, "oidcProvider", "arn"], "trusts the OIDC provider", "existingOidcProviderArn", "arn:"],
  ])("refuses %s, locating both places", (_what, a, b, second, first, fragment, secondNeedle, firstNeedle) => {
    expectConflict(fleet([{ name: "a", lines: a }, { name: "b", lines: b }]), second, first, fragment, secondNeedle, firstNeedle);
  });

  it("reports one clash of a provider once, not again as a clash of issuers", () => {
    const yaml = fleet([{ name: "a", lines: [`oidcProvider: { adopt: "${providerArn("AAA")}" }`] }, { name: "b", lines: [`oidcProvider: { adopt: "${providerArn("AAA")}" }`] }]);
    expect(check(yaml).errors).toHaveLength(1);
  });

  it("accepts distinct issuers and providers", () => {
    expectAccepted(
      fleet([
        { name: "a", lines: [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer("AAA")}`] },
        { name: "b", lines: [`oidcProvider: { adopt: "${providerArn("BBB")}" }`] },
        { name: "c", lines: [`oidcProvider: { arn: "${providerArn("CCC")}" }`] },
      ]),
    );
  });
});

describe("adopted Pod Identity associations are unique across the fleet", () => {
  const adopting = (id: string) => ["identity: pod-identity", `adopt: { podIdentityAssociation: ${id} }`];

  it("refuses one association adopted by two workloads of two clusters", () => {
    expectConflict(
      fleet([{ name: "a", workload: adopting("a-0123456789abcdefg") }, { name: "b", workload: adopting("a-0123456789abcdefg") }]),
      [...C1, "workloads", 0, "adopt", "podIdentityAssociation"],
      [...C0, "workloads", 0, "adopt", "podIdentityAssociation"],
      "adopts the EKS Pod Identity association a-0123456789abcdefg, which payments/api of cluster a adopts too",
      "a-0123456789abcdefg",
      "a-0123456789abcdefg",
    );
  });

  it("refuses one association adopted by two workloads of one cluster", () => {
    const yaml = [
      "clusters:",
      "  - name: a",
      "    region: eu-west-1",
      "    identity: pod-identity",
      "    workloads:",
      `      - { namespace: payments, serviceAccount: api, ${GRANT}, adopt: { podIdentityAssociation: a-0123456789abcdefg } }`,
      `      - { namespace: payments, serviceAccount: worker, ${GRANT}, adopt: { podIdentityAssociation: a-0123456789abcdefg } }`,
      "",
    ].join("\n");
    expectConflict(yaml, [...C0, "workloads", 1, "adopt", "podIdentityAssociation"], [...C0, "workloads", 0, "adopt", "podIdentityAssociation"], "which payments/api of cluster a adopts too", "worker", "serviceAccount: api");
  });
});

/**
 * Random fleets with deliberate collisions among state locations, providers
 * (and with them issuers) and adopted associations: each collision is refused
 * at its second place naming the first, or, with none, everything in the
 * output is distinct.
 */
describe("fleet uniqueness, over random fleets", () => {
  interface Spec {
    /** An S3 key from a small pool, or undefined for `{cluster}` (always distinct). */
    readonly state?: number;
    /** An issuer from a small pool, and how the provider is named: created from account and issuer, or adopted by ARN. */
    readonly issuer: number;
    readonly adoptProvider: boolean;
    /** An association id from a small pool, or none adopted. */
    readonly association?: number;
  }
  const spec: fc.Arbitrary<Spec> = fc.record({
    state: fc.option(fc.nat(2), { nil: undefined }),
    issuer: fc.nat(3),
    adoptProvider: fc.boolean(),
    association: fc.option(fc.nat(2), { nil: undefined }),
  });
  const ids = ["AAA", "BBB", "CCC", "DDD"];

  function yamlOf(specs: readonly Spec[]): string {
    return fleet(
      specs.map((s, i) => ({
        name: `c${i}`,
        lines: [
          `backend: { type: s3, bucket: state, key: '${s.state === undefined ? "irsa/{cluster}.tfstate" : `shared-${s.state}.tfstate`}' }`,
          ...(s.adoptProvider ? [`oidcProvider: { adopt: "${providerArn(ids[s.issuer])}" }`] : [`accountId: "${ACCOUNT}"`, `oidcIssuerUrl: ${issuer(ids[s.issuer])}`]),
        ],
        workload: ["identity: both", ...(s.association === undefined ? [] : [`adopt: { podIdentityAssociation: a-${"0123456789abcdef"}${s.association} }`])],
      })),
    );
  }

  /** The expected conflicts: for each later owner of a value, its path and the first owner's. */
  function expectedConflicts(specs: readonly Spec[]): [ConfigPath, ConfigPath][] {
    const conflicts: [ConfigPath, ConfigPath][] = [];
    const claim = (seen: Map<number, ConfigPath>, value: number | undefined, path: ConfigPath) => {
      if (value === undefined) return;
      const first = seen.get(value);
      if (first) conflicts.push([path, first]);
      else seen.set(value, path);
    };
    const [states, providers, associations] = [new Map<number, ConfigPath>(), new Map<number, ConfigPath>(), new Map<number, ConfigPath>()];
    specs.forEach((s, i) => {
      const at: ConfigPath = ["clusters", i];
      claim(states, s.state, [...at, "backend", "key"]);
      claim(providers, s.issuer, s.adoptProvider ? [...at, "oidcProvider", "adopt"] : [...at, "oidcIssuerUrl"]);
      claim(associations, s.association, [...at, "workloads", 0, "adopt", "podIdentityAssociation"]);
    });
    return conflicts;
  }

  it("refuses every collision with both places located, and accepts a fleet without one", () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 5 }), (specs) => {
        // GIVEN a random fleet / WHEN checked
        const yaml = yamlOf(specs);
        const result = check(yaml);
        const expected = expectedConflicts(specs);
        if (expected.length === 0) {
          // THEN without a collision it is accepted, and every state, provider and association is distinct
          expect(result.errors).toEqual([]);
          const clusters = result.config!.clusters;
          const distinct = (values: (string | undefined)[]) => new Set(values).size === values.length;
          expect(distinct(clusters.map((c) => (c.backend.type === "s3" ? c.backend.key : undefined)))).toBe(true);
          expect(distinct(clusters.map((c) => c.issuerHost))).toBe(true);
          expect(distinct(clusters.flatMap((c) => c.workloads.map((w) => w.adopt?.podIdentityAssociation)).filter((a) => a !== undefined))).toBe(true);
          return;
        }
        // THEN each collision is refused at its second place, naming the first with its line
        expect(result.config).toBeUndefined();
        expect(result.errors).toHaveLength(expected.length);
        for (const [second, first] of expected) {
          const error = result.errors.find((e) => e.includes(` ${formatPath(second)}: `) && e.includes(` ${formatPath(first)})`));
          expect({ second: formatPath(second), first: formatPath(first), error, errors: result.errors }).toEqual(expect.objectContaining({ error: expect.stringMatching(/\(first at t\.yaml:\d+:\d+ /) }));
        }
      }),
      { numRuns: 150 },
    );
  });
});
