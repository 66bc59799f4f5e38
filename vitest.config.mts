import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      // `obsidian` ships types only; tests run the plugin against a small faithful mock.
      obsidian: fileURLToPath(new URL("./test/__mocks__/obsidian.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Browser suites start Chromium; keep them from competing with each other on two cores.
    fileParallelism: true,
    coverage: { provider: "v8", include: ["src/**/*.ts"] },
  },
});
