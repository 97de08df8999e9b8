/**
 * The notebook display helpers: the MIME bundles they produce, deterministic plot ids, HTML and
 * script escaping, number formatting at its edges, and every bad input refused with an
 * ArgumentError.
 */

import {
  ArgumentError,
  bundleOf,
  type Figure,
  formatNumber,
  fromRows,
  JUPYTER_DISPLAY,
  latex,
  markdown,
  matrixToLatex,
  plot,
  table,
  vectorToLatex,
} from "../lib/mod.ts";
import { deepEqual, equal, ok, throwsWith } from "./assert.ts";

const keys = (b: Record<string, unknown>) => Object.keys(b).sort();

const figure = (): Figure => ({
  data: [{ type: "scatter", mode: "lines", x: [1, 2, 3], y: [0.5, 0.25, 0.125], name: "halves" }],
  layout: {
    title: { text: "Halving" },
    xaxis: { title: "step" },
    yaxis: { title: { text: "value" } },
  },
});

Deno.test("every helper returns an object the kernel displays through Symbol.for('Jupyter.display')", () => {
  for (const d of [plot(figure()), latex("x"), table([[1]]), markdown("m")]) {
    equal(
      typeof (d as unknown as Record<symbol, unknown>)[Symbol.for("Jupyter.display")],
      "function",
    );
  }
  equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  // Each call returns a fresh bundle: changing one does not change what is shown next time.
  const m = markdown("m");
  bundleOf(m)["text/markdown"] = "changed";
  equal(bundleOf(m)["text/markdown"], "m");
  throwsWith(() => bundleOf({} as never), 'bundleOf: argument "value"');
});

// ---------------------------------------------------------------------------------------------
// Numbers

Deno.test("formatNumber: zero, −0, tiny, large, rounding and the switch to scientific notation", () => {
  const cases: [number, string, string][] = [
    [0, "0", "0"],
    [-0, "0", "0"],
    [1, "1", "1"],
    [-1.5, "-1.5", "-1.5"],
    [1 / 3, "0.3333", "0.3333"],
    [2 / 3, "0.6667", "0.6667"],
    [1e-7, "1e-7", String.raw`1\times10^{-7}`],
    [-1.23456e-5, "-1.235e-5", String.raw`-1.235\times10^{-5}`],
    [1e-4, "0.0001", "0.0001"],
    [9.99996e-5, "0.0001", "0.0001"], // rounds up across the switch
    [123456, "1.235e5", String.raw`1.235\times10^{5}`],
    [1234, "1234", "1234"],
    [9999.6, "1e4", String.raw`1\times10^{4}`],
    [9.9996, "10", "10"],
    [1e21, "1e21", String.raw`1\times10^{21}`],
    [Number.MIN_VALUE, "4.941e-324", String.raw`4.941\times10^{-324}`],
  ];
  for (const [x, plain, tex] of cases) {
    equal(formatNumber(x), plain, `plain ${x}`);
    equal(formatNumber(x, { latex: true }), tex, `latex ${x}`);
  }
  equal(formatNumber(123456, { digits: 6 }), "123456");
  equal(formatNumber(Math.PI, { digits: 1 }), "3");
  equal(formatNumber(Math.PI, { digits: 17 }), "3.1415926535897931");
});

Deno.test("formatNumber refuses NaN, ±Infinity, non-numbers and bad digit counts", () => {
  for (const x of [NaN, Infinity, -Infinity]) {
    const e = throwsWith(() => formatNumber(x), 'formatNumber: argument "x"', "finite number");
    ok(e instanceof ArgumentError);
  }
  throwsWith(() => formatNumber("1" as unknown as number), '"x"', 'the string "1"');
  throwsWith(() => formatNumber(1, { digits: 0 }), '"options.digits"', "integer ≥ 1");
  throwsWith(() => formatNumber(1, { digits: 2.5 }), '"options.digits"');
  throwsWith(() => formatNumber(1, { digits: 18 }), '"options.digits"', "1..17");
});

// ---------------------------------------------------------------------------------------------
// LaTeX

