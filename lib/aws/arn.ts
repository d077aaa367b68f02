/**
 * ARN syntax: `arn:partition:service:region:account:resource`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

const ARN = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws|\*|):(.+)$/;

export function parseArn(text: string): Arn | undefined {
  const m = ARN.exec(text);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}

/** An IAM managed policy: `arn:<p>:iam::<account or aws>:policy/<path/>name`. */
export function isManagedPolicyArn(arn: Arn): boolean {
  return arn.service === "iam" && arn.region === "" && /^(\d{12}|aws)$/.test(arn.account) && /^policy\/([\x21-\x7e]+\/)?[\w+=,.@-]{1,128}$/.test(arn.resource);
}

/** The policy's name, the last segment of its resource. */
export function policyName(arn: Arn): string {
  return arn.resource.slice(arn.resource.lastIndexOf("/") + 1);
}
