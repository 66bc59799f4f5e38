/**
 * The exported HTML page (graphHtml + the standalone renderer) in a real Chromium: it draws, it treats hostile titles
 * as text, no injected script runs, and the real example vault exported by the CLI is legible (artifacts/graph.png).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphJson } from "../../src/core/types";
import { graphHtml } from "../../src/render/export";
import { bundleFile, chromiumPath, launchChromium, ROOT } from "./chromium";
import type { Browser } from "./chromium";
import { smallGraph } from "./graphs";

const executable = chromiumPath();
const ARTIFACTS = join(ROOT, "artifacts");
const HOSTILE = "</script><script>window.__pwned = 1; alert(1)</script>";
const IMG = '<img src=x onerror="window.__pwned = 2">';

function hostileGraph(): GraphJson {
  const g = smallGraph();
  g.nodes[0].title = HOSTILE;
  g.nodes[1].title = IMG;
  g.nodes[2].title = "a\u2028b\u2029c";
  g.nodes[3].domain = '<svg onload="window.__pwned = 3">';
  g.nodes[4].gaps = [{ rule: "orphan", severity: "warning", message: '<b onmouseover="window.__pwned = 4">gap</b>' }];
  g.nodes[4].severity = "warning";
  g.layers[0].name = "<iframe src=javascript:window.__pwned=5>";
  return g;
}

describe.skipIf(!executable)("exported HTML page in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let renderer: string;
  const dialogs: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    renderer = await bundleFile("src/render/standalone.ts");
    dir = mkdtempSync(join(tmpdir(), "kl-export-"));
    browser = await launchChromium(executable!);
    page = await browser.context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string): Promise<void> {
    const file = join(dir, name);
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("canvas.kl-graph-canvas");
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  }

  it("draws hostile titles and values as text, and no injected script runs", async () => {
    await open("hostile.html", graphHtml(hostileGraph(), renderer, { title: HOSTILE, vault: "My <vault>" }));
    expect(errors).toEqual([]);
    expect(await page.title()).toBe(HOSTILE);
    expect(await page.locator("h1").textContent()).toBe(HOSTILE);
    const domains = await page.locator("select.kl-graph-domain option").allTextContents();
    expect(domains).toContain('<svg onload="window.__pwned = 3">');
    expect(await page.locator("svg[onload], img, iframe, b").count()).toBe(0);

    // The search finds the hostile title; Enter shows its tooltip, where it is plain text.
    await page.fill("input.kl-graph-search", "</script>");
    await page.press("input.kl-graph-search", "Enter");
    const tip = page.locator(".kl-graph-tooltip");
    expect(await tip.locator(".kl-graph-tooltip-title").textContent()).toBe(HOSTILE);
    await page.fill("input.kl-graph-search", "onerror");
    await page.press("input.kl-graph-search", "Enter");
    expect(await tip.locator(".kl-graph-tooltip-title").textContent()).toBe(IMG);
    await page.fill("input.kl-graph-search", "muscle");
    await page.press("input.kl-graph-search", "Enter");
    expect(await tip.locator(".kl-graph-tooltip-gap").textContent()).toBe('<b onmouseover="window.__pwned = 4">gap</b>');

    // A click shows the note's path and an obsidian:// link, and navigates nowhere by itself.
    // focus() centres the match in the graph area, right of the band labels' gutter (20% of the width, 76–170 px).
    const box = (await page.locator("canvas.kl-graph-canvas").boundingBox())!;
    const gutter = Math.round(Math.max(76, Math.min(170, box.width * 0.2)));
    await page.mouse.click(box.x + gutter + (box.width - gutter) / 2, box.y + box.height / 2);
    expect(await page.locator(".kl-graph-opened-path").textContent()).toBe("Physiology/Muscle.md");
    expect(await page.locator(".kl-graph-opened-link").getAttribute("href")).toBe(
      "obsidian://open?vault=My%20%3Cvault%3E&file=Physiology%2FMuscle.md",
    );
    expect(page.url()).toMatch(/hostile\.html$/);

    await page.screenshot({ path: join(ARTIFACTS, "graph-hostile.png") });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it("refuses an injected script even if one got into the page (Content-Security-Policy)", async () => {
    const html = graphHtml(smallGraph(), renderer).replace("</body>", "<script>window.__pwned = 6</script></body>");
    await open("csp.html", html);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("canvas.kl-graph-canvas").count()).toBe(1);
    errors.length = 0;
  });

  it("shows the example vault exported by the CLI, legibly (artifacts/graph.png)", async () => {
    // Imported here so that this one test, not the whole file, reports a broken CLI.
    const { runCli } = await import("../../src/node/cli");
    const out = join(dir, "example.html");
    const logs: string[] = [];
    const code = await runCli(["graph", join(ROOT, "examples", "sports-science"), "--out", out], {
      out: (t) => logs.push(t),
      err: (t) => logs.push(t),
    });
    expect(code, logs.join("")).toBe(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector("canvas.kl-graph-canvas");
    await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
    expect(errors).toEqual([]);
    const status = (await page.locator(".kl-graph-status").textContent()) ?? "";
    expect(status).toMatch(/^\d+ of \d+ notes$/);
    // Painted: many pixels differ from the two band colours.
    const painted = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>("canvas.kl-graph-canvas")!;
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let coloured = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) coloured++;
      return coloured;
    });
    expect(painted).toBeGreaterThan(500);
    await page.screenshot({ path: join(ARTIFACTS, "graph.png") });
  });
});
