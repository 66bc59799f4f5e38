import { runCli } from "./cli";
import { loadExactCounter } from "./tokenizer";
import { isReadWorker, runReadWorker } from "./vault";

// The bundled entry of `knowledge-layers` (dist/cli.mjs). The same file runs as the reading threads a large
// vault is parsed on.
if (isReadWorker()) {
  await runReadWorker(loadExactCounter);
} else {
  // A closed pipe (`| head`) ends the run quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    workerScript: new URL(import.meta.url),
  });
}
