// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { edgeArrays, layoutGraph } from "../../src/layout/layout";
import { escapeXml, exportLayoutOptions, graphHtml, graphSvg, scriptJson, scriptText, sha256Base64 } from "../../src/render/export";
import type { Graph, GraphJson } from "../../src/core/types";
import { cleanGraph } from "../../src/render/model";
import { node, smallGraph } from "../browser/graphs";

const HOSTILE_TITLE = "</script><script>alert(1)</script>";
const IMG = '<img src=x onerror="window.__pwned=1">';

function hostileGraph(): GraphJson {
  const g = smallGraph();
  g.nodes[0].title = HOSTILE_TITLE;
  g.nodes[1].title = IMG;
  g.nodes[2].title = "line\u2028separator\u2029paragraph & <b>bold</b>";
  g.nodes[3].domain = "</SCRIPT ><!--";
  g.nodes[4].gaps = [{ rule: "orphan", severity: "info", message: "<script>window.__pwned=2</script>" }];
  g.layers[0].name = "<svg onload=alert(1)>";
  return g;
}

/** The text of the page's JSON data element, as a browser's HTML parser would cut it out. */
function dataScript(html: string): string {
  const start = html.indexOf('<script type="application/json" id="kl-graph-data">');
  expect(start).toBeGreaterThan(0);
  const open = html.indexOf(">", start) + 1;
  return html.slice(open, html.indexOf("</script", open));
}

describe("graphHtml", () => {
  const js = "console.debug('renderer')";

  it("embeds the graph so that no title or value can close the script or add markup", () => {
    const g = hostileGraph();
    const html = graphHtml(g, js, { title: HOSTILE_TITLE, lang: "en" });
    const json = dataScript(html);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    const payload = JSON.parse(json) as { graph: GraphJson; title: string };
    expect(payload.graph.nodes[0].title).toBe(HOSTILE_TITLE);
    expect(payload.graph.nodes[1].title).toBe(IMG);
    expect(payload.graph.nodes[2].title).toBe("line\u2028separator\u2029paragraph & <b>bold</b>");
    expect(payload.graph.nodes[3].domain).toBe("</SCRIPT ><!--");
    expect(payload.title).toBe(HOSTILE_TITLE);
    // The index's edge arrays are written as one object per edge, the same edges as the JSON graph's.
    const typed = cleanGraph(g);
    expect(typed.edges.source).toBeInstanceOf(Int32Array);
    const fromArrays = JSON.parse(dataScript(graphHtml(typed, js))) as { graph: GraphJson };
    expect(fromArrays.graph.edges).toEqual(g.edges);
    expect(fromArrays.graph.edges.some((e) => e.type === "requires")).toBe(true);
    // Exactly the page's own elements: one data script, one code script, no injected ones.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<svg");
  });

  it("parses into a document whose title and heading are the hostile text, as text", () => {
    const html = graphHtml(hostileGraph(), js, { title: HOSTILE_TITLE });
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect(doc.title).toBe(HOSTILE_TITLE);
    expect(doc.querySelector("h1")?.textContent).toBe(HOSTILE_TITLE);
    expect(doc.querySelectorAll("script")).toHaveLength(2);
    expect(doc.querySelectorAll("img, svg, b")).toHaveLength(0);
    const data = doc.getElementById("kl-graph-data")?.textContent ?? "";
    expect((JSON.parse(data) as { graph: GraphJson }).graph.nodes[1].title).toBe(IMG);
  });

  it("allows only its own script by hash and no network", () => {
    const code = "window.x = '</script>' + `<!--`;";
    const html = graphHtml(smallGraph(), code);
    const embedded = scriptText(code);
    expect(html).toContain(`<script>${embedded}</script>`);
    expect(embedded).not.toMatch(/<\/script/i);
    expect(embedded).not.toContain("<!--");
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? "";
    expect(csp).toContain("default-src &#39;none&#39;");
    expect(csp).toContain(`script-src &#39;sha256-${sha256Base64(embedded)}&#39;`);
    expect(csp).not.toContain("unsafe-inline&#39;; script");
  });

  it("defines the theme's variables for light and dark", () => {
    const html = graphHtml(smallGraph(), js);
    for (const name of ["--background-primary", "--text-normal", "--text-muted", "--text-error", "--interactive-accent"]) {
      expect(html).toContain(`${name}:`);
    }
    expect(html).toContain("@media (prefers-color-scheme: dark)");
  });

  it("keeps a valid language tag only", () => {
    expect(graphHtml(smallGraph(), js, { lang: "ru" })).toContain('<html lang="ru">');
    expect(graphHtml(smallGraph(), js, { lang: '"><script>' })).toContain('<html lang="en">');
  });
});

describe("scriptJson and escapeXml", () => {
  it("round-trips every string through JSON.parse", () => {
    const values = ["<", ">", "&", "\u2028", "\u2029", "</script>", "<!--", "\ud800", "x\u0000y", "ё"];
    for (const value of values) expect(JSON.parse(scriptJson({ value })) as unknown).toEqual({ value });
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapeXml("a\u0000b\u0008c\ud800d\udc00e\uffff")).toBe("abcde");
    expect(escapeXml("tab\tnewline\n😀 ok")).toBe("tab\tnewline\n😀 ok");
  });

  it("hashes like SHA-256", () => {
    expect(sha256Base64("")).toBe("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    expect(sha256Base64("abc")).toBe("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    expect(sha256Base64("ё".repeat(100))).toHaveLength(44);
  });
});

