/**
 * The layer graph renderer in a real Chromium: placement, colours, hover, click, zoom, filters, search, theme, sizes.
 * One browser for the file; each test mounts a fresh renderer in the same page.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphJson } from "../../src/core/types";
import { THEME_CSS } from "../../src/render/export";
import type { RendererLabels } from "../../src/render/labels";
import type { FrameStats, GraphFilter, LayerGraphRenderer } from "../../src/render/renderer";
import { bundleHarness, chromiumPath, launchChromium, pluginCss, ROOT } from "./chromium";
import type { Browser } from "./chromium";
import { smallGraph, syntheticGraph } from "./graphs";

interface Harness {
  __kl: {
    LayerGraphRenderer: new (el: HTMLElement, options: object) => LayerGraphRenderer;
    RENDERER_LABELS_RU: RendererLabels;
  };
  r: LayerGraphRenderer | null;
  opened: [string, boolean][];
  changes: GraphFilter[];
}
type Rgb = [number, number, number];

const executable = chromiumPath();
const ARTIFACTS = join(ROOT, "artifacts");

describe.skipIf(!executable)("LayerGraphRenderer in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium(executable!);
    page = await browser.context.newPage();
    page.on("pageerror", (e) => {
      throw e;
    });
    await page.setContent(
      `<!DOCTYPE html><html><head><style>${THEME_CSS}</style><style>${pluginCss()}</style>` +
        `<style>#host { width: 1000px; height: 640px; }</style></head><body><div id="host"></div></body></html>`,
    );
    await page.addScriptTag({ content: await bundleHarness() });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Mounts a fresh renderer on `graph` in a host of the given size. */
  async function mount(graph: GraphJson, options: { width?: number; height?: number; russian?: boolean; filter?: Partial<GraphFilter> } = {}): Promise<void> {
    await page.evaluate(
      ({ graph, options }) => {
        const w = window as unknown as Harness;
        w.r?.destroy();
        const host = document.getElementById("host")!;
        host.style.width = `${options.width ?? 1000}px`;
        host.style.height = `${options.height ?? 640}px`;
        w.opened = [];
        w.changes = [];
        w.r = new w.__kl.LayerGraphRenderer(host, {
          labels: options.russian ? w.__kl.RENDERER_LABELS_RU : undefined,
          filter: options.filter,
          onOpen: (id: string, newTab: boolean) => w.opened.push([id, newTab]),
          onFilterChange: (f: GraphFilter) => w.changes.push(f),
        });
        w.r.setGraph(graph);
      },
      { graph, options },
    );
    await frames();
  }

  /** Waits until the renderer's batched redraw has happened. */
  async function frames(): Promise<void> {
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  }

  async function canvasBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await page.locator("canvas.kl-graph-canvas").boundingBox();
    if (!box) throw new Error("no canvas");
    return box;
  }

  /** A node's centre in page coordinates, or null when it is not shown. */
  async function at(id: string): Promise<{ x: number; y: number; r: number } | null> {
    const p = await page.evaluate((id) => (window as unknown as Harness).r!.getNodePosition(id), id);
    if (!p) return null;
    const box = await canvasBox();
    return { x: box.x + p.x, y: box.y + p.y, r: p.r };
  }

  async function mustAt(id: string): Promise<{ x: number; y: number; r: number }> {
    const p = await at(id);
    if (!p) throw new Error(`${id} is not shown`);
    return p;
  }

  /** The canvas pixel at a page position. */
  async function pixel(x: number, y: number): Promise<Rgb> {
    const box = await canvasBox();
    return page.evaluate(
      ([x, y]) => {
        const canvas = document.querySelector<HTMLCanvasElement>("canvas.kl-graph-canvas")!;
        const d = canvas.getContext("2d")!.getImageData(Math.round(x * devicePixelRatio), Math.round(y * devicePixelRatio), 1, 1).data;
        return [d[0], d[1], d[2]] as Rgb;
      },
      [x - box.x, y - box.y],
    );
  }

  /** A colour role of styles.css as the theme resolves it. */
  async function role(name: string): Promise<Rgb> {
    return page.evaluate((name) => {
      const probe = document.querySelector(`.kl-graph-color-${name}`)!;
      const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color)!;
      return [Number(m[1]), Number(m[2]), Number(m[3])] as Rgb;
    }, name);
  }

  const near = (a: Rgb, b: Rgb, tolerance = 24): boolean => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

  async function stats(): Promise<FrameStats> {
    return page.evaluate(() => (window as unknown as Harness).r!.getFrameStats());
  }

  async function tooltip(): Promise<string | null> {
    return page.evaluate(() => {
      const tip = document.querySelector<HTMLElement>(".kl-graph-tooltip")!;
      return tip.classList.contains("is-hidden") ? null : tip.innerText;
    });
  }

  async function opened(): Promise<[string, boolean][]> {
    return page.evaluate(() => (window as unknown as Harness).opened);
  }

  it("draws every note inside its layer's band, foundations at the bottom, coloured by its worst gap", async () => {
    const graph = smallGraph();
    await mount(graph);
    const box = await canvasBox();
    const bands = await page.evaluate(() => [0, 1, 2, 3, 4, 5].map((l) => (window as unknown as Harness).r!.getBandExtent(l)!));
    for (let l = 1; l < 6; l++) expect(bands[l].y1).toBeLessThanOrEqual(bands[l - 1].y0 + 0.5);
    for (const node of graph.nodes) {
      const p = await mustAt(node.id);
      expect(p.y - box.y, node.id).toBeGreaterThan(bands[node.layer].y0);
      expect(p.y - box.y, node.id).toBeLessThan(bands[node.layer].y1);
      expect(p.x).toBeGreaterThan(box.x);
      expect(p.x).toBeLessThan(box.x + box.width);
    }
    const colourAt = async (id: string): Promise<Rgb> => {
      const p = await mustAt(id);
      return pixel(p.x, p.y);
    };
    expect(near(await colourAt("Biomechanics/Force.md"), await role("none"))).toBe(true);
    expect(near(await colourAt("Sources/Textbook.md"), await role("info"))).toBe(true);
    expect(near(await colourAt("Biomechanics/Lever.md"), await role("warning"))).toBe(true);
    expect(near(await colourAt("Facts/Sprint record.md"), await role("error"))).toBe(true);
    expect(near(await colourAt("Checks/Lever quiz.md"), await role("none"))).toBe(true);
    // A ghost is a dashed ring: its centre shows the band behind it.
    const ghost = await colourAt("Missing target");
    expect(near(ghost, await role("bg")) || near(ghost, await role("bg-alt"))).toBe(true);
  });

  it("sizes notes by effective tokens", async () => {
    await mount(smallGraph());
    const book = await mustAt("Sources/Textbook.md");
    const note = await mustAt("Biomechanics/Mass.md");
    expect(book.r).toBeGreaterThan(2 * note.r);
  });

  it("shows the note's title, layer, kind, figures and gaps on hover, as text, and highlights its neighbours", async () => {
    await mount(smallGraph());
    const sprint = await mustAt("Facts/Sprint record.md");
    await page.mouse.move(sprint.x, sprint.y);
    await frames();
    const text = (await tooltip()) ?? "";
    expect(text).toContain("Sprint record");
    expect(text).toContain("Facts/Sprint record.md");
    expect(text).toContain("Layer: Facts · Concept");
    expect(text).toContain("Domain: sports/physiology");
    expect(text).toContain("Tokens: 800 · Quality: 0.5 · Effective tokens: 400");
    expect(text).toContain("tokens is not a number");
    expect(text).toContain("Frontmatter does not parse");
    expect(text).toContain("No check links here");
    const box = await page.locator(".kl-graph-tooltip").boundingBox();
    const stage = await canvasBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(stage.x + stage.width + 1);

    // Neighbours keep their colour, the rest fades.
    const muscle = await mustAt("Physiology/Muscle.md");
    const taper = await mustAt("Strategies/Taper.md");
    expect(near(await pixel(muscle.x, muscle.y), await role("none"))).toBe(true);
    expect(near(await pixel(taper.x, taper.y), await role("none"))).toBe(false);

    await page.mouse.move(stage.x + stage.width - 5, stage.y + 5);
    await frames();
    expect(await tooltip()).toBeNull();
    expect(near(await pixel(taper.x, taper.y), await role("none"))).toBe(true);
  });

  it("opens a clicked note, in a new tab with Ctrl, Cmd or the middle button; never a ghost or empty space", async () => {
    await mount(smallGraph());
    const force = await mustAt("Biomechanics/Force.md");
    await page.mouse.click(force.x, force.y);
    await page.keyboard.down("Control");
    await page.mouse.click(force.x, force.y);
    await page.keyboard.up("Control");
    await page.keyboard.down("Meta");
    await page.mouse.click(force.x, force.y);
    await page.keyboard.up("Meta");
    await page.mouse.click(force.x, force.y, { button: "middle" });
    const ghost = await mustAt("Missing target");
    await page.mouse.click(ghost.x, ghost.y);
    await page.mouse.click(force.x + 60, force.y - 40);
    expect(await opened()).toEqual([
      ["Biomechanics/Force.md", false],
      ["Biomechanics/Force.md", true],
      ["Biomechanics/Force.md", true],
      ["Biomechanics/Force.md", true],
    ]);
  });

  it("pans on drag without opening, zooms on the wheel, and fits again", async () => {
    await mount(smallGraph());
    const before = await mustAt("Biomechanics/Force.md");
    await page.mouse.move(before.x, before.y);
    await page.mouse.down();
    await page.mouse.move(before.x + 30, before.y + 10, { steps: 4 });
    await page.mouse.move(before.x + 60, before.y + 20, { steps: 4 });
    await page.mouse.up();
    const panned = await mustAt("Biomechanics/Force.md");
    expect(panned.x - before.x).toBeCloseTo(60, 0);
    expect(panned.y - before.y).toBeCloseTo(20, 0);
    expect(await opened()).toEqual([]);

    await page.mouse.move(panned.x, panned.y);
    await page.mouse.wheel(0, -400);
    await frames();
    const zoomed = await mustAt("Biomechanics/Force.md");
    expect(zoomed.r).toBeGreaterThan(panned.r * 1.5);
    expect(Math.abs(zoomed.x - panned.x)).toBeLessThan(2);

    await page.click("button.kl-graph-fit");
    const fitted = await mustAt("Biomechanics/Force.md");
    expect(fitted.x).toBeCloseTo(before.x, 0);
    expect(fitted.r).toBeCloseTo(before.r, 1);
  });

  it("hides what the domain, module and kind filters leave out", async () => {
    await mount(smallGraph());
    const force = await mustAt("Biomechanics/Force.md");
    await page.selectOption("select.kl-graph-domain", "sports/biomechanics");
    await frames();
    expect(await at("Physiology/Muscle.md")).toBeNull();
    expect(await at("Biomechanics/Force.md")).not.toBeNull();
    expect(await at("Missing target")).not.toBeNull();
    await page.selectOption("select.kl-graph-module", "reasoning");
    await frames();
    expect(await at("Biomechanics/Lever.md")).toBeNull();
    expect((await stats()).visible).toBe(2);
    await page.selectOption("select.kl-graph-module", "");
    await page.locator(".kl-graph-kind.is-source input").uncheck();
    await frames();
    expect(await at("Sources/Textbook.md")).toBeNull();
    expect(await page.evaluate(() => (window as unknown as Harness).changes.at(-1))).toEqual({
      domain: "sports/biomechanics",
      module: null,
      kinds: ["concept", "check", "ghost"],
      search: "",
    });

    // A hidden note is not drawn and cannot be hovered or clicked.
    await page.selectOption("select.kl-graph-domain", "psychology");
    await frames();
    const bg = [await role("bg"), await role("bg-alt")];
    const there = await pixel(force.x, force.y);
    expect(bg.some((c) => near(c, there, 8))).toBe(true);
    await page.mouse.click(force.x, force.y);
    expect(await tooltip()).toBeNull();
    expect(await opened()).toEqual([]);
  });

  it("highlights search matches, and Enter zooms to each in turn with its tooltip", async () => {
    await mount(smallGraph());
    await page.fill("input.kl-graph-search", "lever");
    await frames();
    expect((await stats()).matches).toBe(3);
    expect(await page.locator(".kl-graph-status").textContent()).toBe("13 of 13 notes · 3 matches");
    const quiz = await mustAt("Checks/Lever quiz.md");
    const taper = await mustAt("Strategies/Taper.md");
    expect(near(await pixel(quiz.x, quiz.y), await role("none"))).toBe(true);
    expect(near(await pixel(taper.x, taper.y), await role("none"))).toBe(false);

    await page.press("input.kl-graph-search", "Enter");
    await frames();
    expect((await tooltip())?.split("\n")[0]).toBe("Lever");
    const box = await canvasBox();
    const lever = await mustAt("Biomechanics/Lever.md");
    expect(lever.y).toBeCloseTo(box.y + box.height / 2, 0);
    await page.press("input.kl-graph-search", "Enter");
    expect((await tooltip())?.split("\n")[0]).toBe("Lever quiz");
  });

  it("follows the theme: dark colours when the system turns dark", async () => {
    await mount(smallGraph());
    const box = await canvasBox();
    const light = await pixel(box.x + box.width - 3, box.y + 3);
    await page.emulateMedia({ colorScheme: "dark" });
    await frames();
    const dark = await pixel(box.x + box.width - 3, box.y + 3);
    expect(dark[0] + dark[1] + dark[2]).toBeLessThan(light[0] + light[1] + light[2] - 300);
    expect(near(dark, await role("bg")) || near(dark, await role("bg-alt"))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "graph-dark.png") });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("fits a narrow side pane, in Russian", async () => {
    const graph = smallGraph();
    await mount(graph, { width: 300, height: 640, russian: true });
    const box = await canvasBox();
    for (const node of graph.nodes) {
      const p = await mustAt(node.id);
      expect(p.x).toBeGreaterThan(box.x + 76);
      expect(p.x).toBeLessThan(box.x + box.width);
    }
    expect(await page.locator(".kl-graph-status").textContent()).toBe("13 из 13 заметок");
    await page.locator("#host").screenshot({ path: join(ARTIFACTS, "graph-narrow.png") });
  });

  it("draws 10,000 notes: all nodes, edges thinned when zoomed out, titles when zoomed in", async () => {
    const graph = syntheticGraph(10_000, 30_000, 1);
    await mount(graph);
    const far = await stats();
    expect(far.nodesDrawn).toBe(10_000);
    expect(far.edgesInView).toBeGreaterThan(29_000);
    expect(far.edgesDrawn).toBeGreaterThan(1000);
    expect(far.edgesDrawn).toBeLessThan(far.edgesInView / 3);
    expect(far.labelsDrawn).toBe(0);
    await page.locator("#host").screenshot({ path: join(ARTIFACTS, "graph-10k.png") });

    const target = graph.nodes[5000].id;
    expect(await page.evaluate((id) => (window as unknown as Harness).r!.focus(id), target)).toBe(true);
    const near1 = await stats();
    expect(near1.nodesDrawn).toBeLessThan(1000);
    expect(near1.edgesDrawn / near1.edgesInView).toBeGreaterThan((2 * far.edgesDrawn) / far.edgesInView);
    expect(near1.labelsDrawn).toBeGreaterThan(10);
    await page.locator("#host").screenshot({ path: join(ARTIFACTS, "graph-10k-zoomed.png") });
    const p = await mustAt(target);
    await page.mouse.click(p.x, p.y);
    expect(await opened()).toEqual([[target, false]]);
  });
});
