/**
 * Reducing a stack to its AWS side, so that Terraform's checks run with the
 * aws provider alone, and saying what that could not check.
 */
/** A thumbprint in the shape IAM wants (40 hex digits); the value is never sent anywhere. */
export const PLACEHOLDER_THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

/** Terraform JSON, loosely typed: the reduction walks it generically. */
export type TerraformJsonDocument = Record<string, any>;

export interface ReducedStack {
  readonly json: TerraformJsonDocument;
  /** What was removed, as Terraform addresses (`kubernetes_namespace_v1.orders`, `provider.tls`, `output.x`, ...). */
  readonly removed: readonly string[];
}

export interface ReduceOptions {
  /** The aws provider version to require (the mirror's). */
  readonly awsVersion: string;
  readonly thumbprint?: string;
}

/**
 * Arguments that hashicorp/aws gained after the mirror's version, with the
 * first version that has them: @cdktf/provider-aws 21.22.1 is hashicorp/aws
 * 6.25.0, and the mirror may be older (5.100.0 on these machines).
 *
 * The one reviewed list of what Terraform's checks cannot check: reduceToAws
 * removes these arguments, and nothing else, when the mirror is older than
 * `since`. test/terraform/validate.slow.test.ts holds the list to the
 * mirror's own schema (each entry missing there exactly when the mirror is
 * older than `since`; every argument the stacks use either known there or
 * listed here) and to the stacks (no other argument removed); the validate
 * and plan tests print which version checked which stack, and what they
 * could not check. Add an entry only with its `since` from the provider's
 * changelog.
 */
export const NEWER_ARGUMENTS: Readonly<Record<string, readonly { readonly argument: string; readonly since: string }[]>> = {
  aws_eks_pod_identity_association: [
    { argument: "target_role_arn", since: "6.0.0" },
    { argument: "disable_session_tags", since: "6.0.0" },
  ],
};

