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

/** Whether wildcards (`*`, `?`) may stand in the region and account fields, as in a policy's Resource. */
export interface ArnReading {
  readonly wildcards?: boolean;
}

/**
 * Reads an ARN field by field and says precisely what is wrong, for
 * messages such as "the account must be 12 digits". The partition is only
 * checked for its form here; whether it is the cluster's is the caller's.
 */
export function explainArn(text: string, reading: ArnReading = {}): { readonly arn: Arn } | { readonly problem: string } {
  if (!text.startsWith("arn:")) {
    return { problem: /^arn:/i.test(text) ? "must start with arn: in lower case" : "is not an ARN: it must start with arn:" };
  }
  const fields = text.split(":");
  if (fields.length < 6) {
    return { problem: `has ${fields.length} of the 6 fields of an ARN (arn:partition:service:region:account:resource)` };
  }
  const [, partition, service, region, account] = fields;
  const resource = fields.slice(5).join(":");
  if (!/^aws(-[a-z]+)*$/.test(partition)) return { problem: `names the partition "${partition}", which is not an AWS partition such as aws, aws-cn or aws-us-gov` };
  if (!/^[a-z0-9-]+$/.test(service)) return { problem: service === "" ? "has no service (the third field)" : `names the service "${service}"; services are lower-case letters, digits and '-'` };
  const wild = reading.wildcards === true;
  if (!(wild ? /^[a-z0-9*?-]*$/ : /^[a-z0-9-]*$/).test(region)) return { problem: `names the region "${region}", which is not a region code` };
  if (!(account === "" || account === "aws" || /^\d{12}$/.test(account) || (wild && /^[\d*?]+$/.test(account) && /[*?]/.test(account)))) {
    return {
      problem: /^\d+$/.test(account)
        ? `has an account of ${account.length} digits: the account must be 12 digits`
        : `names the account "${account}": the account must be 12 digits, aws for AWS managed policies, or empty`,
    };
  }
  if (resource === "") return { problem: "has no resource (the sixth field)" };
  return { arn: { partition, service, region, account, resource } };
}

/**
 * Whether an IAM pattern (with `*` and `?`) matches a text, as IAM matches
 * actions and resources. `ignoreCase` for action names, which IAM compares
 * ignoring case.
 */
export function wildcardMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  // Iterative glob matching with backtracking to the last star: linear in practice, no regular expression built from input.
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}