describe("graphSvg", () => {
  function svgOf(json: GraphJson, options = {}): { svg: string; doc: Document } {
    const g = cleanGraph(json);
    const layout = layoutGraph({ layerCount: g.layers.length, nodes: g.nodes, edges: g.edges }, exportLayoutOptions(g));
    const svg = graphSvg(g, layout, options);
    return { svg, doc: new DOMParser().parseFromString(svg, "image/svg+xml") };
  }

  it("is well-formed XML with every hostile text escaped", () => {
    const { svg, doc } = svgOf(hostileGraph(), { title: HOSTILE_TITLE });
    expect(doc.querySelector("parsererror")).toBeNull();
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<img");
    expect(doc.querySelectorAll("script, img, foreignObject")).toHaveLength(0);
    const texts = [...doc.querySelectorAll("title, text")].map((t) => t.textContent ?? "");
    expect(texts).toContain(HOSTILE_TITLE);
    expect(texts.some((t) => t.startsWith(IMG))).toBe(true);
    expect(texts).toContain("<svg onload=alert(1)>");
  });

  it("draws a band label per layer with its name, coverage and remaining pages", () => {
    const { doc } = svgOf(smallGraph());
    const labels = [...doc.querySelectorAll("g.band-label")];
    expect(labels.map((g) => g.getAttribute("data-layer"))).toEqual(["concepts", "structures", "facts", "logic", "strategies", "paradoxes"]);
    const facts = labels[2].textContent ?? "";
    expect(facts).toContain("Facts");
    expect(facts).toContain("12% covered");
    expect(facts).toContain("14.7M pages left");
    expect(labels[4].textContent).toContain("Target reached");
  });

  it("draws each kind with its own shape and class, ghosts dashed, edges by type", () => {
    const { doc } = svgOf(smallGraph());
    const shapes = [...doc.querySelectorAll("g.nodes > circle, g.nodes > rect, g.nodes > path")];
    expect(shapes).toHaveLength(14);
    const byTitle = (t: string): Element => shapes.find((s) => s.querySelector("title")?.textContent?.startsWith(t + " —"))!;
    expect(byTitle("Force").tagName.toLowerCase()).toBe("circle");
    expect(byTitle("Force").getAttribute("class")).toBe("concept none");
    expect(byTitle("Textbook").tagName.toLowerCase()).toBe("rect");
    expect(byTitle("Textbook").getAttribute("class")).toBe("source info");
    expect(byTitle("Lever quiz").tagName.toLowerCase()).toBe("path");
    expect(byTitle("Lever").getAttribute("class")).toBe("concept warning");
    expect(byTitle("Sprint record").getAttribute("class")).toBe("concept error");
    expect(byTitle("Missing target").getAttribute("class")).toBe("ghost");
    expect(doc.querySelectorAll("path.edge:not(.legend-line)")).toHaveLength(2);
    expect(doc.querySelector("path.edge.requires:not(.legend-line)")?.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
  });

  it("places each node inside its band, foundations at the bottom", () => {
    const g = smallGraph();
    const { doc } = svgOf(g);
    const bands = [...doc.querySelectorAll("rect.band-odd, rect.band-even:not(.background)")].map((r) => ({
      y0: Number(r.getAttribute("y")),
      y1: Number(r.getAttribute("y")) + Number(r.getAttribute("height")),
    }));
    expect(bands).toHaveLength(6);
    expect(bands[0].y0).toBeGreaterThan(bands[5].y0);
    const circles = [...doc.querySelectorAll("g.nodes > circle")];
    for (const c of circles) {
      const title = c.querySelector("title")?.textContent ?? "";
      const n = g.nodes.find((x) => title.startsWith(x.title + " —"))!;
      const cy = Number(c.getAttribute("cy"));
      expect(cy).toBeGreaterThan(bands[n.layer].y0);
      expect(cy).toBeLessThan(bands[n.layer].y1);
    }
  });

  it("writes titles under nodes when there is room, and Russian labels on request", () => {
    const { doc } = svgOf(smallGraph(), { lang: "ru" });
    expect([...doc.querySelectorAll("text.node-title")].map((t) => t.textContent)).toContain("Force");
    expect(doc.querySelector("g.band-label")?.textContent).toContain("осталось");
    const big = { ...smallGraph(), nodes: Array.from({ length: 700 }, (_, i) => node(`n${i}`, i % 6, "concept")), edges: [] };
    expect(svgOf(big).doc.querySelectorAll("text.node-title")).toHaveLength(0);
  });

  it("survives a graph of bad values", () => {
    const bad = {
      layers: [{ id: 3, name: null, coverage: NaN, remainingPages: -Infinity }],
      nodes: [{ id: "a", title: { toString: 1 }, kind: "weird", layer: 99, effectiveTokens: "x", gaps: "no" }, null],
      edges: [{ source: 0, target: 7 }, { source: "0", target: 1 }, null],
    } as unknown as Graph;
    const layout = layoutGraph({ layerCount: 1, nodes: [{ layer: 0 }, { layer: 0 }], edges: edgeArrays([]) });
    const svg = graphSvg(bad, layout);
    expect(new DOMParser().parseFromString(svg, "image/svg+xml").querySelector("parsererror")).toBeNull();
  });
});
