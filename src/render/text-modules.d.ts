/** Files imported as text through esbuild's import attributes: `import css from "./x.css" with { type: "text" }`. */
declare module "*.css" {
  const text: string;
  export default text;
}
