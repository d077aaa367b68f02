import { checkSource } from "../../lib/config/load";
import { formatProblem } from "../../lib/config/problems";
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../lib/config/load";
import { MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_INPUT_BYTES, parseConfigBytes, parseConfigText, readInputFile } from "../../lib/config/source";
import { tempDir } from "../support/files";
import { check, expectAccepted, expectRefused, file, FILE, GRANT } from "../support/refusal";

/** Reading the text: what YAML would do quietly elsewhere is refused, or kept exactly as written. */
describe("the config text", () => {
  const BOMB = [
    "clusters: []",
    'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(",")}]`),
  ].join("\n");

  // [what, file, line, path, fragment of the message]
  it.each<[string, string, number, string, string]>([
    ["a second YAML document", `${file([], [GRANT])}---\nclusters: []\n`, 9, "(file)", "one document per file"],
    ["a merge key", `${file([], [GRANT, "<<: { roleName: x }"])}`, 8, "clusters[0].workloads[0].<<", "merge key, which irsa-gen does not read"],
    ["a key given twice", file([], [GRANT, "roleName: a", "roleName: b"]), 9, "clusters[0].workloads[0].roleName", "is given twice in this mapping"],
    ["a YAML tag", file([], [GRANT, "description: !!binary aGVsbG8="]), 8, "clusters[0].workloads[0].description", "has the YAML tag !!binary"],
    ["a list as a key", file([], [GRANT, "? [a]", ": b"]), 8, "clusters[0].workloads[0]", "has a list as a key"],
    ["an alias of an anchor never defined", file([], [GRANT, "tags: *nowhere"]), 8, "clusters[0].workloads[0].tags", "not defined before it"],
    ["an alias bomb", BOMB, 7, "a5[0]", `more than ${MAX_ALIAS_EXPANSION} values`],
    ["nesting 100,000 levels deep", `clusters: ${"[".repeat(100000)}${"]".repeat(100000)}`, 1, "(file)", `nests more than ${MAX_DEPTH} levels deep`],
  ])("refuses %s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));

  it("refuses nesting that aliases make deeper than the limit", () => {
    // GIVEN an anchor 40 levels deep, used 40 levels deep
    const deep = (inner: string) => `${"[".repeat(40)}${inner}${"]".repeat(40)}`;
    const yaml = `clusters: []\na: &a ${deep("1")}\nb: ${deep("*a")}\n`;
    // WHEN checked / THEN refused at the alias, not with a stack overflow
    expectRefused(yaml, 3, `b${"[0]".repeat(40)}`, `nests more than ${MAX_DEPTH} levels deep through aliases`);
  });

  it("reads aliases of whole values, and points at the anchor for a problem inside one", () => {
    // GIVEN tags shared by two workloads through an alias, one tag key bad
    const yaml = [
      "clusters:",
      "  - name: prod",
      "    region: eu-west-1",
      "    workloads:",
      `      - { namespace: a, serviceAccount: x, ${GRANT}, tags: &shared { team: platform, "aws:bad": x } }`,
      `      - { namespace: b, serviceAccount: y, ${GRANT}, tags: *shared }`,
    ].join("\n");
    const result = check(yaml);
    // THEN the bad key is reported where it is written, on line 5
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) expect(error).toMatch(/^t\.yaml:5:\d+ clusters\[0\]\.workloads\[[01]\]\.tags\.aws:bad: is not a valid IAM tag key/);
    // AND without the bad key, both workloads get the tags
    const fixed = expectAccepted(yaml.replace(', "aws:bad": x', ""));
    expect(fixed.config.clusters[0].workloads.map((w) => w.tags.team)).toEqual(["platform", "platform"]);
  });

  it("keeps a key named __proto__ as a key, so that the validator sees it", () => {
    // GIVEN a mapping with the key __proto__
    const source = parseConfigText(FILE, "a:\n  __proto__: x\n  b: y\n");
    // THEN it is an own key, and the object's prototype is untouched
    const a = (source.data as { a: Record<string, unknown> }).a;
    expect(Object.keys(a)).toEqual(["__proto__", "b"]);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
  });

  it.each<[string, string, unknown]>([
    ["an integer with leading zeros", "012345678901", 12345678901],
    ["octal", "0o17", 15],
    ["hexadecimal", "0x1f", 31],
    ["a float", "1.5e3", 1500],
    ["null", "~", null],
    ["Null", "Null", null],
    ["True", "True", true],
    ["yes (text in YAML 1.2)", "yes", "yes"],
    ["on (text in YAML 1.2)", "on", "on"],
    ["a quoted number", '"012"', "012"],
    ["!!str", "!!str 012", "012"],
  ])("reads %s as the YAML 1.2 core schema does", (_what, text, value) => {
    expect((parseConfigText(FILE, `v: ${text}\n`).data as { v: unknown }).v).toEqual(value);
  });
});

