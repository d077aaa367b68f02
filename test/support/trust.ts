/**
 * A small evaluator of the trust statements we emit, so that tests assert
 * what a trust policy admits rather than how it is spelled.
 *
 * It follows IAM's rules for the operators we use: conditions are ANDed,
 * values of one condition are ORed, a key that the request lacks fails
 * StringEquals. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export interface WebIdentityRequest {
  /** The ARN of the OIDC provider that IAM matched the token's issuer to. */
  readonly providerArn: string;
  /** The token's issuer without https://. */
  readonly issuerHost: string;
  readonly sub: string;
  readonly aud: string;
  readonly action?: string;
}

interface Statement {
  effect?: string;
  actions?: string[];
  principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

export function admits(statements: readonly Statement[], request: WebIdentityRequest): boolean {
  const context: Record<string, string> = {
    [`${request.issuerHost}:sub`]: request.sub,
    [`${request.issuerHost}:aud`]: request.aud,
  };
  const action = request.action ?? "sts:AssumeRoleWithWebIdentity";
  const matches = (s: Statement) =>
    (s.actions ?? []).includes(action) &&
    (s.principals ?? []).some((p) => p.type === "Federated" && p.identifiers.includes(request.providerArn)) &&
    (s.condition ?? []).every((c) => {
      if (c.test !== "StringEquals") throw new Error(`the evaluator does not know ${c.test}`);
      const value = context[c.variable];
      return value !== undefined && c.values.includes(value);
    });
  const denied = statements.some((s) => s.effect === "Deny" && matches(s));
  return !denied && statements.some((s) => (s.effect ?? "Allow") === "Allow" && matches(s));
}
