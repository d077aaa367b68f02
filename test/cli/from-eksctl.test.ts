import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../lib/cli/cli";
import { tempDir } from "../support/files";
import { FIXTURES, validateConverted } from "../eksctl/support";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const fixture = (name: string) => join(FIXTURES, name);

describe("npm run from-eksctl", () => {
  it("writes the irsa.yaml to stdout and the report to stderr", async () => {
    const { io, out, err } = capture();
    expect(await run(["from-eksctl", fixture("prod.yaml"), fixture("staging.yaml")], {}, io)).toBe(0);
    const yaml = `${out.join("\n")}\n`;
    expect(yaml).toMatch(/^# Converted from eksctl ClusterConfig/);
    expect(validateConverted(yaml).errors).toEqual([]);
    expect(err.join("\n")).toMatch(/^from-eksctl: 2 ClusterConfig files converted into 2 clusters with 4 workloads; 0 values to fill in/);
  });

  it("writes --out, with the report on stdout, and exits 0 even with things to fill in", async () => {
    const file = join(tempDir(), "irsa.yaml");
    const { io, out } = capture();
    expect(await run(["from-eksctl", fixture("well-known-policies.yaml"), "--out", file], {}, io)).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("# from iam.serviceAccounts[6] of ");
    expect(out.join("\n")).toContain("9 values to fill in");
    expect(out.join("\n")).toContain(`Wrote ${file}`);
  });

  it("refuses an endless input (/dev/zero) quickly, naming the cap", async () => {
    // GIVEN /dev/zero as the ClusterConfig and as the roles file / WHEN converted
    const { io, err } = capture();
    const started = Date.now();
    expect(await run(["from-eksctl", "/dev/zero", "--roles", "/dev/zero"], {}, io)).toBe(1);
    // THEN both are refused after the cap
    expect(err.join("\n").match(/\/dev\/zero: is larger than 8 MiB, the most irsa-gen reads/g)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reads role names from --roles", async () => {
    const file = join(tempDir(), "irsa.yaml");
    const { io } = capture();
    expect(await run(["from-eksctl", fixture("well-known-policies.yaml"), "--roles", fixture("well-known-roles.yaml"), "--out", file], {}, io)).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("role: eksctl-cluster-wk-addon-iamserviceaccount-ku-Role1-6F7G8H9I0J1K");
  });

  it("reads Pod Identity association ids from --roles, beside role names, and refuses a listing it cannot read", async () => {
    // GIVEN eksctl's listing of a cluster's associations / WHEN converting with it
    const file = join(tempDir(), "irsa.yaml");
    const { io, out } = capture();
    expect(await run(["from-eksctl", fixture("pod-identity.yaml"), "--roles", fixture("pod-identity-associations.yaml"), "--out", file], {}, io)).toBe(0);
    // THEN the ids are in the file, and only the hosted zones are left to fill in
    expect(readFileSync(file, "utf8")).toContain("podIdentityAssociation: a-9njjin9gfghecgoc3");
    expect(out.join("\n")).toContain("1 value to fill in");
    // AND a listing entry that names no association is refused with its place, and nothing is written
    const bad = join(tempDir(), "associations.yaml");
    writeFileSync(bad, "- AssociationARN: arn:aws:eks:us-west-2:111122223333:cluster/cluster-39\n  Namespace: dev\n  ServiceAccountName: nginx\n");
    const refused = capture();
    expect(await run(["from-eksctl", fixture("pod-identity.yaml"), "--roles", bad], {}, refused.io)).toBe(1);
    expect(refused.err.join("\n")).toContain(
      `${bad}:1:19 [0].AssociationARN: is not the ARN of an EKS Pod Identity association: it names a cluster, where an association's ARN names podidentityassociation/<cluster>/<id> (got "arn:aws:eks:us-west-2:111122223333:cluster/cluster-39"). Give what eksctl get iamserviceaccount --cluster <cluster> --region <region> -o yaml or eksctl get podidentityassociation --cluster <cluster> --region <region> -o yaml prints.`,
    );
  });

  it("refuses to overwrite --out unless --force", async () => {
    const file = join(tempDir(), "irsa.yaml");
    writeFileSync(file, "mine\n");
    const refused = capture();
    expect(await run(["from-eksctl", fixture("prod.yaml"), "--out", file], {}, refused.io)).toBe(2);
    expect(refused.err.join("\n")).toContain(`${file} exists; add --force to overwrite it`);
    expect(readFileSync(file, "utf8")).toBe("mine\n");
    expect(await run(["from-eksctl", fixture("prod.yaml"), "--out", file, "--force"], {}, capture().io)).toBe(0);
    expect(readFileSync(file, "utf8")).toContain("- name: prod");
  });

  it("exits 1 with located messages when an input cannot be read or parsed, and writes nothing", async () => {
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: [eu-west-1]\n");
    const out = join(dir, "irsa.yaml");
    const { io, err } = capture();
    expect(await run(["from-eksctl", bad, join(dir, "missing.yaml"), "--out", out], {}, io)).toBe(1);
    const text = err.join("\n");
    expect(text).toContain(`${join(dir, "missing.yaml")}: file not found. Give the path of an eksctl ClusterConfig file.`);
    expect(existsSync(out)).toBe(false);
    // Once the file exists, its own problem is reported with its place.
    writeFileSync(join(dir, "missing.yaml"), "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: b, region: eu-west-1}\n");
    const second = capture();
    expect(await run(["from-eksctl", bad, join(dir, "missing.yaml"), "--out", out], {}, second.io)).toBe(1);
    expect(second.err.join("\n")).toContain(`${bad}:5:11 metadata.region: must be a string (got "["eu-west-1"]"). Write a string here.`);
    expect(second.err.join("\n")).toContain("Nothing was written.");
    expect(existsSync(out)).toBe(false);
  });

  it.each<[string, string[], string]>([
    ["no file", [], "give at least one ClusterConfig file"],
    ["an unknown option", [fixture("prod.yaml"), "--output", "x.yaml"], "Unknown option '--output'"],
    ["--force without --out", [fixture("prod.yaml"), "--force"], "--force only goes with --out"],
  ])("exits 2 for %s, with the usage", async (_what, args, message) => {
    const { io, err } = capture();
    expect(await run(["from-eksctl", ...args], {}, io)).toBe(2);
    expect(err.join("\n")).toContain(message);
    expect(err.join("\n")).toContain("usage: npm run from-eksctl --");
  });

  it("prints its usage with --help, and irsa-gen's usage names it", async () => {
    const help = capture();
    expect(await run(["from-eksctl", "--help"], {}, help.io)).toBe(0);
    expect(help.out.join("\n")).toContain("--roles <file>");
    const usage = capture();
    expect(await run(["--help"], {}, usage.io)).toBe(0);
    expect(usage.out.join("\n")).toContain("from-eksctl <ClusterConfig.yaml>");
  });
});
