import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { displayName, run } from "../lib/cli";
import { PROJECT_ROOT, readTree, tempDir } from "./support/files";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe("irsa-gen command line", () => {
  it("validates a good file without writing anything", async () => {
    const { io, out } = capture();
    const outdir = join(tempDir(), "out");
    const code = await run(["validate"], { IRSA_CONFIG: join(PROJECT_ROOT, "irsa.yaml"), CDKTF_OUTDIR: outdir }, io);
    expect(code).toBe(0);
    expect(out.join("\n")).toMatch(/irsa\.yaml: valid \(2 clusters, 3 workloads\)/);
    // Nothing in the output folder, and nothing beside it (no scratch folder either).
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(dirname(outdir))).toEqual([]);
  });

  it("refuses a bad file with every problem, no stack trace, and the previous output untouched", async () => {
    // GIVEN a previous output and a config with two mistakes
    const dir = tempDir();
    const outdir = join(dir, "out");
    const good = await run([], { IRSA_CONFIG: join(PROJECT_ROOT, "irsa.yaml"), CDKTF_OUTDIR: outdir }, capture().io);
    expect(good).toBe(0);
    const before = readTree(outdir);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      ["clusters:", "  - name: prod", "    region: eu-west-1", "    workloads:", "      - namespace: Payments", "        serviceAcount: api", ""].join("\n"),
    );
    // WHEN it is synthesized, in either format
    for (const argv of [[], ["--hcl"]]) {
      const { io, err } = capture();
      const code = await run(argv, { IRSA_CONFIG: bad, CDKTF_OUTDIR: outdir }, io);
      // THEN it fails, names file, line, column, path and fix, and writes nothing
      expect(code).toBe(1);
      const text = err.join("\n");
      expect(text).toContain(`${bad}: 3 problems`);
      expect(text).toContain(`${bad}:5:20 clusters[0].workloads[0].namespace: is not a valid Kubernetes namespace (a DNS-1123 label) (got "Payments")`);
      expect(text).toContain(`${bad}:5:9 clusters[0].workloads[0].serviceAccount: is required`);
      expect(text).toContain(`${bad}:6:9 clusters[0].workloads[0].serviceAcount: unknown key (got "serviceAcount"). Did you mean "serviceAccount"?`);
      expect(text).not.toMatch(/^\s+at /m);
      expect(readTree(outdir)).toEqual(before);
    }
  });

  it.each([
    ["a missing file", undefined, "file not found"],
    ["an empty file", "", "the file is empty"],
    ["malformed YAML", "clusters: [\n  - name: a\n", "YAML syntax error"],
  ])("reports %s as a problem of the file", async (_name, content, message) => {
    const dir = tempDir();
    const file = join(dir, "irsa.yaml");
    if (content !== undefined) writeFileSync(file, content);
    const { io, err } = capture();
    expect(await run(["validate"], { IRSA_CONFIG: file }, io)).toBe(1);
    expect(err.join("\n")).toContain(message);
    expect(err.join("\n")).not.toMatch(/^\s+at /m);
  });

  it("lists the presets without reading any config", async () => {
    // GIVEN no config file at all / WHEN presets are listed
    const { io, out } = capture();
    expect(await run(["presets"], { IRSA_CONFIG: join(tempDir(), "missing.yaml") }, io)).toBe(0);
    // THEN the table names each preset with its chart's service account
    expect(out.join("\n")).toMatch(/^\| preset \|/);
    expect(out.join("\n")).toContain("| `ebs-csi` | Amazon EBS CSI driver | kube-system / ebs-csi-controller-sa | the EKS add-on, or the Helm chart (`controller.serviceAccount.create`) | `kmsKeyArns` |");
  });

  it("rejects unknown arguments with the usage", async () => {
    const { io, err } = capture();
    expect(await run(["--json"], {}, io)).toBe(2);
    expect(err.join("\n")).toContain("usage: irsa-gen");
  });

  it("prints warnings but still synthesizes", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "cfg"));
    const file = join(dir, "cfg", "irsa.yaml");
    writeFileSync(
      file,
      `clusters:
  - name: prod
    region: eu-west-1
    workloads:
      - namespace: ci
        serviceAccount: deployer
        policyStatements:
          - actions: [iam:PassRole]
            resources: ["*"]
`,
    );
    const { io, err } = capture();
    expect(await run([], { IRSA_CONFIG: file, CDKTF_OUTDIR: join(dir, "out") }, io)).toBe(0);
    expect(err.join("\n")).toMatch(/warning: allows iam:PassRole on every role/);
  });
});

describe("command-line arguments", () => {
  it.each<[string[], string]>([
    [["--parameters"], "--parameters is not an option of synth (it is one of presets)"],
    [["synth", "--json"], "--json is not an option of synth (it is one of report)"],
    [["validate", "--hcl"], "--hcl is not an option of validate (it is one of synth)"],
    [["validate", "a.yaml", "b.yaml"], 'one config file at a time (got "a.yaml", "b.yaml")'],
    [["presets", "irsa.yaml"], 'presets reads no config (got "irsa.yaml")'],
    [["--jsn"], "Unknown option '--jsn'"],
  ])("refuses %j with the usage and exit 2", async (argv, message) => {
    const { io, err } = capture();
    expect(await run(argv, {}, io)).toBe(2);
    expect(err.join("\n")).toContain(message);
    expect(err.join("\n")).toContain("usage: irsa-gen");
  });

  it("takes the config file as an argument, before $IRSA_CONFIG", async () => {
    // GIVEN IRSA_CONFIG pointing at a missing file, and the example given as an argument
    const { io, out } = capture();
    const code = await run(["validate", join(PROJECT_ROOT, "examples", "partitions.yaml")], { IRSA_CONFIG: join(tempDir(), "missing.yaml") }, io);
    // THEN the argument wins
    expect(code).toBe(0);
    expect(out.join("\n")).toContain("partitions.yaml: valid (2 clusters");
  });

  it("writes the report where asked, as markdown or JSON", async () => {
    const dir = tempDir();
    const { io } = capture();
    expect(await run(["report", join(PROJECT_ROOT, "irsa.yaml"), "--out", join(dir, "r.md")], {}, io)).toBe(0);
    expect(readFileSync(join(dir, "r.md"), "utf8")).toMatch(/^# Who can assume what/);
    const json = capture();
    expect(await run(["report", join(PROJECT_ROOT, "irsa.yaml"), "--json"], {}, json.io)).toBe(0);
    expect(JSON.parse(json.out.join("\n")).clusters).toHaveLength(2);
  });

  it.each([
    ["irsa.yaml", "/p", "irsa.yaml"],
    ["/p/configs/prod.yaml", "/p", "configs/prod.yaml"],
    ["/elsewhere/prod.yaml", "/p", "prod.yaml"],
    ["../prod.yaml", "/p", "prod.yaml"],
  ])("names the config %s as %s in generated files (never an absolute path)", (file, project, expected) => {
    expect(displayName(file, project)).toBe(expected);
  });
});
