/**
 * Syntax check for Kubernetes label selectors (`app=web,tier!=db`, `env in (a,b)`, `!canary`),
 * so a bad shard selector is reported at start-up rather than as a failing list call.
 */

const KEY = String.raw`(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(String.raw`^(${KEY})\s*(=|==|!=)\s*(${VALUE})$`);
const EXISTS = new RegExp(String.raw`^!?\s*(${KEY})$`);
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s+\(\s*(${VALUE}(?:\s*,\s*${VALUE})*)\s*\)$`);

/** Returns null when `selector` is a valid label selector, else a message naming the offending requirement. */
export function labelSelectorProblem(selector: string): string | null {
  for (const requirement of splitRequirements(selector)) {
    const req = requirement.trim();
    if (req === '') return 'empty requirement (check for a stray comma)';
    if (!isValidRequirement(req)) {
      return `invalid requirement "${req}"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`;
    }
  }
  return null;
}

function isValidRequirement(req: string): boolean {
  const key = EQUALITY.exec(req)?.[1] ?? SET.exec(req)?.[1] ?? EXISTS.exec(req)?.[1];
  return key !== undefined && keyNameLength(key) <= 63;
}

function keyNameLength(key: string): number {
  return key.slice(key.indexOf('/') + 1).length;
}

/** Splits on commas that are not inside a value set's parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
