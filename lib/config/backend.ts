/**
 * Where a cluster's state lives: the backend of `defaults:` or the
 * cluster's own (which replaces it), with `{cluster}` filled in.
 */
import { parseArn } from "../aws/arn";
import type { ProblemCollector } from "./collector";
import type { Setting } from "./inherit";
import type { BackendConfig } from "../model/model";
import type { ConfigPath } from "./problems";
import { checkRegion } from "./regions";
import * as rules from "../model/rules";
import { BACKEND_TYPES, cloudBackendSchema, localBackendSchema, s3BackendSchema } from "./schema";

const DEFAULT_LOCAL_STATE = "terraform.{cluster}.tfstate";
const DEFAULT_S3_KEY = "irsa-gen/{cluster}.tfstate";
const DEFAULT_CLOUD_WORKSPACE = "irsa-{cluster}";

/** The cluster's backend; the default local one when none is set or when it cannot be read (reported). */
export function resolveBackend(setting: Setting<unknown> | undefined, cluster: { readonly name: string; readonly region?: string }, allowUnknownRegion: Setting<boolean> | undefined, out: ProblemCollector): BackendConfig {
  const at = setting?.path ?? [];
  const raw = setting?.value ?? { type: "local" };
  const fill = (key: string, template: string, path: ConfigPath = [...at, key]): string => {
    checkValue(template, path, out);
    const unknown = template.match(/\{[^}]*\}/g)?.filter((p) => p !== rules.CLUSTER_PLACEHOLDER);
    if (unknown?.length) {
      out.error(path, `has the unknown placeholder ${unknown[0]}`, `The only placeholder is ${rules.CLUSTER_PLACEHOLDER}`, template);
    }
    return template.split(rules.CLUSTER_PLACEHOLDER).join(cluster.name);
  };
  const fallback: BackendConfig = { type: "local", path: DEFAULT_LOCAL_STATE.split(rules.CLUSTER_PLACEHOLDER).join(cluster.name) };
  const type = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    out.typeProblem(at, "mapping", raw);
    return fallback;
  }
  if (type === undefined) {
    out.error([...at, "type"], "is required", `Add type: ${BACKEND_TYPES.join(", ")}`);
    return fallback;
  }
  if (!(BACKEND_TYPES as readonly unknown[]).includes(type)) {
    out.error([...at, "type"], `must be one of ${BACKEND_TYPES.join(", ")}`, `Set type: ${BACKEND_TYPES.join(", ")}`, out.shown([...at, "type"], type));
    return fallback;
  }
  switch (type) {
    case "local": {
      const local = out.shapeLenient(localBackendSchema, raw, at) ?? {};
      const path = fill("path", local.path ?? DEFAULT_LOCAL_STATE);
      if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("~")) {
        out.error([...at, "path"], "must be a relative path", "Write it relative to the project folder, so that no machine's paths end up in the output", local.path);
      }
      return { type: "local", path };
    }
    case "s3": {
      const s3 = out.shapeLenient(s3BackendSchema, raw, at) ?? {};
      if (s3.bucket !== undefined && !rules.S3_BUCKET.test(s3.bucket)) {
        out.error([...at, "bucket"], "is not a valid S3 bucket name", "Use 3 to 63 lowercase letters, digits, '.' and '-'", s3.bucket);
      }
      if (s3.key !== undefined && checkValue(s3.key, [...at, "key"], out) && (s3.key.startsWith("/") || s3.key.endsWith("/") || s3.key.includes("//"))) {
        // Terraform's s3 backend refuses such keys at init (its key validation):
        // an object key with an empty segment is not a state file's path.
        out.error([...at, "key"], "must not start or end with '/' or contain '//'", "Write the state file's path in the bucket, e.g. irsa/{cluster}.tfstate", s3.key);
      }
      if (s3.profile !== undefined) checkValue(s3.profile, [...at, "profile"], out);
      if (s3.dynamodbTable !== undefined && checkValue(s3.dynamodbTable, [...at, "dynamodbTable"], out) && !rules.DYNAMODB_TABLE.test(s3.dynamodbTable)) {
        out.error([...at, "dynamodbTable"], "is not a DynamoDB table name", "Use 3 to 255 letters, digits, '_', '-' and '.'", s3.dynamodbTable);
      }
      if (s3.useLockfile === false && s3.dynamodbTable === undefined) {
        // Without a lock, two applies at once write one state over the other.
        out.error([...at, "useLockfile"], "turns state locking off: the backend has no dynamodbTable either", "Leave useLockfile out (S3-native locking, Terraform >= 1.10), or name a dynamodbTable for the older DynamoDB locking", false);
      }
      const region = s3.region ?? cluster.region ?? "";
      if (s3.region !== undefined) checkRegion(s3.region, [...at, "region"], allowUnknownRegion, out);
      for (const key of ["kmsKeyId", "roleArn"] as const) {
        const value = s3[key];
        if (value !== undefined && !parseArn(value)) out.error([...at, key], "is not an ARN", "Write the full ARN", value);
      }
      return {
        type: "s3",
        bucket: s3.bucket ?? "",
        key: fill("key", s3.key ?? DEFAULT_S3_KEY),
        region,
        encrypt: s3.encrypt ?? true,
        useLockfile: s3.useLockfile ?? s3.dynamodbTable === undefined,
        ...(s3.kmsKeyId !== undefined ? { kmsKeyId: s3.kmsKeyId } : {}),
        ...(s3.dynamodbTable !== undefined ? { dynamodbTable: s3.dynamodbTable } : {}),
        ...(s3.profile !== undefined ? { profile: s3.profile } : {}),
        ...(s3.roleArn !== undefined ? { roleArn: s3.roleArn } : {}),
      };
    }
    default: {
      const cloud = out.shapeLenient(cloudBackendSchema, raw, at) ?? {};
      if (cloud.organization !== undefined && checkValue(cloud.organization, [...at, "organization"], out) && !rules.TFC_NAME.test(cloud.organization)) {
        out.error([...at, "organization"], "is not a Terraform Cloud organization name", "Use letters, digits, '-' and '_', as the organization's settings show it", cloud.organization);
      }
      if (cloud.hostname !== undefined && checkValue(cloud.hostname, [...at, "hostname"], out) && !isHostName(cloud.hostname)) {
        out.error([...at, "hostname"], "is not a host name: it is the Terraform Enterprise server's name alone, without a scheme, a path or a port", "Write it as tfe.example.com", cloud.hostname);
      }
      const tags = cloud.workspaceTags === undefined ? undefined : out.strings(cloud.workspaceTags, [...at, "workspaceTags"]);
      if (cloud.workspace !== undefined && tags !== undefined) {
        out.error([...at, "workspaceTags"], "cannot be combined with workspace", "Choose one workspace by name, or all workspaces with these tags", cloud.workspaceTags);
      }
      if (tags !== undefined && cloud.workspaceTags!.length === 0) {
        out.error([...at, "workspaceTags"], "is empty", "List at least one tag, or use workspace: <name>");
      }
      const name = tags === undefined ? fill("workspace", cloud.workspace ?? DEFAULT_CLOUD_WORKSPACE) : undefined;
      const workspace = name !== undefined ? { name } : { tags: (tags ?? []).map((t) => fill(`workspaceTags[${t.index}]`, t.value, [...at, "workspaceTags", t.index])) };
      if (name !== undefined && name.trim() !== "" && !CONTROL.test(name) && !rules.TFC_WORKSPACE.test(name)) {
        const where = cloud.workspace !== undefined ? [...at, "workspace"] : at;
        out.error(where, `makes the workspace name ${name}, which is not a Terraform Cloud workspace name`, "Use at most 90 letters, digits, '-' and '_' (with {cluster} filled in)", cloud.workspace ?? name);
      }
      return {
        type: "cloud",
        organization: cloud.organization ?? "",
        workspace,
        ...(cloud.hostname !== undefined ? { hostname: cloud.hostname } : {}),
        ...(cloud.project !== undefined ? { project: fill("project", cloud.project) } : {}),
      };
    }
  }
}

/** C0 and C1 control characters and DEL: no backend setting may hold one. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A backend setting is never empty and holds no control character: an
 * empty value is not "the default" to Terraform but a setting it refuses at
 * `terraform init` (or, for `dynamodbTable`, one that turns locking off), and
 * a control character is never part of a name, key or path. True when the
 * value passes (else reported).
 */
function checkValue(value: string, at: ConfigPath, out: ProblemCollector): boolean {
  if (value.trim() === "") {
    out.error(at, "is empty", "Give it a value, or leave the key out for the default", value);
    return false;
  }
  if (CONTROL.test(value)) {
    out.error(at, "holds a control character", "Remove it: backend names, keys and paths are plain text", value);
    return false;
  }
  return true;
}

/** A DNS host name (labels of letters, digits and '-'), as the `cloud` block's `hostname` is. */
function isHostName(text: string): boolean {
  return text.length <= 253 && text.split(".").every((label) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
}
