/**
 * Every export of lib/mod.ts and proofs/mod.ts is documented: functions, classes and constants with an @example
 * (which `deno test --doc` runs), types and interfaces with at least a sentence.
 */

import { ok } from "./assert.ts";

interface DocSymbol {
  name: string;
  kind?: string;
  declarations: { kind?: string; jsDoc?: { doc?: string; tags?: { kind: string }[] } }[];
}

for (const [module, atLeast] of [["lib/mod.ts", 40], ["proofs/mod.ts", 60]] as const) {
  Deno.test(`every export of ${module} has JSDoc, and every value export an @example`, async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", new URL(`../${module}`, import.meta.url).pathname],
      env: { NO_COLOR: "1" },
    }).output();
    ok(out.success, new TextDecoder().decode(out.stderr));
    const json = JSON.parse(new TextDecoder().decode(out.stdout));
    const modules = Object.values(json.nodes) as { symbols: DocSymbol[] }[];
    const symbols = modules.flatMap((m) => m.symbols);
    ok(symbols.length > atLeast, `expected ${module}'s exports, found ${symbols.length}`);
    const missing: string[] = [];
    for (const s of symbols) {
      const kind = s.kind ?? s.declarations[0]?.kind ?? "";
      const docs = s.declarations.map((d) => d.jsDoc).filter((d) => d !== undefined);
      if (!docs.some((d) => (d.doc ?? "").trim().length > 0)) missing.push(`${s.name}: no JSDoc`);
      const isValue = kind === "function" || kind === "class" || kind === "variable";
      if (isValue && !docs.some((d) => (d.tags ?? []).some((t) => t.kind === "example"))) {
        missing.push(`${s.name} (${kind}): no @example`);
      }
    }
    ok(missing.length === 0, `undocumented exports of ${module}:\n${missing.join("\n")}`);
  });
}
