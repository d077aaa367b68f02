/**
 * Planning offline: a simulated applied state of a stack, and the plan
 * Terraform makes against it.
 */
import { createHash } from "node:crypto";

import { partitionOf } from "../../../lib/aws/partition";

import { policyJson } from "../../../lib/model/iam-policy";
import { runTerraform } from "./run";
import { PLACEHOLDER_THUMBPRINT, type TerraformJsonDocument } from "./reduce";

/**
 * The aws provider's settings that let `terraform plan` run without AWS, as
 * a Terraform override file to write beside a generated stack (named
 * `*_override.tf.json`, so the generated file stays as it was): static fake
 * credentials, and none of the calls the provider makes when it is
 * configured (STS for the credentials and the account, the EC2 metadata
 * service, the region list). Nothing here reaches a network as long as the
 * plan reads no data source that calls AWS and no resource is refreshed
 * (`-refresh=false`) or imported.
 *
 * `endpoints` sends a service's calls elsewhere, e.g. `{ iam: fakeIam.url }`.
 *
 * `allowed_account_ids` is unset: with `skip_requesting_account_id` the
 * provider does not know the account, so a stack that pins one (a config
 * with `accountId`) would be refused before planning anything.
 */
export function offlineAwsOverride(endpoints: Readonly<Record<string, string>> = {}, aliases: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): TerraformJsonDocument {
  const offline = (endpointsOf: Readonly<Record<string, string>>) => ({
    ...(Object.keys(endpointsOf).length > 0 ? { endpoints: [endpointsOf] } : {}),
    access_key: "AKIAIOSFODNN7EXAMPLE",
    secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    allowed_account_ids: null,
    // A call that should not happen fails at once instead of retrying.
    max_retries: 1,
  });
  // An aliased provider (another account) is overridden by its alias; its
  // assume_role block stays as generated, so `sts` should name an endpoint
  // that answers AssumeRole (startFakeSts).
  const aliased = Object.entries(aliases).map(([alias, e]) => ({ alias, ...offline(e) }));
  return { provider: { aws: aliased.length > 0 ? [offline(endpoints), ...aliased] : offline(endpoints) } };
 }

/** A Terraform state file (format version 4), as much of it as the tests write. */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, unknown>;
  readonly resources: readonly StateResource[];
}

export interface StateResource {
  readonly module?: string;
  readonly mode: "managed";
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly { readonly schema_version: number; readonly attributes: Record<string, unknown>; readonly sensitive_attributes: readonly unknown[] }[];
}

export interface AppliedOptions {
  /** The account the ARNs name. @default "123456789012" */
  readonly accountId?: string;
  /** The account of each aliased AWS provider, by alias: the ARNs of its resources name it. @default accountId */
  readonly accounts?: Readonly<Record<string, string>>;
  /** The module the stack is called as, e.g. `module.rename`; absent, the root module. */
  readonly module?: string;
}

/** A state (format version 4) holding `resources`, e.g. from appliedResources. */
export function stateFile(resources: readonly StateResource[], terraformVersion: string): TerraformState {
  return { version: 4, terraform_version: terraformVersion, serial: 1, lineage: "3f1b0a52-6d2e-4c11-9a7e-2b8f0c4d5e61", outputs: {}, resources };
}

