import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function files(dir: string, deep: boolean, matches: (name: string) => boolean): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return deep ? files(path, deep, matches) : [];
    return matches(name) ? [path] : [];
  });
}

/** The packages a file imports or resolves (`@scope/name` or `name`), node's own modules left out. */
function packagesOf(path: string): Set<string> {
  const text = readFileSync(join(root, path), "utf8");
  const out = new Set<string>();
  for (const match of text.matchAll(/(?:^\s*(?:import|export)\b[^;"]*?\bfrom |\brequire\(|\brequire\.resolve\(|\bimport\()"([^".][^"]*)"/gm)) {
    if (match[1].startsWith("node:")) continue;
    const parts = match[1].split("/");
    out.add(match[1].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
  }
  return out;
}

const union = (paths: readonly string[]) => new Set(paths.flatMap((p) => [...packagesOf(p)]));

// What `npm run synth` loads or builds with: scripts/run.js, and what tsconfig.build.json compiles.
const runTime = union(["main.ts", "scripts/run.js", ...files("lib", true, (n) => n.endsWith(".ts")), ...files("bench", false, (n) => n.endsWith(".ts"))]);
const testOnly = union([...files("test", true, (n) => n.endsWith(".ts")), "scripts/test.js", "jest.config.js", "jest.slow.config.js"]);

describe("package.json", () => {
  it("lists every package the program or its build loads in dependencies, so that npm ci --omit=dev can synthesize", () => {
    // GIVEN the packages main.ts, lib/, bench/ and scripts/run.js import or resolve
    // WHEN each is looked up
    // THEN it is a run-time dependency, not a dev one
    const missing = [...runTime].filter((name) => manifest.dependencies[name] === undefined).sort();
    expect(missing).toEqual([]);
  });

  it("lists packages only the tests use in devDependencies", () => {
    // GIVEN the packages only the tests and the test runner import
    // WHEN each is looked up
    // THEN none is a run-time dependency
    const misplaced = [...testOnly].filter((name) => !runTime.has(name) && manifest.dependencies[name] !== undefined).sort();
    expect(misplaced).toEqual([]);
  });

  it("has no run-time dependency the program does not use, other than the build's Node types", () => {
    // GIVEN the run-time dependencies
    // WHEN compared with what the program loads (tsconfig.build.json's "types": ["node"] needs @types/node)
    // THEN each one is used
    const unused = Object.keys(manifest.dependencies).filter((name) => !runTime.has(name) && name !== "@types/node");
    expect(unused).toEqual([]);
  });

  it.each(["esbuild", "@swc/core"])("holds every platform package of %s in the lockfile, so npm ci on any machine installs it unchanged", (name) => {
    // GIVEN a native tool whose binaries come as optional platform packages
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; optionalDependencies?: Record<string, string> }> };
    const platforms = Object.entries(lock.packages[`node_modules/${name}`]?.optionalDependencies ?? {});
    // THEN the lockfile has an entry of the pinned version for each (npm 11 refuses a lockfile without them)
    expect(platforms.length).toBeGreaterThan(5);
    expect(platforms.filter(([platform, version]) => lock.packages[`node_modules/${platform}`]?.version !== version).map(([platform]) => platform)).toEqual([]);
  });

  it("pins every dependency exactly", () => {
    // GIVEN every dependency and dev dependency
    // THEN its version is one exact version, never a range
    const ranges = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version));
    expect(ranges).toEqual([]);
  });
});