Deno.test("vectorToLatex and matrixToLatex: bmatrix, digits, −0 and scientific entries", () => {
  equal(
    vectorToLatex(Float64Array.of(-0, 1e-7, 123456)),
    String.raw`\begin{bmatrix} 0 \\ 1\times10^{-7} \\ 1.235\times10^{5} \end{bmatrix}`,
  );
  equal(vectorToLatex([1 / 3], { digits: 2 }), String.raw`\begin{bmatrix} 0.33 \end{bmatrix}`);
  const rows = [[1, -2.5], [1 / 7, 0]];
  const expected = String.raw`\begin{bmatrix} 1 & -2.5 \\ 0.1429 & 0 \end{bmatrix}`;
  equal(matrixToLatex(rows), expected);
  equal(matrixToLatex(fromRows(rows)), expected);
  equal(matrixToLatex(fromRows([[1, 2, 3]])), String.raw`\begin{bmatrix} 1 & 2 & 3 \end{bmatrix}`);
});

Deno.test("vectorToLatex and matrixToLatex refuse bad input, naming the entry", () => {
  throwsWith(() => vectorToLatex([1, NaN]), 'vectorToLatex: argument "v[1]"', "finite", "NaN");
  throwsWith(() => vectorToLatex([]), '"v"', "at least one entry");
  throwsWith(() => vectorToLatex(3 as unknown as number[]), '"v"', "array of numbers");
  throwsWith(() => vectorToLatex([1], { digits: -1 }), '"options.digits"');
  throwsWith(() => matrixToLatex([[1, 2], [3]]), 'matrixToLatex: argument "m[1]"', "2 entries");
  throwsWith(() => matrixToLatex([]), '"m"', "at least one row");
  throwsWith(() => matrixToLatex([[]]), '"m[0]"', "at least one entry");
  throwsWith(() => matrixToLatex([[1, Infinity]]), '"m[0][1]"', "Infinity");
  const bad = fromRows([[1, 2]]);
  bad.data[1] = NaN;
  throwsWith(() => matrixToLatex(bad), '"m at (0, 1)"', "NaN");
  throwsWith(() => matrixToLatex({ rows: 2, cols: 2 } as never), '"m"', "a Matrix");
});

Deno.test("latex: the three MIME types, and cooked template literals caught", () => {
  const tex = String.raw`\frac{\partial C}{\partial b^l_j} = \delta^l_j`;
  const b = bundleOf(latex(tex));
  deepEqual(keys(b), ["text/latex", "text/markdown", "text/plain"]);
  equal(b["text/markdown"], `$$\n${tex}\n$$`);
  equal(b["text/latex"], `$$${tex}$$`);
  equal(b["text/plain"], tex);
  // `\frac` in a plain template literal is a form feed followed by "rac".
  throwsWith(() => latex(`\frac{1}{2}`), 'latex: argument "tex"', "String.raw", "index 0");
  throwsWith(() => latex(`\theta`), '"tex"', "control character");
  throwsWith(() => latex(""), '"tex"', "non-empty");
  throwsWith(() => latex(1 as unknown as string), '"tex"', "the number 1");
});

// ---------------------------------------------------------------------------------------------
// Markdown and tables

Deno.test("markdown: text/markdown with a plain-text copy; strings only", () => {
  deepEqual(bundleOf(markdown("*δ* = 1")), { "text/markdown": "*δ* = 1", "text/plain": "*δ* = 1" });
  throwsWith(() => markdown(undefined as unknown as string), 'markdown: argument "text"');
});

Deno.test("table: HTML, markdown and plain text, numbers formatted once for all three", () => {
  const b = bundleOf(
    table([["dW[1]", 1.23456e-13], ["db[1]", -0]], { headers: ["block", "max relative error"] }),
  );
  deepEqual(keys(b), ["text/html", "text/markdown", "text/plain"]);
  equal(
    b["text/markdown"],
    [
      "| block | max relative error |",
      "| --- | ---: |",
      "| dW[1] | 1.235e-13 |",
      "| db[1] | 0 |",
    ].join("\n"),
  );
  equal(
    b["text/plain"],
    [
      "block  max relative error",
      "-----  ------------------",
      "dW[1]           1.235e-13",
      "db[1]                   0",
    ].join("\n"),
  );
  const html = String(b["text/html"]);
  ok(html.startsWith("<table>\n<thead>\n<tr><th>block</th>"), html);
  ok(html.includes('<td style="text-align: right">1.235e-13</td>'), html);
  ok(html.includes("<tbody>") && html.endsWith("</table>"), html);
  equal(
    bundleOf(table([[1 / 3]], { digits: 2 }))["text/plain"],
    "0.33",
    "digits, and no header lines without headers",
  );
});

