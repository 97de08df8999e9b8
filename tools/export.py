"""Export executed notebooks to the course's HTML pages, offline, with navigation.

Usage: export.py MANIFEST.json

The manifest (written by tools/build.ts from the course file, course.yml):
  {"outDir": DIR,
   "course": {"title", "subtitle", "intro", "author", "institution", "footer", "license": str,
              "theme": {"--accent": colour, ...}, "logo"?: "assets/logo.png", "favicon"?: ...},
   "notebooks": [{"source": executed .ipynb, "name": "04_matrix_form", "key": "matrix-form",
                  "number": 4 | null, "part": caption | null}, ...],   (reading order)
   "others": ["10_mnist", ...]}   (the course file's chapters this build leaves out)

Writes DIR/<name>.html for every notebook and DIR/index.html (the table of contents), with
nbconvert's HTMLExporter and the template in tools/template/ (nbconvert's `lab`, with local
MathJax 3 and plotly, one stylesheet, and a navigation bar at the top and bottom of every page).
Prints one JSON line per page: {"page": "00_welcome.html", "title": ..., "summary": ...}.
Exits 1 with a message on stderr when a notebook cannot be read or exported.

A chapter's title is the text of its first `# ` heading; its summary is
metadata.course.summary when the notebook sets it, else the first paragraph after that heading.
Its objectives, listed under it on the index, are the Markdown list after the line
"**By the end of this chapter you will**" (or "What you will learn"), when it has one.

Every page but the index gets its own table of contents (<nav class="course-page-toc">): its
h2 headings, h3 nested, linking to the ids nbconvert gave them, put where the template wrote
`<!-- course-page-toc -->`.

A chapter's number is the manifest's (its position in the course file; file names carry none).
Previous/next follow the manifest's order; the index groups the chapters by part.

On the pages, Markdown links to a sibling notebook (`[the matrix form](04_matrix_form.ipynb#A)`,
`<a href="04_matrix_form.ipynb">`) point to its page (`04_matrix_form.html#A`); code spans and
fenced code are left alone. A Markdown link to another chapter of the build also shows that
chapter's current number (a small "ch. 4" after the text) and has its number and title as a
tooltip; a link to a chapter of the course file that this build leaves out (a variant) becomes
its text, followed by "(not in this course)". This is done on a copy: the notebooks for download
keep .ipynb and the text as written.

A code cell tagged `hide-input` (metadata.tags), or with metadata.jupyter.source_hidden, shows its
code folded in a closed <details class="course-fold"> (the template does it); outputs stay visible.

The inline copy of plotly.js that lib/display.ts's plot() puts in the first plot of a kernel
session (`<script data-course-plotly-loader>`, 4.8 MB) is removed from the pages, which load
assets/plotly.min.js once in their head, and from the executed notebooks offered for download
(the manifest's sources, rewritten in place): their plots draw in VS Code and JupyterLab's
renderers, and in Notebook once their cells are run again.
"""

import base64
import copy
import html
import json
import os
import re
import sys

import nbformat
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

TOOLS = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = "template"  # tools/template/, found through extra_template_basedirs


def html_escape(text):
    return html.escape(str(text), quote=True)


def base64_text(text):
    """Base64 of a text (for data: URIs of SVG outputs, which nbconvert 6.5 would empty)."""
    if isinstance(text, list):
        text = "".join(text)
    return base64.b64encode(str(text).encode("utf-8")).decode("ascii")


def make_exporter():
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[TOOLS],
        # Belt and braces: the template replaces the blocks that use these, so no URL outside
        # the site could appear even if a block were left in.
        require_js_url="",
        mathjax_url="assets/mathjax/tex-chtml-full.js",
        jupyter_widgets_base_url="",
    )
    exporter.register_filter("base64_text", base64_text)
    return exporter


def chapter_label(number):
    """What the page says it is: "Chapter N", or None (a chapter the course does not number)."""
    return None if number is None else f"Chapter {number}"


