import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces } from "cdktf";
import type { Construct } from "constructs";
import type { BackendConfig } from "../model/model";

/**
 * Configures where the stack keeps its state.
 *
 * @param stateDir the project folder as seen from the stack's folder (where
 *   Terraform runs), e.g. `../../..`: local state paths are written relative
 *   to it, so the output holds no absolute path of the synthesizing machine
 *   and the state survives regenerating the stack folder.
 */
export function addBackend(stack: Construct, config: BackendConfig, stateDir: string): void {
  switch (config.type) {
    case "local":
      new LocalBackend(stack, { path: `${stateDir}/${config.path}` });
      return;
    case "s3": {
      const backend = new S3Backend(stack, {
        bucket: config.bucket,
        key: config.key,
        region: config.region,
        encrypt: config.encrypt,
        ...(config.kmsKeyId ? { kmsKeyId: config.kmsKeyId } : {}),
        ...(config.dynamodbTable ? { dynamodbTable: config.dynamodbTable } : {}),
        ...(config.profile ? { profile: config.profile } : {}),
        // `role_arn` at the top level is deprecated since Terraform 1.6.
        ...(config.roleArn ? { assumeRole: { roleArn: config.roleArn } } : {}),
      });
      // S3-native locking (Terraform 1.10+) is not in cdktf 0.21's typed config.
      if (config.useLockfile) backend.addOverride("use_lockfile", true);
      return;
    }
    case "cloud":
      new CloudBackend(stack, {
        organization: config.organization,
        ...(config.hostname ? { hostname: config.hostname } : {}),
        workspaces:
          "name" in config.workspace
            ? new NamedCloudWorkspace(config.workspace.name, config.project)
            : new TaggedCloudWorkspaces([...config.workspace.tags], config.project),
      });
      return;
  }
}

/**
 * The Terraform 1.x release a backend's settings need, if any: S3-native
 * locking (`use_lockfile`) is new in Terraform 1.10, and the s3 backend's
 * `assume_role` block in 1.6 (https://developer.hashicorp.com/terraform/language/backend/s3).
 * Terraform checks `required_version` before it configures the backend, so
 * an older Terraform says which version it needs instead of "unsupported
 * argument".
 */
export function backendTerraformMinor(config: BackendConfig): number | undefined {
  if (config.type !== "s3") return undefined;
  if (config.useLockfile) return 10;
  return config.roleArn !== undefined ? 6 : undefined;
}
