/**
 * The sources' claims cannot hold vacuously. The pinned-verdict test (proofs_claims_test.ts) sees
 * only each verdict, and a check that compares a side with itself "holds" at every case. So:
 *
 * - every check (claim or correction) with a side by differences shows a non-zero discrepancy:
 *   a difference quotient never equals a formula bit for bit at every case;
 * - every check fails when one side is perturbed by 100 × its tolerance, relatively: the sides are
 *   not empty, not all 0 and not hidden under the floor;
 * - no check compares an expression with itself: in every `{ left: …, right: … }` a check returns
 *   and every `[left, right]` pair it passes to `pairs`, the two expressions differ. This one reads
 *   the checks' source text (Function.prototype.toString), because an exact check cannot be told
 *   from the outside: 20 of the exact checks that hold (when this was written) give both sides
 *   equal bit for bit at every case (the same numbers by two formulas), as a self-comparison would.
 */

import {
  type Checkable,
  checkCheckable,
  COMPARISONS,
  type Family,
  isMatrix,
  type Side,
  SOURCES,
  traceOf,
} from "../proofs/mod.ts";
import { exact, pairs } from "../proofs/claims/common.ts";
import { deepEqual, equal, ok } from "./assert.ts";

interface Entry {
  id: string;
  checkable: Checkable;
  family: Family;
}

/** Every checkable claim and every correction, with the family its cases come from. */
const CHECKS: Entry[] = SOURCES.flatMap((s) =>
  s.claims.flatMap((c) => {
    const out: Entry[] = [];
    if (c.checkable && c.family) out.push({ id: c.id, checkable: c.checkable, family: c.family });
    if (c.correction) {
      out.push({
        id: `${c.id} (corrected)`,
        checkable: c.correction,
        family: c.correction.family ?? c.family!,
      });
    }
    return out;
  })
);

const TRIALS = 20;

// ---------------------------------------------------------------------------------------------
// 1. Checks with a side by differences show a discrepancy

/** A check by differences that shows no discrepancy at all compares equal numbers: suspect. */
function showsDiscrepancy(e: Entry): boolean {
  return checkCheckable(e.id, e.checkable, e.family, { trials: TRIALS, symbolic: false }).worst > 0;
}

Deno.test("every check with a side by differences shows a non-zero discrepancy", () => {
  const byDifferences = CHECKS.filter((e) => e.checkable.compare !== "exact");
  ok(byDifferences.length >= 100, `${byDifferences.length} checks by differences`);
  deepEqual(byDifferences.filter((e) => !showsDiscrepancy(e)).map((e) => e.id), []);
});

// ---------------------------------------------------------------------------------------------
// 2. A perturbed side fails

/** The side with every entry multiplied by 1 + r, shape kept. */
function perturbed(s: Side, r: number): Side {
  if (typeof s === "number") return s * (1 + r);
  if (isMatrix(s)) return { ...s, data: s.data.map((v) => v * (1 + r)) };
  return Array.from(s as ArrayLike<number>, (v) => v * (1 + r));
}

/** In how many of the cases a relative change of 100 × the tolerance in the left side shows. */
function noticed(e: Entry): number {
  const { tolerance } = COMPARISONS[e.checkable.compare];
  const changed: Checkable = {
    compare: e.checkable.compare,
    check: (c) => {
      const s = e.checkable.check(c);
      return { ...s, left: perturbed(s.left, 100 * tolerance) };
    },
  };
  return checkCheckable(e.id, changed, e.family, { trials: TRIALS, symbolic: false }).failures;
}

Deno.test("every check that holds fails when one side is perturbed by 100 × its tolerance", () => {
  const holding = CHECKS.filter((e) =>
    checkCheckable(e.id, e.checkable, e.family, { trials: TRIALS, symbolic: false }).holds
  );
  ok(holding.length >= 130, `${holding.length} checks hold`);
  // At some cases both sides are legitimately all 0 (a dead ReLU layer, a softmax output of one
  // unit), so not every case notices; at least a quarter must. The fewest measured: 8 of 20
  // (calculus-appendix-expand and calculus-appendix-result, whose family draws one-unit softmax
  // outputs about half the time), then 9 (calculus-relu-one-neuron: z ≤ 0 half the time), then
  // 12; most checks notice at 16 to 20.
  const blind = holding
    .map((e) => ({ id: e.id, noticed: noticed(e) }))
    .filter((r) => r.noticed < TRIALS / 4)
    .map((r) => `${r.id}: noticed at ${r.noticed} of ${TRIALS} cases`);
  deepEqual(blind, []);
});

