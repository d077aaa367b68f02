/**
 * Where a cluster's state lives: the backend of `defaults:` or the
 * cluster's own (which replaces it), with `{cluster}` filled in.
 */
import { parseArn } from "../aws/arn";
import type { ProblemCollector } from "./collector";
import type { Setting } from "./inherit";
import type { BackendConfig } from "./model";
import type { ConfigPath } from "./problems";
import { checkRegion } from "./regions";
import * as rules from "./rules";
import { BACKEND_TYPES, cloudBackendSchema, localBackendSchema, s3BackendSchema } from "./schema";

const DEFAULT_LOCAL_STATE = "terraform.{cluster}.tfstate";
const DEFAULT_S3_KEY = "irsa-gen/{cluster}.tfstate";
const DEFAULT_CLOUD_WORKSPACE = "irsa-{cluster}";

/** The cluster's backend; the default local one when none is set or when it cannot be read (reported). */
export function resolveBackend(setting: Setting<unknown> | undefined, cluster: { readonly name: string; readonly region?: string }, allowUnknownRegion: Setting<boolean> | undefined, out: ProblemCollector): BackendConfig {
  const at = setting?.path ?? [];
  const raw = setting?.value ?? { type: "local" };
  const fill = (key: string, template: string, path: ConfigPath = [...at, key]): string => {
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
      if (cloud.organization !== undefined && cloud.organization.trim() === "") out.error([...at, "organization"], "is empty", "Name your Terraform Cloud organization");
      const tags = cloud.workspaceTags === undefined ? undefined : out.strings(cloud.workspaceTags, [...at, "workspaceTags"]);
      if (cloud.workspace !== undefined && tags !== undefined) {
        out.error([...at, "workspaceTags"], "cannot be combined with workspace", "Choose one workspace by name, or all workspaces with these tags", cloud.workspaceTags);
      }
      if (tags !== undefined && cloud.workspaceTags!.length === 0) {
        out.error([...at, "workspaceTags"], "is empty", "List at least one tag, or use workspace: <name>");
      }
      const workspace = tags !== undefined ? { tags: tags.map((t) => fill(`workspaceTags[${t.index}]`, t.value, [...at, "workspaceTags", t.index])) } : { name: fill("workspace", cloud.workspace ?? DEFAULT_CLOUD_WORKSPACE) };
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
