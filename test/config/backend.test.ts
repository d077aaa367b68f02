/**
 * Backend values: what would fail at `terraform init`, or silently turn
 * state locking off, is refused at validation with its place in the file.
 */
import { expectAccepted, expectRefused, file } from "../support/refusal";

const backend = (settings: string) => file([`backend: { ${settings} }`], ["managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]"]);

describe("backend values", () => {
  // [what, backend settings, path under clusters[0].backend, fragment]
  it.each<[string, string, string, string]>([
    ["an empty S3 key", "type: s3, bucket: state, key: ''", "key", "is empty"],
    ["an S3 key of spaces", "type: s3, bucket: state, key: '  '", "key", "is empty"],
    ["a control character in an S3 key", 'type: s3, bucket: state, key: "irsa/\\u0007{cluster}"', "key", "holds a control character"],
    ["an S3 key starting with /", "type: s3, bucket: state, key: '/irsa/{cluster}.tfstate'", "key", "must not start or end with '/' or contain '//'"],
    ["an S3 key with //", "type: s3, bucket: state, key: 'irsa//{cluster}.tfstate'", "key", "must not start or end with '/' or contain '//'"],
    ["an S3 key ending in /", "type: s3, bucket: state, key: 'irsa/{cluster}/'", "key", "must not start or end with '/' or contain '//'"],
    ["an empty DynamoDB table, which would turn locking off", "type: s3, bucket: state, dynamodbTable: ''", "dynamodbTable", "is empty"],
    ["a DynamoDB table with a control character", 'type: s3, bucket: state, dynamodbTable: "locks\\n"', "dynamodbTable", "holds a control character"],
    ["a DynamoDB table name with a space", "type: s3, bucket: state, dynamodbTable: 'my locks'", "dynamodbTable", "is not a DynamoDB table name"],
    ["locking turned off", "type: s3, bucket: state, useLockfile: false", "useLockfile", "turns state locking off: the backend has no dynamodbTable either"],
    ["an empty profile", "type: s3, bucket: state, profile: ''", "profile", "is empty"],
    ["a control character in a profile", 'type: s3, bucket: state, profile: "ops\\t"', "profile", "holds a control character"],
    ["an empty local path", "type: local, path: ''", "path", "is empty"],
    ["a control character in a local path", 'type: local, path: "state\\r.tfstate"', "path", "holds a control character"],
    ["an empty organization", "type: cloud, organization: ''", "organization", "is empty"],
    ["an organization with a space", "type: cloud, organization: 'example org'", "organization", "is not a Terraform Cloud organization name"],
    ["an empty workspace", "type: cloud, organization: o, workspace: ''", "workspace", "is empty"],
    ["a workspace with a space", "type: cloud, organization: o, workspace: 'irsa {cluster}'", "workspace", "makes the workspace name irsa prod, which is not a Terraform Cloud workspace name"],
    ["a workspace with a newline", 'type: cloud, organization: o, workspace: "irsa\\n{cluster}"', "workspace", "holds a control character"],
    ["a workspace name over 90 characters", `type: cloud, organization: o, workspace: '${"w".repeat(87)}-{cluster}'`, "workspace", "is not a Terraform Cloud workspace name"],
    ["an empty hostname", "type: cloud, organization: o, hostname: ''", "hostname", "is empty"],
    ["a hostname with a path", "type: cloud, organization: o, hostname: tfe.example.com/app", "hostname", "is not a host name"],
    ["a hostname with a scheme", "type: cloud, organization: o, hostname: 'https://tfe.example.com'", "hostname", "is not a host name"],
    ["an empty project", "type: cloud, organization: o, project: ''", "project", "is empty"],
    ["an empty workspace tag", "type: cloud, organization: o, workspaceTags: [irsa, '']", "workspaceTags[1]", "is empty"],
  ])("refuses %s", (_what, settings, path, fragment) => {
    expectRefused(backend(settings), 4, `clusters[0].backend.${path}`, fragment);
  });

  it.each<[string, string]>([
    ["S3 with the default locking", "type: s3, bucket: state, key: 'irsa/{cluster}.tfstate'"],
    ["S3 with DynamoDB locking only", "type: s3, bucket: state, useLockfile: false, dynamodbTable: terraform-locks"],
    ["S3 with both lockings", "type: s3, bucket: state, useLockfile: true, dynamodbTable: terraform-locks, profile: ops"],
    ["Terraform Enterprise", "type: cloud, organization: example-org, hostname: tfe.example.com, workspace: 'irsa_{cluster}', project: Platform team"],
    ["a local path in a folder", "type: local, path: 'state/{cluster}.tfstate'"],
  ])("accepts %s", (_what, settings) => {
    expectAccepted(backend(settings));
  });
});
