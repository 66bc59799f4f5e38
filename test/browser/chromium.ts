/**
 * Shared by the browser suites and the frame benchmark: finds the system Chromium, launches it headless, and builds
 * browser bundles of the renderer with esbuild (as esbuild.config.mjs does).
 *
 * Under CI=true a missing Chromium fails the suite (throws); elsewhere the suites skip with a message saying how to
 * install it (`apt-get install -y chromium`). Never `npx playwright install`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The Chromium executable (`CHROMIUM_PATH` first), or null when none is installed. Throws under CI=true when missing. */
export function chromiumPath(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  const found = [fromEnv, ...CANDIDATES].find((p): p is string => typeof p === "string" && p !== "" && existsSync(p)) ?? null;
  if (!found && process.env.CI === "true") {
    throw new Error("Chromium is required under CI=true: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)");
  }
  if (!found) {
    console.warn("Skipping the browser suites: no Chromium found. Install it with `apt-get install -y chromium`.");
  }
  return found;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One headless Chromium with a throw-away profile; `deviceScaleFactor` 2 stands for a Retina or phone screen. */
export async function launchChromium(executablePath: string, options: { deviceScaleFactor?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "kl-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1000, height: 700 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // tsx (the bench runner) compiles with esbuild's keepNames, which wraps functions in `__name(...)`; functions passed
  // to page.evaluate then refer to a helper the page does not have.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Bundles a file of the repository as one IIFE (the way esbuild.config.mjs builds the standalone renderer). */
export async function bundleFile(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: "iife",
    target: "es2021",
    platform: "browser",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/**
 * A page script exposing the renderer to tests as `window.__kl` (tests only: the product never sets a global).
 */
export async function bundleHarness(): Promise<string> {
  const result = await esbuild.build({
    stdin: {
      contents: [
        'import { LayerGraphRenderer } from "./src/render/renderer";',
        'import { RENDERER_LABELS_RU } from "./src/render/labels";',
        "(window as unknown as { __kl: unknown }).__kl = { LayerGraphRenderer, RENDERER_LABELS_RU };",
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
      sourcefile: "harness.ts",
    },
    bundle: true,
    format: "iife",
    target: "es2021",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** The plugin's stylesheet (styles.css), which Obsidian loads for the pane. */
export function pluginCss(): string {
  return readFileSync(join(ROOT, "styles.css"), "utf8");
}
