/**
 * An IAM endpoint on 127.0.0.1, for the plans of `import` blocks.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { PLACEHOLDER_THUMBPRINT } from "./reduce";
import { digest } from "./plan";

/** A role that exists outside Terraform, as IAM describes it. */
export interface ExistingRole {
  readonly name: string;
  /** @default "/" */
  readonly path?: string;
  readonly assumeRolePolicy: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Inline policies by name. */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
  readonly attachedPolicyArns?: readonly string[];
}

/** An IAM OIDC provider that exists outside Terraform. */
export interface ExistingOidcProvider {
  readonly arn: string;
  /** With https://, as Terraform writes it. */
  readonly url: string;
}

export interface FakeIam {
  /** The endpoint, for the aws provider's `endpoints { iam = … }`. */
  readonly url: string;
  /** Every call received, as `Action` or `Action RoleName`. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An IAM query API on 127.0.0.1 that answers the reads the aws provider
 * makes to import roles and their policies (GetRole, ListRolePolicies,
 * GetRolePolicy, ListAttachedRolePolicies, ListRoleTags) from `roles`, so
 * that `terraform plan` can plan an import without AWS. Any other call is
 * refused with an error naming it, so a plan that needs more fails instead
 * of passing on made-up answers. Requests are not authenticated; ARNs are
 * in the `aws` partition.
 */
export async function startFakeIam(roles: readonly ExistingRole[], accountId = "123456789012", providers: readonly ExistingOidcProvider[] = []): Promise<FakeIam> {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const providerByArn = new Map(providers.map((p) => [p.arn, p]));
  const calls: string[] = [];
  const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const members = (items: readonly string[], body: (item: string) => string) => items.map((i) => `<member>${body(i)}</member>`).join("");
  const answer = (action: string, result: string) =>
    `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata></${action}Response>`;
  const failure = (code: string, message: string) =>
    `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>`;

  const respond = (params: URLSearchParams): { status: number; body: string } => {
    const action = params.get("Action") ?? "";
    if (action === "ListOpenIDConnectProviders") {
      calls.push(action);
      return { status: 200, body: answer(action, `<OpenIDConnectProviderList>${members([...providerByArn.keys()], (arn) => `<Arn>${xml(arn)}</Arn>`)}</OpenIDConnectProviderList>`) };
    }
    if (action === "GetOpenIDConnectProvider") {
      const arn = params.get("OpenIDConnectProviderArn") ?? "";
      calls.push(`${action} ${arn}`);
      const provider = providerByArn.get(arn);
      if (!provider) return { status: 404, body: failure("NoSuchEntity", `OpenIDConnect Provider not found for arn ${arn}`) };
      return {
        status: 200,
        body: answer(
          action,
          `<Url>${xml(provider.url.replace(/^https:\/\//, ""))}</Url><ClientIDList>${members(["sts.amazonaws.com"], xml)}</ClientIDList>` +
            `<ThumbprintList>${members([PLACEHOLDER_THUMBPRINT], xml)}</ThumbprintList><CreateDate>2020-01-01T00:00:00Z</CreateDate><Tags></Tags>`,
        ),
      };
    }
    const roleName = params.get("RoleName") ?? "";
    calls.push(roleName ? `${action} ${roleName}` : action);
    const role = byName.get(roleName);
    if (!role) return { status: 404, body: failure("NoSuchEntity", `The role with name ${roleName} cannot be found.`) };
    const tags = Object.entries(role.tags ?? {});
    const tagXml = `<Tags>${tags.map(([k, v]) => `<member><Key>${xml(k)}</Key><Value>${xml(v)}</Value></member>`).join("")}</Tags>`;
    switch (action) {
      case "GetRole": {
        const path = role.path ?? "/";
        return {
          status: 200,
          body: answer(
            action,
            `<Role><Path>${xml(path)}</Path><RoleName>${xml(role.name)}</RoleName><RoleId>AROA${digest(role.name).slice(0, 17).toUpperCase()}</RoleId>` +
              `<Arn>arn:aws:iam::${accountId}:role${xml(path)}${xml(role.name)}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>` +
              `<AssumeRolePolicyDocument>${xml(encodeURIComponent(role.assumeRolePolicy))}</AssumeRolePolicyDocument>` +
              `${role.description !== undefined ? `<Description>${xml(role.description)}</Description>` : ""}<MaxSessionDuration>3600</MaxSessionDuration>${tagXml}</Role>`,
          ),
        };
      }
      case "ListRoleTags":
        return { status: 200, body: answer(action, `${tagXml}<IsTruncated>false</IsTruncated>`) };
      case "ListRolePolicies":
        return { status: 200, body: answer(action, `<PolicyNames>${members(Object.keys(role.inlinePolicies ?? {}), xml)}</PolicyNames><IsTruncated>false</IsTruncated>`) };
      case "GetRolePolicy": {
        const name = params.get("PolicyName") ?? "";
        const document = role.inlinePolicies?.[name];
        if (document === undefined) return { status: 404, body: failure("NoSuchEntity", `The role policy with name ${name} cannot be found.`) };
        return {
          status: 200,
          body: answer(action, `<RoleName>${xml(role.name)}</RoleName><PolicyName>${xml(name)}</PolicyName><PolicyDocument>${xml(encodeURIComponent(document))}</PolicyDocument>`),
        };
      }
      case "ListAttachedRolePolicies": {
        const arns = role.attachedPolicyArns ?? [];
        const attached = members(arns, (arn) => `<PolicyName>${xml(arn.slice(arn.lastIndexOf("/") + 1))}</PolicyName><PolicyArn>${xml(arn)}</PolicyArn>`);
        return { status: 200, body: answer(action, `<AttachedPolicies>${attached}</AttachedPolicies><IsTruncated>false</IsTruncated>`) };
      }
      default:
        return { status: 400, body: failure("InvalidAction", `this test endpoint does not answer ${action}`) };
    }
  };

  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      const query = request.url?.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : "";
      const { status, body: text } = respond(new URLSearchParams(body || query));
      response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return listening(server, calls);
}

/** A test endpoint on loopback: its URL, the calls it answered, and how to stop it. */
export async function listening(server: Server, calls: string[]): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // The provider may have left a keep-alive connection open.
        server.closeAllConnections();
      }),
  };
}