function olderThan(version: string, than: string): boolean {
  const a = version.split(".").map(Number);
  const b = than.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

/** Resource and data source types kept: the AWS provider's and Terraform's built-ins. */
function keepsType(type: string): boolean {
  return type.startsWith("aws_") || type === "terraform_data" || type === "terraform_remote_state";
}

/**
 * A copy of a stack with only its AWS side, which `terraform validate` can
 * check with nothing but the aws provider installed:
 *
 * - every resource and data source of another provider (kubernetes_*, tls_*)
 *   is removed, with that provider's configuration and required_providers
 *   entry; `data.aws_eks_cluster_auth` goes too when only the Kubernetes
 *   provider used its token;
 * - a reference to a TLS certificate's fingerprint (the OIDC provider's
 *   `thumbprint_list`) becomes a literal thumbprint;
 * - locals and outputs that refer to removed blocks are removed; so are
 *   `depends_on` entries naming them;
 * - aws is required as `hashicorp/aws` at `options.awsVersion`; the backend
 *   or cloud block is removed.
 *
 * - arguments newer than the mirror's aws provider (NEWER_ARGUMENTS) are
 *   removed, each reported in `removed` as `<address>.<argument>`, so the
 *   test can show what the older provider could not check.
 *
 * Any other reference from a kept block to a removed one throws: the
 * reduction never silently changes what an AWS block means.
 */
export function reduceToAws(stack: TerraformJsonDocument, options: ReduceOptions): ReducedStack {
  const json: TerraformJsonDocument = structuredClone(stack);
  const thumbprint = options.thumbprint ?? PLACEHOLDER_THUMBPRINT;
  const removed: string[] = [];

  for (const [type, newer] of Object.entries(NEWER_ARGUMENTS)) {
    for (const { argument, since } of newer) {
      if (!olderThan(options.awsVersion, since)) continue;
      for (const [name, body] of Object.entries<Record<string, unknown>>(json.resource?.[type] ?? {})) {
        if (argument in body) {
          delete body[argument];
          removed.push(`${type}.${name}.${argument}`);
        }
      }
    }
  }

  // Every resource, data source and local address of the stack.
  const known = new Set<string>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
      for (const name of Object.keys(blocks)) known.add(`${prefix}${type}.${name}`);
    }
  }
  for (const name of Object.keys(json.locals ?? {})) known.add(`local.${name}`);

  const gone = new Set<string>();
  const removeBlock = (kind: "resource" | "data", type: string, name: string) => {
    delete json[kind][type][name];
    if (Object.keys(json[kind][type]).length === 0) delete json[kind][type];
    const address = `${kind === "data" ? "data." : ""}${type}.${name}`;
    gone.add(address);
    removed.push(address);
  };
  for (const kind of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
      if (keepsType(type)) continue;
      for (const name of Object.keys(blocks)) removeBlock(kind, type, name);
    }
  }

  for (const name of Object.keys(json.provider ?? {})) {
    if (name === "aws") continue;
    delete json.provider[name];
    removed.push(`provider.${name}`);
  }

  // Locals that refer to removed blocks go, transitively.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, value] of Object.entries(json.locals ?? {})) {
      if (referencesIn(value, known).some((r) => gone.has(r))) {
        delete json.locals[name];
        gone.add(`local.${name}`);
        removed.push(`local.${name}`);
        changed = true;
      }
    }
  }

  // import, moved and removed blocks aimed at removed blocks go (their
  // addresses are bare, not references, so they are matched by address).
  for (const kind of ["import", "moved", "removed"] as const) {
    if (!Array.isArray(json[kind])) continue;
    json[kind] = json[kind].filter((block: Record<string, string>) => {
      const target = kind === "removed" ? block.from : block.to;
      const type = target.split(".")[0];
      const keep = kind === "removed" ? keepsType(type) : !gone.has(target);
      if (!keep) removed.push(`${kind}:${target}`);
      return keep;
    });
    if (json[kind].length === 0) delete json[kind];
  }

  // Outputs that show removed blocks go.
  for (const [name, value] of Object.entries(json.output ?? {})) {
    if (referencesIn(value, known).some((r) => gone.has(r))) {
      delete json.output[name];
      removed.push(`output.${name}`);
    }
  }

  // In what is kept: literal thumbprints, depends_on without removed blocks,
  // and no other reference to anything removed.
  const rewrite = (node: unknown, path: string): unknown => {
    if (typeof node === "string") {
      const fingerprint = /^\$\{\s*data\.tls_certificate\.[\w-]+\.certificates\[\d+\]\.sha1_fingerprint\s*\}$/.exec(node);
      if (fingerprint && gone.has(referencesIn(node, known)[0])) return thumbprint;
      const dangling = referencesIn(node, known).filter((r) => gone.has(r));
      if (dangling.length > 0) throw new Error(`${path} refers to ${dangling.join(", ")}, which the AWS-only copy does not have: ${node}`);
      return node;
    }
    if (Array.isArray(node)) return node.map((n, i) => rewrite(n, `${path}[${i}]`));
    if (node && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === "//") out[key] = value;
        else if (key === "depends_on" && Array.isArray(value)) {
          out[key] = value.filter((d) => !(typeof d === "string" && referencesIn(`\${${d}}`, known).some((r) => gone.has(r))));
        } else out[key] = rewrite(value, `${path}.${key}`);
      }
      return out;
    }
    return node;
  };

  // aws_eks_cluster_auth only feeds the Kubernetes provider's token: drop it
  // unless something kept reads it.
  for (const name of Object.keys(json.data?.aws_eks_cluster_auth ?? {})) {
    const address = `data.aws_eks_cluster_auth.${name}`;
    const { [name]: _self, ...siblings } = json.data.aws_eks_cluster_auth;
    const rest = { ...json, data: { ...json.data, aws_eks_cluster_auth: siblings } };
    if (!referencesIn(rest, known).includes(address)) removeBlock("data", "aws_eks_cluster_auth", name);
  }

  for (const key of Object.keys(json)) {
    if (key === "terraform" || key === "//") continue;
    json[key] = rewrite(json[key], key);
  }
  if (json.data && Object.keys(json.data).length === 0) delete json.data;
  if (json.resource && Object.keys(json.resource).length === 0) delete json.resource;

  const terraform = { ...(json.terraform ?? {}) };
  for (const key of ["backend", "cloud"]) {
    if (terraform[key] !== undefined) {
      delete terraform[key];
      removed.push(`terraform.${key}`);
    }
  }
  for (const name of Object.keys(terraform.required_providers ?? {})) {
    if (name !== "aws") removed.push(`terraform.required_providers.${name}`);
  }
  // Anything else of aws's entry (configuration_aliases) stays.
  const aws = terraform.required_providers?.aws;
  terraform.required_providers = { aws: { ...(typeof aws === "object" ? aws : {}), source: "hashicorp/aws", version: options.awsVersion } };
  json.terraform = terraform;
  return { json, removed };
}

/**
 * The resource, data source and local addresses (from `known`) that a value
 * refers to in its `${...}` interpolations.
 */
export function referencesIn(value: unknown, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === "string") {
      for (const expression of interpolations(node)) {
        // A traversal starts after anything but a name character, a dot or a closing bracket.
        for (const m of expression.matchAll(/(?<![\w.\]-])((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)/g)) {
          if (known.has(m[1])) found.add(m[1]);
        }
      }
    } else if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") for (const [key, v] of Object.entries(node)) if (key !== "//") visit(v);
  };
  visit(value);
  return [...found];
}

/** The expressions of the `${...}` interpolations in a template string (`$${` is a literal). */
function interpolations(template: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === "$" && template[i + 1] === "$") {
      i++;
      continue;
    }
    if (template[i] !== "$" || template[i + 1] !== "{") continue;
    let depth = 0;
    let j = i + 2;
    let inString = false;
    for (; j < template.length; j++) {
      const c = template[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}") {
        if (depth === 0) break;
        depth--;
      }
    }
    out.push(template.slice(i + 2, j));
    i = j;
  }
  return out;
}

/** The addresses of a stack's aws_* resources and data sources, sorted. */
export function awsAddresses(stack: TerraformJsonDocument): string[] {
  const out: string[] = [];
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, blocks] of Object.entries<Record<string, unknown>>(stack[kind] ?? {})) {
      if (type.startsWith("aws_")) for (const name of Object.keys(blocks)) out.push(`${prefix}${type}.${name}`);
    }
  }
  return out.sort();
}
