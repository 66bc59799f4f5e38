import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The plugin must run on mobile (spec §7): its bundle may require nothing but `obsidian` — no Node built-ins,
 * no Electron. Built here with esbuild's API and the same options as `node esbuild.config.mjs plugin`; Node's
 * built-ins are marked external so that a stray import shows up as a `require` instead of failing the build.
 */

const ROOT = join(import.meta.dirname, "../..");

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, "src/main.ts")],
    bundle: true,
    external: ["obsidian", "electron", "@codemirror/*", "@lezer/*", ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    format: "cjs",
    target: "es2021",
    platform: "browser",
    treeShaking: true,
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

const pluginSources = [
  join(ROOT, "src/main.ts"),
  ...readdirSync(join(ROOT, "src/plugin"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(ROOT, "src/plugin", f)),
];

describe("the plugin bundle", () => {
  it("requires nothing but obsidian, and stays under 300 KB minified", async () => {
    const code = await bundle();
    const required = new Set([...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(["obsidian"]);
    expect(code).not.toMatch(/\brequire\(\s*[^"'`\s]/);
    expect(code).not.toMatch(/\bimport\(/);
    expect(Buffer.byteLength(code)).toBeLessThan(300 * 1024);
  });
});

describe("the plugin's own source", () => {
  // (The global `app` is caught by the lint: Obsidian's config restricts it.)
  it.each(pluginSources.map((p) => [p.slice(ROOT.length + 1), p]))("%s: no HTML strings, inline styles, window globals or logging", (_name, path) => {
    const code = readFileSync(path, "utf8");
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(code).not.toMatch(/\.style\.|setAttribute\(\s*["']style|cssText|setCssStyles|setCssProps/);
    expect(code).not.toMatch(/console\.log/);
    expect(code).not.toMatch(/\bwindow\.(app|[A-Z]\w*Api)\b|globalThis\./);
    expect(code).not.toMatch(/ as (LayerGraphView|ItemView)\b/);
  });

  it("styles.css takes every colour from the theme's CSS variables", () => {
    const css = readFileSync(join(ROOT, "styles.css"), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    const colourProps = /^(color|background(-color)?|border(-(top|right|bottom|left))?(-color)?|outline(-color)?|fill|stroke|box-shadow|accent-color|caret-color|text-decoration-color)$/;
    const declarations = [...css.matchAll(/([\w-]+)\s*:\s*([^;{}]+);/g)].filter(([, prop]) => colourProps.test(prop));
    expect(declarations.length).toBeGreaterThan(20);
    for (const [, prop, value] of declarations) {
      // A colour is a theme variable (a fallback inside var() is for the standalone page), or no colour at all.
      const colourless = /^(none|transparent|inherit|currentColor|0|\d+px( solid| dashed)? (transparent|currentColor))$/.test(value.trim());
      const literal = value.replace(/var\([^()]*(\([^()]*\))?[^()]*\)/g, "").match(/#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(/i);
      expect(colourless || (value.includes("var(--") && literal === null), `${prop}: ${value}`).toBe(true);
    }
  });
});
