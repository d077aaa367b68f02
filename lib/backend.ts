import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TaggedCloudWorkspaces } from "cdktf";
import type { Construct } from "constructs";
import type { BackendConfig } from "./config/model";

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
