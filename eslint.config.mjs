// Lint: Obsidian's own recommended config on everything that ships in the plugin bundle (main.js),
// and typescript-eslint's type-checked rules on the Node side (the CLI, tests, benchmarks), which
// never runs inside Obsidian and legitimately imports node:fs.
import { defineConfig, globalIgnores } from "eslint/config";
import obsidianmd from "eslint-plugin-obsidianmd";
import tseslint from "typescript-eslint";
import globals from "globals";

const nodeSide = ["src/node/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "*.mjs", "*.mts", "bin/**"];

export default defineConfig([
  globalIgnores(["node_modules/", "dist/", "main.js", "coverage/", "artifacts/", "examples/", ".bench-tmp/"]),
  {
    files: ["src/**/*.ts", "package.json"],
    ignores: ["src/node/**"],
    extends: [obsidianmd.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The spec asks for js-yaml to read frontmatter in the CLI's reader (the plugin reads Obsidian's own cache).
    // The rule stays on for every other dependency; only this one named package is allowed.
    files: ["package.json"],
    rules: {
      "depend/ban-dependencies": ["error", { presets: ["native", "microutilities", "preferred"], allowed: ["js-yaml"] }],
    },
  },
  {
    files: nodeSide,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ["*.mjs", "bin/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
]);