Deno.test("table escapes: | and newlines in markdown, <, &, quotes in HTML", () => {
  const b = bundleOf(table([["a|b", "x\ny"], ["<script>&", `"'`]], { headers: ["h|1", "h2"] }));
  const md = String(b["text/markdown"]);
  equal(
    md,
    ["| h\\|1 | h2 |", "| --- | --- |", "| a\\|b | x y |", `| &lt;script>& | "' |`].join("\n"),
  );
  const html = String(b["text/html"]);
  ok(html.includes("<td>&lt;script&gt;&amp;</td>"), html);
  ok(html.includes("<td>&quot;&#39;</td>"), html);
  ok(!html.includes("<script>"), "no raw tag from a cell");
  // A `<` that cannot open a tag stays as written.
  equal(
    bundleOf(table([["ε < 1e-4", "</b> <!-- x"]]))["text/markdown"],
    "|  |  |\n| --- | --- |\n| ε < 1e-4 | &lt;/b> &lt;!-- x |",
  );
  // `code` spans are code in the HTML form too; what is inside them is still escaped.
  const code = String(bundleOf(table([["`deltaRecursion` and `a<b`"]]))["text/html"]);
  ok(code.includes("<td><code>deltaRecursion</code> and <code>a&lt;b</code></td>"), code);
  // Without headers the markdown table still has the header row GitHub requires, left empty.
  equal(bundleOf(table([["a", 1]]))["text/markdown"], "|  |  |\n| --- | ---: |\n| a | 1 |");
});

Deno.test("table: column alignment by code points, a mixed column left-aligned", () => {
  const plain = String(
    bundleOf(table([["δ", 1], ["αβγ", "n/a"]], { headers: ["x", "y"] }))["text/plain"],
  );
  equal(plain, ["x    y", "---  ---", "δ    1", "αβγ  n/a"].join("\n"));
});

Deno.test("table refuses bad rows, cells, headers and options", () => {
  throwsWith(() => table("rows" as never), 'table: argument "rows"', "an array of rows");
  throwsWith(() => table([]), '"rows"', "at least one row");
  throwsWith(() => table([[]]), '"rows[0]"', "at least one cell");
  throwsWith(() => table([[1, 2], [3]]), '"rows[1]"', "2 cells (as rows[0])", "1 cells");
  throwsWith(() => table([[1]], { headers: ["a", "b"] }), '"rows[0]"', "as options.headers");
  throwsWith(() => table([["a", NaN]]), '"rows[0][1]"', "finite number", "NaN");
  throwsWith(() => table([[Infinity]]), '"rows[0][0]"', "Infinity");
  throwsWith(() => table([[null as never]]), '"rows[0][0]"', "a number or a string", "null");
  throwsWith(() => table([["a"]], { headers: [] }), '"options.headers"', "non-empty");
  throwsWith(() => table([["a"]], { headers: [1 as never] }), '"options.headers[0]"');
  throwsWith(() => table([[1]], { digits: 0 }), '"options.digits"');
  throwsWith(() => table([[1]], null as never), '"options"');
  // Headers alone make an empty table (a table to be filled in later is still a table).
  ok(String(bundleOf(table([], { headers: ["a"] }))["text/html"]).includes("<th>a</th>"));
});

// ---------------------------------------------------------------------------------------------
// Plots

const LOADER = "<script data-course-plotly-loader>";

/** A plot's bundle as every plot but the session's first shows it: without plotly.js inline. */
function laterBundle(figure: Figure, options?: Parameters<typeof plot>[1]) {
  bundleOf(
    plot({
      data: [{ x: [0], y: [0] }],
      layout: { title: "t", xaxis: { title: "x" }, yaxis: { title: "y" } },
    }),
  );
  return bundleOf(plot(figure, options));
}