# A link target that is a notebook beside this one: a bare file name (optionally "./"), no folder,
# no scheme; the fragment, if any, is kept.
SIBLING = r"(?:\./)?([A-Za-z0-9][A-Za-z0-9_.-]*)\.ipynb(#[^\s)\"'<>]*)?"
# `](target)` and `](target "title")`
MD_LINK = re.compile(r"(\]\(\s*<?)" + SIBLING + r"(?=>?(?:\s|\)))")
# `[ref]: target` (reference definitions)
MD_REF = re.compile(r"(^[ ]{0,3}\[[^\]]+\]:[ \t]*<?)" + SIBLING + r"(?=>?(?:\s|$))", re.M)
# `href="target"` / `href='target'` in raw HTML
HTML_HREF = re.compile(r"(\bhref\s*=\s*[\"'])" + SIBLING + r"(?=[\"'])", re.I)
# What is not prose: fenced code blocks and inline code spans (a run of backticks, closed by
# a run as long, within one paragraph)
CODE = re.compile(
    r"""
    ^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ ]{0,3}\1[^\n]*$|\Z)
    | (`+)(?:(?!\n[ \t]*\n)[\s\S])*?(?<!`)\2(?!`)
    """,
    re.M | re.X,
)


# A whole inline link to a sibling notebook: `[text](x.ipynb#a "title")` (text may hold one level
# of brackets, not a blank line)
MD_FULL_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?" + SIBLING + r">?(?:\s+\"[^\"]*\")?\s*\)"
)