// ---------------------------------------------------------------------------------------------
// 3. No side is compared with itself

/**
 * The source with comments removed and every string or template literal replaced by a token,
 * the same token for the same text (S0, S1, …), so that brackets inside strings do not count.
 */
function code(source: string): string {
  const strings: string[] = [];
  const token = (from: number, to: number) => {
    const text = source.slice(from, to);
    if (!strings.includes(text)) strings.push(text);
    return `S${strings.indexOf(text)}`;
  };
  let out = "", i = 0;
  while (i < source.length) {
    const ch = source[i], next = source[i + 1];
    if (ch === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (ch === "/" && next === "*") {
      i = source.indexOf("*/", i + 2) + 2;
    } else if (ch === '"' || ch === "'") {
      const from = i++;
      while (source[i] !== ch) i += source[i] === "\\" ? 2 : 1;
      i++;
      out += token(from, i);
    } else if (ch === "`") {
      // a template literal, with ${…} holes that may hold anything but backticks
      const from = i++;
      let depth = 0;
      while (depth > 0 || source[i] !== "`") {
        if (source[i] === "\\") i++;
        else if (source[i] === "$" && source[i + 1] === "{" && depth === 0) depth = 1, i++;
        else if (depth > 0 && source[i] === "{") depth++;
        else if (depth > 0 && source[i] === "}") depth--;
        i++;
      }
      i++;
      out += token(from, i);
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const OPEN = "([{", CLOSE = ")]}";

/** The index of the bracket closing the one at `at`. */
function closing(s: string, at: number): number {
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    if (OPEN.includes(s[i])) depth++;
    else if (CLOSE.includes(s[i]) && --depth === 0) return i;
  }
  throw new Error(`no closing bracket for ${s.slice(at, at + 40)}`);
}

/** The top-level comma-separated items between the brackets at `at` and its partner. */
function items(s: string, at: number): { text: string; start: number }[] {
  const end = closing(s, at), out: { text: string; start: number }[] = [];
  let depth = 0, start = at + 1;
  for (let i = at + 1; i <= end; i++) {
    if (OPEN.includes(s[i])) depth++;
    else if (CLOSE.includes(s[i]) && i < end) depth--;
    if ((s[i] === "," && depth === 0) || i === end) {
      if (s.slice(start, i).trim() !== "") out.push({ text: s.slice(start, i), start });
      start = i + 1;
    }
  }
  return out;
}

/** The opening bracket of `s` that encloses position `at`. */
function enclosing(s: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    if (CLOSE.includes(s[i])) depth++;
    else if (OPEN.includes(s[i]) && depth-- === 0) return i;
  }
  throw new Error("not inside brackets");
}

/** A pair of side expressions found in a check's code, with where the right one starts. */
interface SidePair {
  left: string;
  right: string;
  rightAt: number;
  rightLength: number;
  /** `{ left: …, right }`: the right side is the variable `right`. */
  shorthand: boolean;
}

const squash = (e: string) => e.replace(/\s+/g, "");

/** Every { left, right } object and every [left, right] pair given to pairs(…) in the code. */
function sidePairs(s: string): SidePair[] {
  const out: SidePair[] = [];
  const pairOf = (l: { text: string }, r: { text: string; start: number }, shorthand = false) =>
    out.push({
      left: l.text,
      right: r.text,
      rightAt: r.start,
      rightLength: r.text.length,
      shorthand,
    });
  const objects = new Set<number>();
  for (const m of s.matchAll(/\bleft\s*:/g)) objects.add(enclosing(s, m.index!));
  for (const at of objects) {
    const props = new Map<string, { text: string; start: number; shorthand: boolean }>();
    for (const it of items(s, at)) {
      const m = /^\s*(\w+)\s*(:)?/.exec(it.text);
      if (!m) continue;
      // `right` alone is shorthand for right: right
      const value = m[2] ? it.text.slice(m[0].length) : m[1];
      const start = m[2] ? it.start + m[0].length : it.start + it.text.indexOf(m[1]);
      props.set(m[1], { text: value, start, shorthand: !m[2] });
    }
    const l = props.get("left"), r = props.get("right");
    if (l && r) pairOf(l, r, r.shorthand);
  }
  const pairLiterals = (list: { text: string; start: number }[]) => {
    for (const it of list) {
      const lead = it.text.search(/\S/);
      if (
        it.text[lead] !== "[" ||
        closing(s, it.start + lead) !== it.start + it.text.trimEnd().length - 1
      ) continue;
      const two = items(s, it.start + lead);
      if (two.length === 2) pairOf(two[0], two[1]);
    }
  };
  for (const m of s.matchAll(/\bpairs\s*\(/g)) {
    const args = items(s, m.index! + m[0].length - 1);
    const first = args[0], lead = first.text.search(/\S/);
    if (first.text[lead] === "[") pairLiterals(items(s, first.start + lead));
    else {
      const name = first.text.trim();
      for (const p of s.matchAll(new RegExp(`\\b${name}\\s*\\.\\s*push\\s*\\(`, "g"))) {
        pairLiterals(items(s, p.index! + p[0].length - 1));
      }
    }
  }
  return out;
}

/** The pairs whose two sides are the same expression. */
function selfComparisons(s: string): string[] {
  return sidePairs(s).filter((p) => squash(p.left) === squash(p.right)).map((p) => squash(p.left));
}

Deno.test("no check compares an expression with itself, and every check's sides are found", () => {
  for (const e of CHECKS) {
    const s = code(e.checkable.check.toString());
    ok(sidePairs(s).length > 0, `${e.id}: no { left, right } or pairs([…]) found in its check`);
    deepEqual(selfComparisons(s), [], `${e.id}: a side compared with itself`);
  }
});

Deno.test("replacing any check's right side with its left would be caught", () => {
  let mutants = 0;
  for (const e of CHECKS) {
    const s = code(e.checkable.check.toString());
    for (const p of sidePairs(s)) {
      const left = p.shorthand ? `right: ${p.left}` : p.left;
      const mutant = s.slice(0, p.rightAt) + left + s.slice(p.rightAt + p.rightLength);
      ok(selfComparisons(mutant).length > 0, `${e.id}: right := left (${squash(p.left)}) unseen`);
      mutants++;
    }
  }
  ok(mutants >= CHECKS.length, `${mutants} mutants`);
});

Deno.test("the detectors catch planted self-comparisons", () => {
  // Written as a claim's check would be, with the right side replaced by the left.
  const planted = [
    exact((c) => ({ left: traceOf(c).a[c.l], right: traceOf(c).a[c.l], at: `l = ${c.l}` })),
    exact((c) => {
      const t = traceOf(c);
      return pairs([[t.z[c.l], t.z[c.l].map((v) => v)], [t.a[c.l], t.a[c.l]]]);
    }),
    exact((c) => {
      const list: [Side, Side][] = [];
      for (let l = 1; l <= c.l; l++) list.push([traceOf(c).z[l], traceOf(c).z[l]]);
      return pairs(list);
    }),
  ];
  for (const p of planted) {
    ok(selfComparisons(code(p.check.toString())).length > 0, String(p.check));
  }
  // By the numbers: a check "by differences" whose sides are one expression shows no discrepancy.
  const family = CHECKS.find((e) => e.id === "nielsen-bp1")!.family;
  const same: Entry = {
    id: "planted",
    family,
    checkable: { compare: "finiteDifference", check: (c) => ({ left: c.x, right: c.x }) },
  };
  equal(showsDiscrepancy(same), false);
  // And a check whose sides are all 0 does not notice a perturbation.
  equal(noticed({ ...same, checkable: exact(() => ({ left: [0, 0], right: [0, 0] })) }), 0);
});
