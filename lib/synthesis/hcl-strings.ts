/**
 * Strings, keys and templates as HCL reads them: every character that HCL
 * would read differently is escaped, so a string reaches Terraform as it
 * was written (see hcl.ts for why cdktf's own renderer is not used).
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Words HCL reads as something else than a name in some positions; quoted to be safe. */
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "else", "endif", "endfor"]);

/**
 * An object key. Keys set the alignment of the `=` after them, which
 * `terraform fmt` counts in grapheme clusters; Unicode's segmentation rules
 * differ between versions, so any non-ASCII character of a key is written
 * as an escape (`\u00e9`): the key is then ASCII and its width certain.
 */
export function objectKey(key: string): string {
  if (IDENTIFIER.test(key) && !KEYWORDS.has(key)) return key;
  return quoted(key).replace(/[^\x20-\x7e]/gu, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\U${code.toString(16).padStart(8, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** A string as a quoted HCL literal with no template sequences: for block labels and keys. */
export function quoted(text: string): string {
  if (/[$%]\{/.test(text)) throw new Error(`cannot render ${JSON.stringify(text)} as a name: it holds a template sequence`);
  return `"${escapeLiteral(text)}"`;
}

/**
 * A Terraform JSON string as an HCL expression. Both read `${…}` and `%{…}`
 * as template sequences and `$${`, `%%{` as their escapes, so those are
 * copied as they are; everything else is escaped where HCL's quoted
 * template would read it differently. A string that is exactly one
 * interpolation is written as its expression, as `terraform fmt` prefers.
 */
export function stringExpression(text: string): string {
  // Most strings are plain text, or one reference: the same results, sooner.
  if (!text.includes("$") && !text.includes("%")) return `"${escapeLiteral(text)}"`;
  if (text.startsWith("${") && closingBrace(text, 2) === text.length - 1) return text.slice(2, -1).trim();
  const parts = templateParts(text);
  if (parts.length === 1 && parts[0].kind === "interpolation") return parts[0].text.slice(2, -1).trim();
  return `"${parts.map((p) => (p.kind === "literal" ? escapeLiteral(p.text) : p.text)).join("")}"`;
}

interface TemplatePart {
  readonly kind: "literal" | "interpolation" | "directive" | "escape";
  readonly text: string;
}

/** Splits a template into literal text and template sequences (`${…}`, `%{…}`, `$${`, `%%{`). */
export function templateParts(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  const flush = () => {
    if (literal !== "") parts.push({ kind: "literal", text: literal });
    literal = "";
  };
  while (i < text.length) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      flush();
      parts.push({ kind: "escape", text: text.slice(i, i + 3) });
      i += 3;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const close = closingBrace(text, i + 2);
      if (close < 0) throw new Error(`cannot render ${JSON.stringify(text)}: an unclosed template sequence`);
      flush();
      parts.push({ kind: c === "$" ? "interpolation" : "directive", text: text.slice(i, close + 1) });
      i = close + 1;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  return parts;
}

/** The index of the `}` closing a sequence whose body starts at `start`; quoted strings inside are skipped. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * Escapes literal text for an HCL quoted template: `\` and `"`, line
 * breaks and tabs by name, other control characters (and the Unicode line
 * and paragraph separators) as `\uNNNN`. Template sequences never reach
 * here (see templateParts), so `$` and `%` stay as they are.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals
 */
export function escapeLiteral(text: string): string {
  // \p{Cc} is U+0000–U+001F and U+007F–U+009F.
  if (!/[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]/.test(text)) return text;
  return text.replace(/[\\"\p{Cc}\u2028\u2029]/gu, (c) => {
    switch (c) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}
