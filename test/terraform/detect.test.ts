/**
 * Finding a hashicorp/aws provider mirror without knowing the machine: the
 * override, the CLI config file (HCL or JSON), and the reasons given when
 * nothing fits. Uses fake mirrors; no terraform binary is needed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cliConfigDirs, findAwsProviderMirror, mirrorCliConfig } from "../support/terraform";

describe("findAwsProviderMirror", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), "irsa-gen-detect-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A fake unpacked mirror with the given aws versions for linux_amd64. */
  function fakeMirror(name: string, versions: string[], platform = "linux_amd64"): string {
    const root = join(tmp, name);
    for (const version of versions) {
      const dir = join(root, "registry.terraform.io", "hashicorp", "aws", version, platform);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `terraform-provider-aws_v${version}_x5`), "");
    }
    return root;
  }

  it("takes IRSA_TF_PROVIDER_MIRROR and its newest version for the platform", () => {
    // GIVEN a mirror with three versions, one of them for another platform only
    const root = fakeMirror("override", ["5.9.0", "5.100.0"]);
    fakeMirror("override", ["6.0.0"], "darwin_arm64");
    // WHEN looked for through the override
    const found = findAwsProviderMirror("linux_amd64", { IRSA_TF_PROVIDER_MIRROR: root });
    // THEN the newest version with a linux_amd64 binary is chosen, numerically
    expect(found).toEqual({ ok: true, root, version: "5.100.0", origin: "IRSA_TF_PROVIDER_MIRROR" });
  });

  it("gives the reason when the override holds no usable provider", () => {
    // GIVEN an override without the platform's binary / WHEN looked for / THEN a reason, and nothing else is tried
    const root = fakeMirror("other-platform", ["5.100.0"], "darwin_arm64");
    const found = findAwsProviderMirror("linux_amd64", { IRSA_TF_PROVIDER_MIRROR: root });
    expect(found).toEqual({ ok: false, reason: expect.stringContaining(`IRSA_TF_PROVIDER_MIRROR=${root} holds no`) });
  });

  it("reads the filesystem_mirror of the CLI config file before the implied places", () => {
    // GIVEN a CLI config file naming a mirror
    const root = fakeMirror("from-cli-config", ["5.50.0"]);
    const config = join(tmp, "terraformrc");
    writeFileSync(config, `# comment\nplugin_cache_dir = "/nonexistent/cache"\n${mirrorCliConfig(root)}`);
    // WHEN looked for with TF_CLI_CONFIG_FILE pointing at it
    const found = findAwsProviderMirror("linux_amd64", { TF_CLI_CONFIG_FILE: config });
    // THEN that mirror is found
    expect(found).toEqual({ ok: true, root, version: "5.50.0", origin: config });
  });

  it("reads mirror paths and the plugin cache from HCL and JSON CLI configs, expanding variables", () => {
    // GIVEN the same settings written both ways
    const hcl = join(tmp, "cli.tfrc");
    writeFileSync(
      hcl,
      `plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"
provider_installation {
  filesystem_mirror {
    path    = "/srv/mirror-a"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
  filesystem_mirror {
    path = "/srv/mirror-b"
  }
}
`,
    );
    const json = join(tmp, "cli.tfrc.json");
    writeFileSync(json, JSON.stringify({ plugin_cache_dir: "/srv/cache", provider_installation: [{ filesystem_mirror: [{ path: "/srv/mirror-a" }] }] }));
    // WHEN read / THEN every mirror and the cache are candidates
    expect(cliConfigDirs(hcl, { HOME: "/home/u" })).toEqual(["/srv/mirror-a", "/srv/mirror-b", "/home/u/.terraform.d/plugin-cache"]);
    expect(cliConfigDirs(json, {})).toEqual(["/srv/cache", "/srv/mirror-a"]);
    expect(cliConfigDirs(join(tmp, "missing.tfrc"), {})).toEqual([]);
  });
});