describe("the file's encoding", () => {
  it("refuses a byte that is not UTF-8, at its line and column", () => {
    // GIVEN a file whose line 3 holds the byte 0xFF after "é"
    const bytes = Buffer.concat([Buffer.from("clusters:\n  - name: prod\n    region: é"), Buffer.from([0xff]), Buffer.from("\n")]);
    // WHEN read
    const result = checkSource(parseConfigBytes(FILE, bytes));
    // THEN it is refused at line 3, column 14 (characters, not bytes), quoting the byte
    expect(result.config).toBeUndefined();
    expect(result.errors).toEqual([expect.stringMatching(/^t\.yaml:3:14 \(file\): is not valid UTF-8 here \(got "\\xFF"\)\. Save the file as UTF-8/)]);
  });

  it.each<[string, number[]]>([
    ["an overlong encoding", [0xc0, 0xaf]],
    ["a UTF-16 surrogate encoded in UTF-8", [0xed, 0xa0, 0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
    ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("refuses %s", (_what, bad) => {
    const result = checkSource(parseConfigBytes(FILE, Buffer.concat([Buffer.from("clusters: [x"), Buffer.from(bad), Buffer.from("]\n")])));
    expect(result.errors).toEqual([expect.stringMatching(/^t\.yaml:1:13 \(file\): is not valid UTF-8 here/)]);
  });

  it("refuses UTF-16 with a message saying so", () => {
    const result = checkSource(parseConfigBytes(FILE, Buffer.from("\ufeffclusters: []", "utf16le")));
    expect(result.errors.join("\n")).toContain("is UTF-16 text, not UTF-8");
  });

  it("reads UTF-8 with a byte order mark", () => {
    const result = checkSource(parseConfigBytes(FILE, Buffer.from(`\ufeff${file([], [GRANT])}`)));
    expect(result.errors).toEqual([]);
  });
});

describe("values in messages are quoted as written, never raw", () => {
  // [what, file, line, path, the message's got and fix]
  it.each<[string, string, number, string, string]>([
    ["an account id with a leading zero", file(["accountId: 012345678901"], [GRANT]), 4, "clusters[0].accountId", 'YAML reads the unquoted 012345678901 as a number (got "012345678901"). Quote it: "012345678901".'],
    ["an unquoted Null", file([], ["policyStatements: [{ actions: [s3:GetObject], resources: ['*'], conditions: [{ test: Null, variable: aws:TagKeys, values: ['true'] }] }]"]), 7, "clusters[0].workloads[0].policyStatements[0].conditions[0].test", 'YAML reads the unquoted Null as null (got "Null"). Quote it: "Null".'],
    ["an unquoted yes where a boolean belongs", file([], [GRANT, "createNamespace: yes"]), 8, "clusters[0].workloads[0].createNamespace", 'must be true or false (got "yes"). Write true or false: YAML 1.2 reads the unquoted yes as the text "yes"'],
    ["a key without a value", file([], [GRANT, "roleName:"]), 8, "clusters[0].workloads[0].roleName", 'has no value. Write a string after "roleName:"'],
    ["ESC and CR in a value", file([], [GRANT, 'description: "a\\u001b[31mred\\rX"']), 8, "clusters[0].workloads[0].description", '(got "a\\u001b[31mred\\rX")'],
    ["a tab ending an issuer", file(['oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC\\t"'], [GRANT]), 4, "clusters[0].oidcIssuerUrl", 'amazonaws.com/id/ABC\\t")'],
  ])("%s", (_what, yaml, line, path, fragment) => expectRefused(yaml, line, path, fragment));

  it("escapes control characters in keys and in the file name too", () => {
    // GIVEN an unknown key holding ESC, in a file whose name holds a newline
    const line = formatProblem("a\nb.yaml", { line: 1, col: 1 }, { severity: "error", path: ["x\u001b[2J"], message: "unknown key", fix: "Remove it", value: "x\u001b[2J" });
    // THEN nothing in the line is a control character
    expect(line).toBe('a\\nb.yaml:1:1 x\\u001b[2J: unknown key (got "x\\u001b[2J"). Remove it.');
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

/** An endless or huge input is refused after MAX_INPUT_BYTES, not read forever. */
describe("the size cap", () => {
  it("refuses an endless input (/dev/zero) quickly, naming the cap", () => {
    // GIVEN a device that never ends / WHEN loaded as the config
    const started = Date.now();
    const result = loadConfig("/dev/zero");
    // THEN it is refused after the cap, in well under the time reading more would take
    expect(result.config).toBeUndefined();
    expect(result.errors).toEqual(["/dev/zero (file): is larger than 8 MiB, the most irsa-gen reads (or has no end, as a device). Give the config file itself; split a fleet that large into several files."]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reads a file of exactly the cap, and refuses one byte more", () => {
    // GIVEN two sparse files, of the cap and of the cap plus one byte
    const dir = tempDir();
    const [atCap, over] = [join(dir, "at.yaml"), join(dir, "over.yaml")];
    for (const [file, size] of [[atCap, MAX_INPUT_BYTES], [over, MAX_INPUT_BYTES + 1]] as const) {
      writeFileSync(file, "");
      truncateSync(file, size);
    }
    // WHEN read / THEN the first is read whole, the second refused
    const read = readInputFile(atCap);
    expect("bytes" in read && read.bytes.length).toBe(MAX_INPUT_BYTES);
    expect(readInputFile(over)).toEqual({ code: "TOO_LARGE" });
  });

  it("says a directory is a directory", () => {
    expect(loadConfig(tempDir()).errors[0]).toContain("(file): is a directory");
  });
});