Deno.test("plot: plotly JSON, an HTML fallback with a note, and the title as text", () => {
  const b = laterBundle(figure(), { id: "halving" });
  deepEqual(keys(b), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  const expected = figure() as { data: object[]; layout: Record<string, unknown> };
  expected.layout.xaxis = { title: { text: "step" } }; // the string title, as plotly.js 3 wants it
  deepEqual(b["application/vnd.plotly.v1+json"], expected);
  equal(b["text/plain"], "Halving");
  const html = String(b["text/html"]);
  // The div holds the note (shown where no script runs, as in an untrusted notebook) until the
  // script draws; the script draws now, or queues itself for plotly.js's loader.
  ok(
    html.startsWith(
      '<div id="halving" class="plotly-figure" style="width: 100%;"><p class="course-plot-note">' +
        "Plot “Halving” is not drawn: plotly.js is not on this page. In Jupyter, trust the " +
        "notebook (File → Trust Notebook), then restart the kernel and run all cells; in VS Code, " +
        "install the Jupyter Notebook Renderers extension; or read the exported course",
    ),
    html.slice(0, 500),
  );
  ok(html.includes("</p></div>\n<script>\n(function () {"), html);
  ok(html.includes('el.style.height = "450px";\n'), html);
  ok(html.includes('window.Plotly.newPlot("halving", [{"type":"scatter"'), html);
  ok(html.includes("{responsive: true}"), html);
  ok(html.includes("(window.coursePlotlyWaiting = window.coursePlotlyWaiting || []).push(draw)"));
  ok(!html.includes(LOADER), "only the first plot shown carries plotly.js");
  ok(html.trimEnd().endsWith("</script>"));
});

Deno.test("plot: the first plot shown in a session carries plotly.js inline, once", async () => {
  const source = await Deno.readTextFile(
    new URL("../node_modules/plotly.js-dist-min/plotly.min.js", import.meta.url),
  );
  ok(source.length > 1_000_000 && source.includes("window.Plotly = Plotly"), "plotly.min.js");
  // A module instance is a kernel session: import display.ts afresh, twice.
  const session = (name: string) =>
    import(`../lib/display.ts?session=${name}`) as Promise<typeof import("../lib/display.ts")>;
  const one = await session("one");
  const made = [1, 2, 3].map(() => one.plot(figure()));
  // The first *shown* carries it (the second made, here), and nothing after it does.
  const shown = (i: number) => String(one.bundleOf(made[i])["text/html"]);
  const second = shown(1);
  equal(second.split(LOADER).length, 2, "one loader in the first plot shown");
  equal(second.split(source).length, 2, "plotly.min.js whole, once");
  for (const later of [shown(0), shown(2), shown(1)]) {
    ok(!later.includes(LOADER) && !later.includes("window.Plotly = Plotly"), "not again");
  }
  // Between the div and the plot's own script, so the script finds window.Plotly; its wrapper
  // hides define/require/module/exports (require.js pages) and it skips a page that has Plotly.
  const [div, rest] = second.split(`\n${LOADER}`);
  ok(div.startsWith('<div id="plot-2"') && div.endsWith("</p></div>"), div);
  ok(
    rest.includes(
      "if (!window.Plotly) {\n(function (define, require, module, exports) {\n" + source +
        "\n}).call(window);\n}\n",
    ),
  );
  ok(rest.includes("(window.coursePlotlyWaiting || []).splice(0).forEach("), "draws the waiting");
  equal(rest.match(/<\/script>/g)?.length, 2, "the loader's end tag and the plot script's");
  ok(rest.indexOf("</script>") < rest.indexOf("window.Plotly.newPlot"), "the loader first");

  // Another session carries its own copy; a reset makes the next plot carry it again.
  const two = await session("two");
  ok(String(two.bundleOf(two.plot(figure()))["text/html"]).includes(LOADER), "a new session");
  ok(!String(one.bundleOf(one.plot(figure()))["text/html"]).includes(LOADER));
  one.resetPlotlyLoader();
  ok(String(one.bundleOf(one.plot(figure()))["text/html"]).includes(LOADER), "after a reset");
  ok(!String(one.bundleOf(one.plot(figure()))["text/html"]).includes(LOADER));
});

Deno.test("plot: without node_modules' plotly.min.js, a note says so and the next plot tries again", async () => {
  // lib/ copied where ../node_modules has no plotly.js.
  const root = await Deno.makeTempDir({ prefix: "plot-no-plotly-" });
  try {
    await Deno.mkdir(`${root}/lib`);
    for await (const e of Deno.readDir(new URL("../lib", import.meta.url))) {
      if (e.isFile && e.name.endsWith(".ts")) {
        await Deno.copyFile(new URL(`../lib/${e.name}`, import.meta.url), `${root}/lib/${e.name}`);
      }
    }
    const lib = await import(`file://${root}/lib/display.ts`) as typeof import("../lib/display.ts");
    const html = () => String(lib.bundleOf(lib.plot(figure()))["text/html"]);
    const first = html();
    ok(!first.includes(LOADER), first.slice(0, 800));
    ok(
      first.includes(
        `<p class="course-plot-note">plotly.js could not be put on this page: ${root}/` +
          "node_modules/plotly.js-dist-min/plotly.min.js cannot be read (it is missing). Run " +
          "`deno install` in the course&#39;s folder, then show the plot again.</p>",
      ),
      first.slice(0, 1500),
    );
    ok(html().includes("plotly.js could not be put on this page"), "still missing: said again");
    await Deno.mkdir(`${root}/node_modules/plotly.js-dist-min`, { recursive: true });
    await Deno.writeTextFile(
      `${root}/node_modules/plotly.js-dist-min/plotly.min.js`,
      "window.Plotly = {};",
    );
    const third = html();
    ok(third.includes(`${LOADER}\n`) && third.includes("\nwindow.Plotly = {};\n"), third);
    ok(!third.includes("could not be put"));
    ok(!html().includes(LOADER), "and only once");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("plot: string titles become { text } wherever a title is; user data is left alone", () => {
  const b = laterBundle({
    data: [
      {
        x: [1],
        y: [1],
        marker: { colorbar: { title: "scale" } },
        meta: { title: "mine" },
        customdata: [{ title: "mine" }],
      },
      { type: "pie", values: [1], labels: ["a"], title: "slices" },
    ],
    layout: {
      title: "Plot",
      xaxis: { title: "x" },
      yaxis: { title: { text: "y", font: { size: 12 } } },
      yaxis2: { title: "y₂" },
      scene: { zaxis: { title: "z" } },
      legend: { title: "traces" },
      coloraxis: { colorbar: { title: "c" } },
      meta: { title: "mine" },
    },
  });
  const json = b["application/vnd.plotly.v1+json"] as { data: object[]; layout: object };
  deepEqual(json.data, [
    {
      x: [1],
      y: [1],
      marker: { colorbar: { title: { text: "scale" } } },
      meta: { title: "mine" },
      customdata: [{ title: "mine" }],
    },
    { type: "pie", values: [1], labels: ["a"], title: { text: "slices" } },
  ]);
  deepEqual(json.layout, {
    title: { text: "Plot" },
    xaxis: { title: { text: "x" } },
    yaxis: { title: { text: "y", font: { size: 12 } } },
    yaxis2: { title: { text: "y₂" } },
    scene: { zaxis: { title: { text: "z" } } },
    legend: { title: { text: "traces" } },
    coloraxis: { colorbar: { title: { text: "c" } } },
    meta: { title: "mine" },
  });
  equal(b["text/plain"], "Plot");
  // The HTML draws the same figure.
  const html = String(b["text/html"]);
  ok(html.includes(`"xaxis":{"title":{"text":"x"}}`) && !html.includes(`"title":"x"`), html);
});

Deno.test("plot: typed arrays become plain arrays; height goes to the div and the layout", () => {
  const b = bundleOf(plot({
    data: [{ x: Float64Array.of(1, 2), y: new Float32Array([3, 4]) }],
    layout: { title: "t", xaxis: { title: "x" }, yaxis: { title: "y" } },
  }, { height: 300 }));
  const json = b["application/vnd.plotly.v1+json"] as {
    data: { x: unknown; y: unknown }[];
    layout: { height: number };
  };
  ok(
    Array.isArray(json.data[0].x) && Array.isArray(json.data[0].y),
    "plain arrays serialise as arrays",
  );
  deepEqual(json.data[0].x, [1, 2]);
  equal(json.layout.height, 300);
  ok(String(b["text/html"]).includes('el.style.height = "300px";'));
});

Deno.test("plot ids count plot-1, plot-2, … and are the same in every fresh run", async () => {
  const id = (d: ReturnType<typeof plot>) =>
    String(bundleOf(d)["text/html"]).match(/^<div id="([^"]+)"/)?.[1];
  const first = id(plot(figure()));
  const second = id(plot(figure()));
  ok(/^plot-\d+$/.test(first ?? ""), `${first}`);
  equal(Number(second?.slice(5)), Number(first?.slice(5)) + 1);
  equal(id(plot(figure(), { id: "mine" })), "mine", "an explicit id does not use the counter");
  equal(id(plot(figure())), `plot-${Number(first?.slice(5)) + 2}`);

  // Two fresh processes (two kernel sessions) give identical outputs, starting at plot-1.
  const mod = new URL("../lib/mod.ts", import.meta.url).href;
  const code = `
    import { bundleOf, plot } from "${mod}";
    const fig = { data: [{ x: [1, 2], y: [3, 4] }],
      layout: { title: "t", xaxis: { title: "x" }, yaxis: { title: "y" } } };
    console.log(JSON.stringify([bundleOf(plot(fig)), bundleOf(plot(fig))]));`;
  const run = async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", code],
      env: { NO_COLOR: "1" },
    }).output();
    ok(out.success, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  };
  const [a, b] = [await run(), await run()];
  equal(a, b);
  const bundles = JSON.parse(a) as Record<string, string>[];
  ok(bundles[0]["text/html"].startsWith('<div id="plot-1"'));
  ok(bundles[1]["text/html"].startsWith('<div id="plot-2"'));
});

Deno.test("plot: strings in the figure cannot close the script or open a comment", () => {
  const evil = "</script><script>alert(1)</script><!-- & \u2028";
  const html = String(
    laterBundle({
      data: [{ x: [evil, "b"], y: [1, 2], type: "bar", name: evil }],
      layout: { title: evil, xaxis: { title: evil }, yaxis: { title: "y" } },
    })["text/html"],
  );
  equal(html.match(/<\/script>/gi)?.length, 1, "only the script's own end tag");
  equal(html.match(/<script>/gi)?.length, 1, "only the script's own start tag");
  ok(!html.includes("<!--"));
  ok(!html.includes("\u2028"));
  ok(html.includes("\\u003c/script\\u003e"), "escaped as JSON unicode escapes");
  // The escaped JSON still parses back to the same strings.
  const data = html.match(/newPlot\("plot-\d+", (\[.*?\]), \{"title"/)?.[1];
  ok(data !== undefined, html);
  equal(JSON.parse(data!)[0].name, evil);
});

Deno.test("plot refuses non-finite points, naming the trace and the point", () => {
  const withY = (y: unknown[], trace = 0) => {
    const f = figure() as { data: Record<string, unknown>[]; layout: object };
    f.data.push({ x: [1, 2, 3], y: [1, 2, 3] });
    f.data[trace].y = y;
    return () => plot(f as Figure);
  };
  throwsWith(
    withY([1, NaN, 3]),
    'plot: argument "figure.data[0].y"',
    "finite numbers only",
    "NaN at point 1 of trace 0",
  );
  throwsWith(withY([1, 2, Infinity], 1), '"figure.data[1].y"', "Infinity at point 2 of trace 1");
  throwsWith(withY([1, null, 3]), '"figure.data[0].y"', "null at point 1");
  throwsWith(withY([1, 2]), '"figure.data[0]"', "x of length 3 and y of length 2");
  throwsWith(withY("123" as never), '"figure.data[0].y"', "an array of values");
  throwsWith(
    () =>
      plot({
        data: [{ type: "heatmap", z: [[1, 2], [3, -Infinity]] }],
        layout: { title: "t", xaxis: { title: "x" }, yaxis: { title: "y" } },
      }),
    '"figure.data[0].z"',
    "-Infinity at point (1, 1) of trace 0",
  );
  // Elsewhere in the figure a NaN is refused too, with its path.
  throwsWith(
    () =>
      plot({
        data: [{ x: [1], y: [1], marker: { size: NaN } }],
        layout: { title: "t", xaxis: { title: "x" }, yaxis: { title: "y" } },
      }),
    '"figure.data[0].marker.size"',
  );
  throwsWith(
    () =>
      plot({
        data: [{ x: [1], y: [1] }],
        layout: { title: "t", xaxis: { title: "x", range: [0, NaN] }, yaxis: { title: "y" } },
      }),
    '"figure.layout.xaxis.range[1]"',
  );
});

Deno.test("plot refuses bad figures and options", () => {
  throwsWith(() => plot(null as never), 'plot: argument "figure"');
  throwsWith(() => plot([] as never), '"figure"');
  throwsWith(() => plot({ data: {} } as never), '"figure.data"', "an array of traces", "an object");
  throwsWith(() => plot({ data: [] }), '"figure.data"', "at least one trace");
  throwsWith(() => plot({ data: [null as never] }), '"figure.data[0]"', "a trace object");
  throwsWith(() => plot({ data: [{ type: 3 }] }), '"figure.data[0].type"');
  throwsWith(() => plot({ ...figure(), layout: "t" as never }), '"figure.layout"', "an object");
  throwsWith(
    () => plot({ data: [{ x: [1], y: [1], hover: () => 1 }], layout: figure().layout }),
    '"figure.data[0].hover"',
    "plain JSON",
  );
  throwsWith(() => plot(figure(), { id: "1st" }), '"options.id"', "HTML id");
  throwsWith(() => plot(figure(), { id: 'a" onload="x' }), '"options.id"');
  throwsWith(() => plot(figure(), { height: 0 }), '"options.height"');
  throwsWith(() => plot(figure(), { height: NaN }), '"options.height"');
  throwsWith(() => plot(figure(), null as never), '"options"');
});

Deno.test("plot requires a title and titled axes, except for trace types without axes", () => {
  const base = figure();
  const layout = base.layout as Record<string, unknown>;
  throwsWith(
    () => plot({ data: base.data }),
    '"figure.layout.title"',
    "every plot in the course has one",
  );
  throwsWith(() => plot({ ...base, layout: { ...layout, title: "  " } }), '"figure.layout.title"');
  throwsWith(
    () => plot({ ...base, layout: { ...layout, title: { text: "" } } }),
    '"figure.layout.title"',
  );
  throwsWith(
    () => plot({ ...base, layout: { ...layout, xaxis: {} } }),
    '"figure.layout.xaxis.title"',
    "every axis in the course is labelled",
  );
  throwsWith(
    () => plot({ ...base, layout: { ...layout, yaxis: { title: { font: { size: 12 } } } } }),
    '"figure.layout.yaxis.title"',
  );
  // A trace on the second x axis needs xaxis2 titled.
  throwsWith(
    () => plot({ data: [...base.data, { x: [1], y: [1], xaxis: "x2" }], layout }),
    '"figure.layout.xaxis2.title"',
  );
  plot({
    data: [...base.data, { x: [1], y: [1], xaxis: "x2" }],
    layout: { ...layout, xaxis2: { title: "x₂" } },
  });
  // 3-D traces: the scene's three axes.
  throwsWith(
    () => plot({ data: [{ type: "surface", z: [[1, 2], [3, 4]] }], layout: { title: "s" } }),
    '"figure.layout.scene.xaxis.title"',
  );
  plot({
    data: [{ type: "surface", z: [[1, 2], [3, 4]] }],
    layout: {
      title: "s",
      scene: { xaxis: { title: "x" }, yaxis: { title: "y" }, zaxis: { title: "z" } },
    },
  });
  // A pie has no axes, but still a title.
  const pie = { data: [{ type: "pie", values: [1, 2], labels: ["a", "b"] }] };
  equal(bundleOf(plot({ ...pie, layout: { title: "Shares" } }))["text/plain"], "Shares");
  throwsWith(() => plot(pie), '"figure.layout.title"');
});
