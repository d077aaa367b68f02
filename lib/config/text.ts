/**
 * Text that would not reach Terraform as written, wherever it stands (a
 * value or a key): a template sequence, a cdktf token marker, text that
 * HCL's parser would normalize, or text that is not Unicode at all.
 */
import type { ProblemCollector } from "./collector";
import type { ConfigPath } from "./problems";
import * as rules from "../model/rules";

/** Where a value stands: built into a path only when a problem is reported there. */
interface Place {
  readonly parent?: Place;
  readonly key?: string | number;
}

function pathOf(place: Place): ConfigPath {
  const path: (string | number)[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** Walks every key and string of the file; iterative, so that no nesting depth can exhaust the stack. */
export function checkText(root: unknown, out: ProblemCollector): void {
  const seen = new Set<object>();
  const pending: { value: unknown; place: Place }[] = [{ value: root, place: {} }];
  while (pending.length > 0) {
    const { value, place } = pending.pop()!;
    if (typeof value === "string") {
      if (mayHoldProblem(value)) textProblem(value, pathOf(place), false, out);
    } else if (Array.isArray(value)) {
      // An alias makes one value appear at several places: its problems are reported where it is written (see source-positions.ts), once.
      if (seen.has(value)) continue;
      seen.add(value);
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], place: { parent: place, key: i } });
    } else if (typeof value === "object" && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const at = { parent: place, key };
        if (mayHoldProblem(key)) textProblem(key, pathOf(at), true, out);
        pending.push({ value: (value as Record<string, unknown>)[key], place: at });
      }
    }
  }
}

/**
 * Every problem below needs a `{` (templates, token markers) or a character
 * beyond ASCII (surrogates; ASCII text is always in normalization form C):
 * most text of a config has neither and is passed at once.
 */
const MAY_HOLD_PROBLEM = /[{\u0080-\uffff]/;

function mayHoldProblem(text: string): boolean {
  return MAY_HOLD_PROBLEM.test(text);
}

function textProblem(text: string, at: ConfigPath, isKey: boolean, out: ProblemCollector): void {
  if (rules.TERRAFORM_TEMPLATE.test(text)) {
    out.error(at, "contains ${ or %{, which Terraform would read as a template", isKey ? "Remove it from the key" : "Write IAM policy variables as &{aws:username}, and avoid ${ and %{ elsewhere", text, isKey);
  } else if (rules.CDKTF_TOKEN.test(text)) {
    out.error(at, "contains {TfToken[, which cdktf would read as one of its own placeholders", "Remove it", text, isKey);
  } else if (rules.LONE_SURROGATE.test(text)) {
    out.error(at, "is not valid Unicode (a lone surrogate)", "Write the character itself, or remove the escape", text, isKey);
  } else if (text.normalize("NFC") !== text) {
    // https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals
    out.error(at, "is not in Unicode normalization form C, and Terraform's HCL parser would normalize it", "Write each accented letter as one character (NFC), e.g. é rather than e and a combining accent", text, isKey);
  }
}
