/**
 * The drawing code for the standalone HTML export, as one script. The bundled CLI has it embedded at build
 * time (esbuild `define`); run from source (tests, tsx) it is bundled on the spot with esbuild.
 */
declare const __STANDALONE_RENDERER__: string | undefined;

let built: Promise<string> | null = null;

export function standaloneRenderer(): Promise<string> {
  if (typeof __STANDALONE_RENDERER__ === "string") return Promise.resolve(__STANDALONE_RENDERER__);
  built ??= (async () => {
    const { build } = await import("esbuild");
    const { fileURLToPath } = await import("node:url");
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../render/standalone.ts", import.meta.url))],
      bundle: true,
      format: "iife",
      target: "es2021",
      platform: "browser",
      minify: true,
      write: false,
      logLevel: "silent",
    });
    return result.outputFiles[0].text;
  })();
  return built;
}
