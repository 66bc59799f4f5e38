#!/usr/bin/env node
// The package's bin: runs the bundled command-line twin, built by `npm run build` (or `npm install`, via `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write("knowledge-layers: the CLI is not built yet; run `npm run build` in the package first\n");
  process.exit(2);
}
await import(pathToFileURL(cli).href);
