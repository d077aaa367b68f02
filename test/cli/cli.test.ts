import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { displayName, NOTHING_WRITTEN, reportInternalError, run } from "../../lib/cli/cli";
import { currentOwner } from "../../lib/output/lock";
import { PROJECT_ROOT, readTree, reportSkippedCase, snapshotTree, tempDir } from "../support/files";
import { childEnv } from "../support/output";
import type { NotWritableResult, Where } from "../support/not-writable";

const EXAMPLE = join(PROJECT_ROOT, "irsa.yaml");
/** Permissions mean nothing to root: as root, the cases about them run as an unprivileged user, or are skipped saying why. */
const AS_ROOT = process.getuid?.() === 0;

function write(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}
/** The user the permission cases run as: this one, or `nobody` when this is root. */
function unprivilegedUser(): { ok: true; uid: number; gid: number } | { ok: false; reason: string } {
  if (process.getuid === undefined || process.getgid === undefined) return { ok: false, reason: "no POSIX users on this platform" };
  if (!AS_ROOT) return { ok: true, uid: process.getuid(), gid: process.getgid() };
  const line = (existsSync("/etc/passwd") ? readFileSync("/etc/passwd", "utf8") : "").split("\n").find((l) => l.startsWith("nobody:"));
  if (!line) return { ok: false, reason: "running as root, which may write anywhere, and there is no user nobody to run them as" };
  const [, , uid, gid] = line.split(":");
  return { ok: true, uid: Number(uid), gid: Number(gid) };
}
const UNPRIVILEGED = unprivilegedUser();
if (!UNPRIVILEGED.ok) reportSkippedCase("cli: the not-writable cases", UNPRIVILEGED.reason);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe("irsa-gen command line", () => {
  it("validates a good file without writing anything", async () => {
    // GIVEN an output folder locked by a live run, with that run's scratch in it
    const dir = tempDir();
    const outdir = join(dir, "out");
    expect(await run([], { IRSA_CONFIG: EXAMPLE, CDKTF_OUTDIR: outdir }, capture().io)).toBe(0);
    writeFileSync(join(outdir, ".irsa-gen", "lock"), JSON.stringify(currentOwner()));
    mkdirSync(join(outdir, ".irsa-gen", "next", "stacks"), { recursive: true });
    const before = snapshotTree(dir);
    // WHEN the config is validated, with that folder and with a new one
    for (const target of [outdir, join(dir, "new")]) {
      const { io, out } = capture();
      const code = await run(["validate"], { IRSA_CONFIG: EXAMPLE, CDKTF_OUTDIR: target }, io);
      // THEN it succeeds without the lock, and nothing at all was written, created or removed
      expect(code).toBe(0);
      expect(out.join("\n")).toMatch(/irsa\.yaml: valid \(2 clusters, 3 workloads\)/);
      expect(snapshotTree(dir)).toEqual(before);
    }
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

  describe("reports problems of the environment with a fix, exit 1 and no stack trace, without writing anything", () => {
    /** A folder `dir` with a previous output in `dir/out`. */
    async function previousOutput(): Promise<{ dir: string; outdir: string }> {
      const dir = tempDir();
      const outdir = join(dir, "out");
      expect(await run([], { IRSA_CONFIG: EXAMPLE, CDKTF_OUTDIR: outdir }, capture().io)).toBe(0);
      return { dir, outdir };
    }

    it.each<[string, () => Promise<{ dir: string; outdir: string; problem: string }>]>([
      [
        "an output folder that is a file",
        async () => {
          const dir = tempDir();
          writeFileSync(join(dir, "out"), "not a folder\n");
          return { dir, outdir: join(dir, "out"), problem: `the output folder is a file, not a folder (${join(dir, "out")}). Point CDKTF_OUTDIR at a folder` };
        },
      ],
      [
        "an output folder that is a broken symbolic link",
        async () => {
          const dir = tempDir();
          symlinkSync(join(dir, "gone"), join(dir, "out"));
          return { dir, outdir: join(dir, "out"), problem: `the output folder is a broken symbolic link (${join(dir, "out")}). Remove the link` };
        },
      ],
      [
        // A parent that cannot be written, made with a file where a folder is needed, which binds root too
        "a parent of the output folder that is a file",
        async () => {
          const dir = tempDir();
          writeFileSync(join(dir, "parent"), "");
          return { dir, outdir: join(dir, "parent", "out"), problem: `a part of the output folder's path is a file, not a folder (${join(dir, "parent")})` };
        },
      ],
      [
        // A stack folder that cannot be written, made the same way
        "a stack folder that is a file",
        async () => {
          const { dir, outdir } = await previousOutput();
          rmSync(join(outdir, "stacks", "prod-eu"), { recursive: true });
          writeFileSync(join(outdir, "stacks", "prod-eu"), "");
          return { dir, outdir, problem: `a file is where irsa-gen needs a folder (${join(outdir, "stacks", "prod-eu")}). Move that file out of the output folder` };
        },
      ],
      [
        "a lock held by another run",
        async () => {
          const { dir, outdir } = await previousOutput();
          writeFileSync(join(outdir, ".irsa-gen", "lock"), JSON.stringify(currentOwner()));
          return { dir, outdir, problem: `is writing this output folder (${join(outdir, ".irsa-gen", "lock")}). Wait for it to finish` };
        },
      ],
    ])("%s", async (_name, given) => {
      // GIVEN the problem
      const { dir, outdir, problem } = await given();
      const before = snapshotTree(dir);
      // WHEN synthesizing, in either format
      for (const argv of [[], ["--hcl"]]) {
        const { io, err } = capture();
        const code = await run(argv, { IRSA_CONFIG: EXAMPLE, CDKTF_OUTDIR: outdir }, io);
        // THEN one line says what, where and how to fix it, then that nothing was written; and that is true
        expect(code).toBe(1);
        expect(err[0]).toMatch(/^irsa-gen: .+ \(.+\)\. .+\.$/);
        expect(err[0]).toContain(problem);
        expect(err.slice(1)).toEqual([NOTHING_WRITTEN]);
        expect(snapshotTree(dir)).toEqual(before);
      }
    });

    (UNPRIVILEGED.ok ? it : it.skip).each<[string, Where]>([
      ["the output folder's parent", "parent"],
      ["a stack folder", "stack"],
    ])("%s not writable", (_name, where) => {
      if (!UNPRIVILEGED.ok) throw new Error(UNPRIVILEGED.reason); // never reached: the cases are skipped then (below)
      // GIVEN a folder irsa-gen may not write (a stack folder: of a previous output), owned by an unprivileged user
      const dir = tempDir();
      if (AS_ROOT) chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
      // WHEN that user synthesizes (root may write anywhere: as root, the case runs as that user in a child process)
      const child = spawnSync(process.execPath, [join(__dirname, "..", "support", "unprivileged.js"), where, dir, EXAMPLE], {
        cwd: dir,
        encoding: "utf8",
        env: childEnv({ HOME: dir }),
        ...(AS_ROOT ? { uid: UNPRIVILEGED.uid, gid: UNPRIVILEGED.gid } : {}),
      });
      expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: "" });
      const result = JSON.parse(child.stdout) as NotWritableResult;
      // THEN the user was not root and could not write there; irsa-gen says where, and writes nothing
      expect({ uid: result.uid, denied: result.denied }).toEqual({ uid: UNPRIVILEGED.uid, denied: true });
      expect(result.code).toBe(1);
      expect(result.err[0]).toMatch(/^irsa-gen: irsa-gen may not write here \(.+\)\. Give the user running irsa-gen write access there/);
      expect(result.err.slice(1)).toEqual([NOTHING_WRITTEN]);
      expect(result.unchanged).toBe(true);
    });
  });

  it("reports a bug as an internal error, with the stack trace only when IRSA_DEBUG=1", () => {
    const bug = new Error("boom");
    for (const debug of [false, true]) {
      const { io, err } = capture();
      expect(reportInternalError(bug, debug ? { IRSA_DEBUG: "1" } : {}, io)).toBe(2);
      expect(err[0]).toBe("irsa-gen: internal error: boom");
      expect(err.join("\n").includes(bug.stack!)).toBe(debug);
    }
  });

  it("rejects unknown arguments with the usage", async () => {
    const { io, err } = capture();
    expect(await run(["--parameters"], {}, io)).toBe(2);
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
    [["synth", "--out", "x.md"], "--out is not an option of synth (it is one of report)"],
    [["validate", "--hcl"], "--hcl is not an option of validate (it is one of synth)"],
    [["report", "--state", "states"], "--state is not an option of report (it is one of synth)"],
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

  describe("report --out", () => {
    const RETIRED = `clusters:
  - name: prod
    region: eu-west-1
    workloads:
      - { namespace: a, serviceAccount: kept, retire: keep, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
      - { namespace: a, serviceAccount: live, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
  - name: old
    region: eu-west-1
    retire: destroy
    workloads:
      - { namespace: a, serviceAccount: gone, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
`;
    it.each<[string, (dir: string, config: string) => string, string[], RegExp]>([
      ["a new file", (dir) => join(dir, "new.md"), [], /^# Who can assume what/],
      ["a markdown report irsa-gen wrote", (dir) => write(join(dir, "old.md"), "# Who can assume what\n\nGenerated by irsa-gen from x.yaml (old)\n"), [], /^# Who can assume what[\s\S]*retired/],
      ["a JSON report irsa-gen wrote, as JSON", (dir) => write(join(dir, "old.json"), '{"generatedBy": "irsa-gen report", "clusters": []}'), ["--json"], /"generatedBy": "irsa-gen report"/],
    ])("writes %s, retired workloads and clusters included", async (_what, target, extra, content) => {
      // GIVEN a config with a retired workload and a retired cluster
      const dir = tempDir();
      const config = write(join(dir, "irsa.yaml"), RETIRED);
      const out = target(dir, config);
      // WHEN the report is written there
      const { io, err } = capture();
      const code = await run(["report", config, "--out", out, ...extra], {}, io);
      // THEN it is written, the retired ones listed as retired
      expect([code, err]).toEqual([0, []]);
      expect(readFileSync(out, "utf8")).toMatch(content);
      if (extra.length > 0) return;
      expect(readFileSync(out, "utf8")).toMatch(/^\| `prod-a-kept` \| a\/kept \| retired \(keep\)/m);
      expect(readFileSync(out, "utf8")).toMatch(/## old\n\n.*The whole cluster is retired \(destroy\)[\s\S]*^\| `old-a-gone` \| a\/gone \| retired \(destroy\)/m);
    });

    it.each<[string, (dir: string, config: string) => string, RegExp]>([
      ["the config itself", (_dir, config) => config, /^irsa-gen: a file that is not a report irsa-gen wrote is there \(.*irsa\.yaml\)\. Give --out a new file or a report irsa-gen wrote, or move that one away\.$/],
      ["another markdown file", (dir) => write(join(dir, "README.md"), "# Who can assume what, a talk\n"), /a file that is not a report irsa-gen wrote is there \(.*README\.md\)/],
      ["another JSON file", (dir) => write(join(dir, "package.json"), '{"name": "x"}'), /a file that is not a report irsa-gen wrote is there/],
      ["a folder", (dir) => (mkdirSync(join(dir, "sub")), join(dir, "sub")), /^irsa-gen: a folder is there \(.*sub\)\./],
      ["a link to a report", (dir) => (symlinkSync(write(join(dir, "r.md"), "# Who can assume what\n\nGenerated by irsa-gen from x\n"), join(dir, "link.md")), join(dir, "link.md")), /^irsa-gen: a symbolic link is there/],
      ["a file in a missing folder", (dir) => join(dir, "missing", "r.md"), /^irsa-gen: the folder of the report does not exist \(.*missing\)\. Create it, or give --out a file in an existing folder\.$/],
    ])("refuses %s with a fix, exit 1, and writes nothing", async (_what, target, message) => {
      // GIVEN a valid config and an --out that is not irsa-gen's to replace
      const dir = tempDir();
      const config = write(join(dir, "irsa.yaml"), RETIRED);
      const out = target(dir, config);
      const before = snapshotTree(dir);
      // WHEN the report is asked for there
      const { io, err } = capture();
      const code = await run(["report", config, "--out", out], {}, io);
      // THEN it is refused, located and with a fix, and nothing changed
      expect(code).toBe(1);
      expect(err[0]).toMatch(message);
      expect(err.join("\n")).not.toMatch(/internal error|\n\s+at /);
      expect(snapshotTree(dir)).toEqual(before);
    });
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

describe("the ledger on the command line", () => {
  it("after the quick start, a config of one's own in place of the example names what to do", async () => {
    // GIVEN the example's config and its committed ledger, copied as a new user has them
    const dir = tempDir();
    writeFileSync(join(dir, "irsa.ledger.json"), readFileSync(join(PROJECT_ROOT, "irsa.ledger.json")));
    writeFileSync(
      join(dir, "irsa.yaml"),
      "clusters:\n  - name: mine\n    region: eu-west-1\n    workloads:\n      - { namespace: app, serviceAccount: api, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n",
    );
    // WHEN the user's own config is validated
    const { io, err } = capture();
    const code = await run(["validate", join(dir, "irsa.yaml")], {}, io);
    // THEN it is refused, naming the example's clusters and the way out for clusters never applied
    expect(code).toBe(1);
    expect(err.join("\n")).toMatch(/cluster prod-eu left the config.*never applied.*delete the ledger file/);
  });

  it("prints what the next apply does, and the same as JSON with --json", async () => {
    // GIVEN a config synthesized once, then a workload added
    const dir = tempDir();
    const file = join(dir, "irsa.yaml");
    const one = "clusters:\n  - name: mine\n    region: eu-west-1\n    workloads:\n      - { namespace: app, serviceAccount: api, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n";
    writeFileSync(file, one);
    expect(await run(["synth", file], { CDKTF_OUTDIR: join(dir, "out") }, capture().io)).toBe(0);
    writeFileSync(file, `${one}      - { namespace: app, serviceAccount: worker, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }\n`);
    // WHEN validated / THEN one line for the cluster, and JSON with --json
    const text = capture();
    expect(await run(["validate", file], {}, text.io)).toBe(0);
    expect(text.out).toContain("mine: the next apply: 5 created");
    const json = capture();
    expect(await run(["validate", file, "--json"], {}, json.io)).toBe(0);
    expect(JSON.parse(json.out.join("\n")).clusters[0].created).toContain("aws_iam_role.app_worker");
  });
});