def sibling_links_to_html(text, chapters=None, others=(), here=None):
    """Rewrites links to sibling notebooks (x.ipynb, x.ipynb#a) to pages (x.html, x.html#a).

    chapters: name → {"number", "title"} of the chapters built; a Markdown link to one of them
    (other than `here`) gets its number after the text and a tooltip. others: names of the course
    file's chapters left out of this build, whose links become plain text with a note."""
    chapters = chapters or {}

    def to_html(m):
        return f"{m.group(1)}{m.group(2)}.html{m.group(3) or ''}"

    def chapter_link(m):
        text, name, anchor = m.group(1), m.group(2), m.group(3) or ""
        if name in others:
            return f'{text}<span class="course-xref-out"> (not in this course)</span>'
        chapter = chapters.get(name)
        if chapter is None or name == here:
            return m.group(0)
        number = chapter["number"]
        tip = f"Chapter {number}: {chapter['title']}" if number is not None else chapter["title"]
        tip = tip.replace("\\", "\\\\").replace('"', '\\"')
        mark = f'<span class="course-xref-n">ch.&nbsp;{number}</span>' if number is not None else ""
        return f'[{text}{mark}]({name}.ipynb{anchor} "{tip}")'

    def prose(part):
        part = MD_FULL_LINK.sub(chapter_link, part)
        for pattern in (MD_LINK, MD_REF, HTML_HREF):
            part = pattern.sub(to_html, part)
        return part

    out = []
    last = 0
    for m in CODE.finditer(text):
        out.append(prose(text[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(prose(text[last:]))
    return "".join(out)


DETAILS = re.compile(r"(<details[^>]*>\s*<summary>.*?</summary>)(.*?)(</details>)", re.S)


def details_to_html(text):
    """Converts the Markdown inside <details> blocks (exercise hints) to HTML.

    nbconvert 6.5's Markdown (mistune 0.8) takes a whole <details>…</details> as one raw HTML
    block and leaves the Markdown inside it unconverted (`code`, *emphasis*, fences showed
    raw), while Jupyter and VS Code render it. Math is left to MathJax, as in any cell.
    """
    return DETAILS.sub(
        lambda m: f"{m.group(1)}\n{markdown2html_mistune(m.group(2))}\n{m.group(3)}", text
    )


# plot()'s loader: one <script> element (plotly.min.js holds no "</script"; the loader escapes one)
PLOTLY_LOADER = re.compile(r"\n?<script data-course-plotly-loader>.*?</script>", re.S)


def strip_plotly_loader(nb):
    """Removes plot()'s inline plotly.js from the notebook's text/html outputs, in place.

    Returns how many copies were removed."""
    removed = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html is None:
                continue
            text = html if isinstance(html, str) else "".join(html)
            if "data-course-plotly-loader" not in text:
                continue
            text, n = PLOTLY_LOADER.subn("", text)
            removed += n
            output["data"]["text/html"] = text
    return removed


def pages_notebook(nb, chapters=None, others=(), here=None):
    """A copy of the notebook for the pages: Markdown cells link to sibling pages, not
    notebooks (see sibling_links_to_html), and the Markdown inside their <details> blocks is
    HTML."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
            cell.source = details_to_html(sibling_links_to_html(source, chapters, others, here))
    return nb


HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
NOT_PROSE = re.compile(r"^(#|\||```|~~~|\$\$|\\\[|<|>|[-*+]\s|\d+[.)]\s|!\[|---|\*\*\*|___)")


def markdown_sources(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield cell.source if isinstance(cell.source, str) else "".join(cell.source)


def title_and_summary(nb, name):
    """The first `# ` heading, and the summary (metadata, else the paragraph after the heading)."""
    title = None
    summary = None
    for source in markdown_sources(nb):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", source) if b.strip()]
        for block in blocks:
            lines = block.splitlines()
            if title is None:
                m = HEADING.match(lines[0])
                if m:
                    title = m.group(1)
                    rest = "\n".join(lines[1:]).strip()
                    if rest and not NOT_PROSE.match(rest):
                        summary = rest
                        break
                continue
            if not NOT_PROSE.match(block):
                summary = block
                break
        if summary is not None:
            break
    meta = nb.metadata.get("course", {}).get("summary")
    if meta:
        summary = meta
    if summary is not None:
        summary = " ".join(line.strip() for line in summary.splitlines())
    if title is None:
        print(f"export: {name}.ipynb has no `# ` heading; its title is its file name", file=sys.stderr)
        title = name
    return title, summary


# The line that opens a chapter's objectives ("**By the end of this chapter you will**"), and
# the Markdown list after it
OBJECTIVES_LEAD = re.compile(
    r"^[ ]{0,3}(?:\*\*|__)?((?:By the end of this chapter you will|What you will learn)[^*_\n]*?)"
    r"(?:\*\*|__)?[ \t]*:?[ \t]*$",
    re.M | re.I,
)
LIST_ITEM = re.compile(r"^[ ]{0,3}[-*+][ \t]+(.*)$")


def objectives(nb):
    """The chapter's objectives: (the lead line, [each list item's Markdown]) from the list
    after "**By the end of this chapter you will**" (or "What you will learn"), else None.
    An item's final ";" or "." is dropped: on the index each item stands alone."""
    for source in markdown_sources(nb):
        m = OBJECTIVES_LEAD.search(source)
        if not m:
            continue
        items = []
        for line in source[m.end():].lstrip("\n").splitlines():
            item = LIST_ITEM.match(line)
            if item:
                items.append(item.group(1).strip())
            elif line.strip() and items and line[:1] in " \t":
                items[-1] += " " + line.strip()  # an item's continuation line
            elif line.strip() or items:
                break
        items = [re.sub(r"[;.]\s*$", "", i) for i in items if i]
        if items:
            return {"lead": m.group(1).strip(), "items": items}
    return None


# Where the template wants the page's table of contents; nbconvert gives a Markdown heading as
# <h2 id="...">Text<a class="anchor-link" href="#...">¶</a></h2>
PAGE_TOC_MARK = "<!-- course-page-toc -->"
SECTION_HEADING = re.compile(r'<h([23]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
A_TAG = re.compile(r"</?a\b[^>]*>", re.I)
ID_ATTR = re.compile(r"""\s(?:id|name)\s*=\s*(?:"[^"]*"|'[^']*')""", re.I)


def page_headings(body):
    """The page's h2 and h3 headings in order: (level, id as nbconvert wrote it, inner HTML
    without the ¶ link). TeX is left for MathJax; links inside a heading keep only their text."""
    headings = []
    for m in SECTION_HEADING.finditer(body):
        text = ID_ATTR.sub("", A_TAG.sub("", ANCHOR_LINK.sub("", m.group(3)))).strip()
        headings.append((int(m.group(1)), m.group(2), text))
    return headings


def page_toc_html(headings):
    """<nav class="course-page-toc">: the h2 headings as a list, each h3 nested under the h2
    before it, in a <details> (closed; the page's script opens it beside the text on a wide
    screen). "" for a page without headings."""
    if not headings:
        return ""
    parts = []
    item_open = sub_open = False
    for level, anchor, text in headings:
        link = f'<a href="#{anchor}">{text}</a>'
        if level == 3 and item_open:
            if not sub_open:
                parts.append("<ol>")
                sub_open = True
            parts.append(f"<li>{link}</li>")
            continue
        if sub_open:
            parts.append("</ol>")
            sub_open = False
        if item_open:
            parts.append("</li>")
        parts.append(f"<li>{link}")
        item_open = True
    if sub_open:
        parts.append("</ol>")
    parts.append("</li>")
    return (
        '<nav class="course-page-toc" aria-label="On this page">\n'
        '<details class="course-page-toc-fold">\n<summary>On this page</summary>\n'
        f'<ol>\n{"".join(parts)}\n</ol>\n</details>\n</nav>'
    )


def insert_page_toc(body):
    """The page with its table of contents where the template put PAGE_TOC_MARK."""
    if PAGE_TOC_MARK not in body:
        return body
    return body.replace(PAGE_TOC_MARK, page_toc_html(page_headings(body)), 1)


EXERCISE_CALL = re.compile(r"""\bcheckExercise\(\s*["']([^"']+)["']""")
KERNEL_ONLY = [
    (re.compile(r"\bDeno\.(\w+)"), lambda m: f"it uses Deno.{m.group(1)} (files or the kernel)"),
    (re.compile(r"\bloadMnist\w*"), lambda m: "it loads MNIST from the disk"),
    (re.compile(r"\bprocess\.(\w+)"), lambda m: f"it uses process.{m.group(1)} (the kernel's process)"),
    (re.compile(r"\bimport\.meta\b"), lambda m: "it uses import.meta"),
    (
        re.compile(r"""\bfrom\s+["'](?!(?:\.\./)+(?:lib|proofs)/mod\.ts["'])([^"']+)["']"""),
        lambda m: f"it imports {m.group(1)}",
    ),
]


def cell_source(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def code_cells_info(nb):
    """What the page's runtime (tools/site/browser/course.ts) needs to know of each code cell:
    its source, the exercise it checks, and why it runs only in Jupyter (reading files, MNIST,
    an import other than the course's lib and proofs), or None when the page can run it."""
    infos = []
    # Names that cells for Jupyter only declare: a later cell that uses one needs Jupyter too.
    kernel_names = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell_source(cell)
        folded = "hide-input" in cell.metadata.get("tags", []) \
            or cell.metadata.get("jupyter", {}).get("source_hidden", False) is True
        # An exercise is a cell the reader writes in: a folded cell that calls checkExercise is
        # machinery (the welcome page checks a claim with it).
        exercise = None if folded else EXERCISE_CALL.search(source)
        reason = None
        for pattern, why in KERNEL_ONLY:
            m = pattern.search(source)
            if m:
                reason = why(m)
                break
        if reason is None:
            code = strip_comments_and_strings(source)
            for name, where in kernel_names.items():
                # a use of the name, not a property (`.name`) nor an object key (`name:`)
                if re.search(r"(?<![\w$.])" + re.escape(name) + r"(?![\w$]|\s*:(?!:))", code):
                    reason = f"it uses {name}, which {where} makes"
                    break
        if reason is not None:
            for name in top_level_names(source):
                kernel_names.setdefault(name, f"code cell {len(infos) + 1}")
        infos.append({
            "index": len(infos),
            "source": source,
            "exercise": exercise.group(1) if exercise else None,
            "kernelOnly": reason,
            "folded": folded,
        })
    return infos


DECLARATION = re.compile(
    r"^(?:export\s+)?(?:(?:const|let|var)\s+(?P<names>\{[^}]*\}|\[[^\]]*\]|[\w$]+)"
    r"|(?:async\s+)?function\*?\s+(?P<fn>[\w$]+)|class\s+(?P<cls>[\w$]+))",
    re.M,
)
MORE_NAMES = re.compile(r",\s*([\w$]+)\s*(?==)")


def top_level_names(source):
    """The names a cell declares at the start of a line (const/let/var, including simple
    destructuring and `const a = 1, b = 2`, function, class): an approximation, enough to find
    the cells that use what a cell for Jupyter only made."""
    names = []
    for m in DECLARATION.finditer(source):
        if m.group("fn") or m.group("cls"):
            names.append(m.group("fn") or m.group("cls"))
            continue
        group = m.group("names")
        if group[0] in "{[":
            for part in group[1:-1].split(","):
                part = part.split("=")[0].strip()
                if ":" in part:
                    part = part.split(":")[1].strip()
                part = part.lstrip(".")
                if re.fullmatch(r"[\w$]+", part):
                    names.append(part)
        else:
            names.append(group)
            line = source[m.end():source.find("\n", m.end()) if "\n" in source[m.end():] else len(source)]
            names.extend(MORE_NAMES.findall(line))
    return names


def strip_comments_and_strings(source):
    """The code without comments and string literals (template literals keep their ${…})."""
    out = re.sub(r"/\*[\s\S]*?\*/|//[^\n]*", " ", source)
    out = re.sub(r'"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'", '""', out)
    return out


CODE_CELL_DIV = re.compile(r'<div class="jp-Cell jp-CodeCell ')


def mark_code_cells(body, infos, name):
    """Numbers the page's code cells (data-course-cell="N", in order) and appends their
    descriptions as JSON (<script type="application/json" id="course-cells">)."""
    count = len(CODE_CELL_DIV.findall(body))
    if count != len(infos):
        raise ValueError(f"{name}: {count} code cells on the page, {len(infos)} in the notebook")
    numbers = iter(range(count))
    body = CODE_CELL_DIV.sub(lambda m: f'<div data-course-cell="{next(numbers)}" class="jp-Cell jp-CodeCell ', body)
    data = json.dumps(infos, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    script = f'<script type="application/json" id="course-cells">{data}</script>\n'
    return body.replace("</body>", script + "</body>", 1)


def export_page(exporter, nb, course, out_path):
    resources = {
        "metadata": {"name": os.path.splitext(os.path.basename(out_path))[0]},
        # The pygments preprocessor is off (course.css colours the code); the lab template still
        # loops over this list.
        "inlining": {"css": []},
        "course": course,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    if "toc" not in course:
        body = mark_code_cells(body, code_cells_info(nb), os.path.basename(out_path))
    body = insert_page_toc(body)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    out_dir = manifest["outDir"]
    identity = manifest["course"]
    course_title = identity["title"]
    entries = manifest["notebooks"]
    others = set(manifest.get("others", []))
    os.makedirs(out_dir, exist_ok=True)

    sources = []
    for entry in entries:
        try:
            nb = nbformat.read(entry["source"], as_version=4)
        except Exception as e:  # nbformat raises several kinds for unreadable notebooks
            print(f"export: cannot read {entry['source']}: {e}", file=sys.stderr)
            sys.exit(1)
        # The download: without the inline plotly.js, rewritten only when it had one.
        if strip_plotly_loader(nb):
            nbformat.write(nb, entry["source"])
        sources.append(nb)
    # Every chapter's number and title, for the links between chapters.
    chapters = {
        entry["name"]: {"number": entry.get("number"), "title": title_and_summary(nb, entry["name"])[0]}
        for entry, nb in zip(entries, sources)
    }

    notebooks = []
    for entry, nb in zip(entries, sources):
        # The pages' copy; the executed notebook offered for download is build.ts's file.
        nb = pages_notebook(nb, chapters, others, entry["name"])
        title, summary = title_and_summary(nb, entry["name"])
        number = entry.get("number")
        notebooks.append({
            "nb": nb,
            "name": entry["name"],
            "title": title,
            "summary": summary,
            "objectives": objectives(nb),
            "number": number,
            "label": chapter_label(number),
            "part": entry.get("part"),
        })

    exporter = make_exporter()
    count = len(notebooks)
    # What every page shows of the course's identity and look.
    brand = {
        "title": course_title,
        "home": "index.html",
        "logo": identity.get("logo"),
        "favicon": identity.get("favicon"),
        "theme": identity.get("theme") or {},
        "footer": identity.get("footer") or "",
        "license": identity.get("license") or "",
    }
    first = {"href": f"{notebooks[0]['name']}.html", "title": f"Start: {notebooks[0]['title']}"} if notebooks else None
    for i, item in enumerate(notebooks):
        name = item["name"]
        prev_item = notebooks[i - 1] if i > 0 else None
        next_item = notebooks[i + 1] if i + 1 < count else None
        course = {
            **brand,
            "chapter": item["label"],
            "page_toc": True,  # the template marks where tools/export.py puts the page's contents
            "download": f"notebooks/{name}.ipynb",
            "prev": {"href": f"{prev_item['name']}.html", "title": prev_item["title"]} if prev_item else None,
            "next": {"href": f"{next_item['name']}.html", "title": next_item["title"]} if next_item else None,
        }
        # The <title> only (item["nb"] is already the pages' copy, not the download).
        nb = item["nb"]
        nb.metadata["title"] = f"{item['title']} · {course_title}"
        try:
            export_page(exporter, nb, course, os.path.join(out_dir, f"{name}.html"))
        except Exception as e:
            print(f"export: {name}.ipynb: {type(e).__name__}: {e}", file=sys.stderr)
            sys.exit(1)
        print(json.dumps({"page": f"{name}.html", "title": item["title"], "summary": item["summary"]}), flush=True)

    # The index is a notebook too (one markdown cell: the title and the intro), so that it gets
    # the same head, stylesheet and navigation; the template adds the table of contents.
    intro = identity.get("intro", "")
    index = nbformat.v4.new_notebook()
    index.metadata["title"] = course_title
    lead = [f"# {course_title}"]
    if identity.get("subtitle"):
        lead.append(f'<p class="course-subtitle">{html_escape(identity["subtitle"])}</p>')
    byline = " · ".join(html_escape(identity[k]) for k in ("author", "institution") if identity.get(k))
    if byline:
        lead.append(f'<p class="course-byline">{byline}</p>')
    index.cells.append(nbformat.v4.new_markdown_cell("\n\n".join(lead + [intro]).strip()))
    # The table of contents, in parts (consecutive chapters with the same caption).
    toc = []
    for n in notebooks:
        if not toc or toc[-1]["part"] != n["part"]:
            toc.append({"part": n["part"], "items": []})
        toc[-1]["items"].append({
            "href": f"{n['name']}.html",
            "title": n["title"],
            "summary": n["summary"],
            "objectives": n["objectives"],
            "number": n["number"],
            "label": n["label"],
            "exercises": [c["exercise"] for c in code_cells_info(n["nb"]) if c["exercise"]],
        })
    course = {
        **brand,
        "prev": None,
        "next": first,
        "toc": toc,
    }
    export_page(exporter, index, course, os.path.join(out_dir, "index.html"))
    print(json.dumps({"page": "index.html", "title": course_title, "summary": intro}), flush=True)


if __name__ == "__main__":
    main()