interface Place {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

/**
 * What AWS computes for each resource type the stacks create, as far as a
 * plan reads it: ids and ARNs in the provider's formats, and the computed
 * attributes a read would have filled (a null one plans as "known after
 * apply", an update). `tagsAll`: the type has `tags_all` (the provider's
 * default tags merged with the resource's own). Every one of these types is
 * at schema version 0 in hashicorp/aws 5.100 (`terraform providers schema`).
 */
const APPLIED: Readonly<Record<string, { readonly tagsAll: boolean; readonly computed: (a: Record<string, any>, at: Place) => Record<string, unknown> }>> = {
  aws_iam_openid_connect_provider: {
    tagsAll: true,
    computed: (a, at) => {
      const arn = `arn:${at.partition}:iam::${at.account}:oidc-provider/${String(a.url).replace(/^https:\/\//, "")}`;
      // Without a thumbprint in the config, IAM fetched one (provider ≥ 5.81).
      return { id: arn, arn, thumbprint_list: a.thumbprint_list ?? [PLACEHOLDER_THUMBPRINT] };
    },
  },
  aws_iam_role: {
    tagsAll: true,
    computed: (a, at) => ({
      id: a.name,
      arn: `arn:${at.partition}:iam::${at.account}:role${a.path ?? "/"}${a.name}`,
      unique_id: `AROA${digest(String(a.name)).slice(0, 17).toUpperCase()}`,
      create_date: "2026-01-01T00:00:00Z",
      force_detach_policies: a.force_detach_policies ?? false,
      managed_policy_arns: a.managed_policy_arns ?? [],
    }),
  },
  aws_iam_role_policy: { tagsAll: false, computed: (a) => ({ id: `${a.role}:${a.name}` }) },
  aws_iam_role_policy_attachment: { tagsAll: false, computed: (a) => ({ id: `${a.role}-${digest(String(a.policy_arn)).slice(0, 26)}` }) },
  aws_iam_role_policy_attachments_exclusive: { tagsAll: false, computed: () => ({}) },
  aws_iam_role_policies_exclusive: { tagsAll: false, computed: () => ({}) },
  // An add-on's id is `<cluster>:<addon>` (hashicorp/aws internal/service/eks/addon.go, AddonCreateResourceID).
  aws_eks_addon: {
    tagsAll: true,
    computed: (a, at) => ({
      id: `${a.cluster_name}:${a.addon_name}`,
      arn: `arn:${at.partition}:eks:${at.region}:${at.account}:addon/${a.cluster_name}/${a.addon_name}/00000000-0000-0000-0000-000000000000`,
      addon_version: a.addon_version ?? "v1.0.0-eksbuild.1",
      configuration_values: a.configuration_values ?? "",
      created_at: "2026-01-01T00:00:00Z",
      modified_at: "2026-01-01T00:00:00Z",
    }),
  },
  aws_eks_pod_identity_association: {
    tagsAll: true,
    computed: (a, at) => {
      const id = `a-${digest(`${a.cluster_name}/${a.namespace}/${a.service_account}`).slice(0, 17)}`;
      return { id, association_id: id, association_arn: `arn:${at.partition}:eks:${at.region}:${at.account}:podidentityassociation/${a.cluster_name}/${id}` };
    },
  },
};

export function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The alias of a resource's `provider` argument (`aws.payments` → `payments`); undefined for the default provider. */
function aliasOf(provider: unknown): string | undefined {
  return typeof provider === "string" && provider.startsWith("aws.") ? provider.slice("aws.".length) : undefined;
}

/** Resource arguments that are Terraform's, not the provider's. */
const META_ARGUMENTS = new Set(["//", "count", "for_each", "provider", "depends_on", "lifecycle", "connection", "provisioner"]);

/**
 * The state's resources for "this stack was applied": every managed
 * resource of a (reduced) stack, with its arguments as written and what AWS
 * would have computed (APPLIED: ids, ARNs, `tags_all`, ...).
 *
 * A reference to another resource's attribute (`${aws_iam_role.x.name}`) is
 * resolved against that resource's state, and a policy document's JSON
 * (`${data.aws_iam_policy_document.x.json}`) is rendered from the data
 * source's statements (policyDocumentJson): IAM compares policies by
 * meaning, so the plan sees no change when the document is unchanged.
 * Anything else it cannot stand in for (another expression, a resource
 * type it does not know) throws: the state never silently differs from
 * what applying the stack would have left.
 */
export function appliedResources(stack: TerraformJsonDocument, options: AppliedOptions = {}): StateResource[] {
  const provider = (stack.provider?.aws ?? [])[0] ?? {};
  const region: string = provider.region ?? "us-east-1";
  const at: Place = { partition: partitionOf(region).id, account: options.accountId ?? "123456789012", region };
  const defaultTags: Record<string, string> = { ...(provider.default_tags?.[0]?.tags ?? {}) };
  const resources: Record<string, Record<string, Record<string, unknown>>> = stack.resource ?? {};
  const documents: Record<string, Record<string, unknown>> = stack.data?.aws_iam_policy_document ?? {};
  const done = new Map<string, Record<string, unknown>>();
  const resolving = new Set<string>();

  const resolve = (value: unknown, path: string): unknown => {
    if (typeof value === "string" && value.includes("${")) {
      const document = /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.json\}$/.exec(value);
      if (document) {
        const body = documents[document[1]];
        if (!body) throw new Error(`appliedResources: ${path} refers to a policy document the stack does not have: ${value}`);
        return policyDocumentJson(resolve(body, `data.aws_iam_policy_document.${document[1]}`) as Record<string, unknown>);
      }
      const reference = /^\$\{([\w-]+)\.([\w-]+)\.([\w-]+)\}$/.exec(value);
      if (reference && reference[1] !== "data") {
        const target = attributesOf(reference[1], reference[2])[reference[3]];
        if (target === undefined) throw new Error(`appliedResources: ${path} refers to ${reference[3]} of ${reference[1]}.${reference[2]}, which the state does not have`);
        return target;
      }
      throw new Error(`appliedResources: ${path} is an expression this cannot stand in for: ${value}`);
    }
    if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${path}[${i}]`));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, `${path}.${k}`)]));
    return value;
  };

  const attributesOf = (type: string, name: string): Record<string, unknown> => {
    const address = `${type}.${name}`;
    const known = done.get(address);
    if (known) return known;
    const applied = APPLIED[type];
    if (!applied) throw new Error(`appliedResources: no stand-in for what AWS computes for a ${type} (${address})`);
    const body = resources[type]?.[name];
    if (!body) throw new Error(`appliedResources: ${address} is not in the stack`);
    if (resolving.has(address)) throw new Error(`appliedResources: ${address} refers to itself`);
    resolving.add(address);
    const attributes: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) if (!META_ARGUMENTS.has(key)) attributes[key] = resolve(value, `${address}.${key}`);
    const alias = aliasOf(body.provider);
    Object.assign(attributes, applied.computed(attributes, alias === undefined ? at : { ...at, account: options.accounts?.[alias] ?? at.account }));
    if (applied.tagsAll) attributes.tags_all = { ...defaultTags, ...((attributes.tags as Record<string, string> | undefined) ?? {}) };
    resolving.delete(address);
    done.set(address, attributes);
    return attributes;
  };

  const providerAddress = `${options.module ? `${options.module}.` : ""}provider["registry.terraform.io/hashicorp/aws"]`;
  return Object.entries(resources).flatMap(([type, blocks]) =>
    Object.entries(blocks).map(([name, body]) => ({
      ...(options.module ? { module: options.module } : {}),
      mode: "managed" as const,
      type,
      name,
      // A resource of an aliased provider (another account) is recorded with it, as Terraform records it.
      provider: aliasOf(body.provider) === undefined ? providerAddress : `${providerAddress}.${aliasOf(body.provider)}`,
      instances: [{ schema_version: 0, attributes: attributesOf(type, name), sensitive_attributes: [] }],
    })),
  );
}

/**
 * The IAM policy JSON of an `aws_iam_policy_document` data source's
 * arguments, as the provider renders it: lib's own renderer (policyJson,
 * which the tests hold to literal documents and to what the provider
 * writes), given the statements the stack wrote. Throws on arguments
 * irsa-gen never writes (not_ forms, source or override documents), which
 * that renderer does not know.
 */
export function policyDocumentJson(document: Record<string, any>): string {
  const unknown = Object.keys(document).filter((k) => k !== "//" && k !== "statement");
  const statementKeys = new Set(["sid", "effect", "actions", "resources", "principals", "condition"]);
  for (const statement of (document.statement ?? []) as Record<string, unknown>[]) unknown.push(...Object.keys(statement).filter((k) => !statementKeys.has(k)).map((k) => `statement.${k}`));
  if (unknown.length > 0) throw new Error(`policyDocumentJson: cannot render ${unknown.join(", ")}`);
  return policyJson(document.statement ?? []);
}

/** One entry of a saved plan's `resource_changes` (`terraform show -json <plan>`). */
export interface ResourceChange {
  readonly address: string;
  /** Where the state came from when a `moved` block moved it. */
  readonly previous_address?: string;
  readonly type: string;
  readonly name: string;
  readonly change: {
    /** e.g. `["no-op"]`, `["update"]`, `["create"]`, `["delete"]`, `["delete","create"]`, `["forget"]`. */
    readonly actions: readonly string[];
    readonly before: Record<string, any> | null;
    readonly after: Record<string, any> | null;
    /** Per attribute of `after`: `true` when it is known only after apply. */
    readonly after_unknown?: Record<string, unknown>;
    /** Present when the plan imports the object (`import` block). */
    readonly importing?: { readonly id?: string };
  };
}

/**
 * The attributes a change sets to another value, or to one known only
 * after apply, sorted.
 */
export function changedAttributes(change: ResourceChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => unknown[key] === true || JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** A saved plan as `terraform show -json` prints it, as much of it as the tests read. */
export interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly [key: string]: unknown;
}

/**
 * `terraform plan` without touching anything outside the working folder:
 * no refresh (nothing is read from AWS), no prompt, no lock, saved to a
 * file, then read back with `terraform show -json`. Throws with Terraform's
 * output when either fails.
 */
export async function planOffline(cwd: string, env: NodeJS.ProcessEnv): Promise<PlanJson> {
  const plan = await runTerraform(["plan", "-refresh=false", "-input=false", "-lock=false", "-no-color", "-out=tfplan"], { cwd, env });
  if (plan.code !== 0) throw new Error(`terraform plan failed in ${cwd} (exit ${plan.code}):\n${plan.stdout}\n${plan.stderr}`);
  const show = await runTerraform(["show", "-json", "-no-color", "tfplan"], { cwd, env });
  if (show.code !== 0) throw new Error(`terraform show failed in ${cwd} (exit ${show.code}):\n${show.stdout}\n${show.stderr}`);
  return JSON.parse(show.stdout) as PlanJson;
}
