/**
 * The exported HTML page's script (built as one IIFE and embedded by `graphHtml`): adopts the plugin's stylesheet,
 * reads the graph from `#kl-graph-data` and mounts the same renderer the Obsidian pane uses.
 * A click on a note shows its path (and, when the vault is known, an `obsidian://open` link); nothing navigates by itself.
 */
import { select } from "d3";
import css from "../../styles.css" with { type: "text" };
import type { GraphPagePayload } from "./export";
import { labelsFor } from "./labels";
import { LayerGraphRenderer } from "./renderer";

function readPayload(doc: Document): GraphPagePayload {
  const text = doc.getElementById("kl-graph-data")?.textContent ?? "";
  try {
    const parsed = JSON.parse(text) as Partial<GraphPagePayload> | null;
    return {
      graph: parsed?.graph ?? { layers: [], nodes: [], edges: [] },
      lang: typeof parsed?.lang === "string" ? parsed.lang : "en",
      title: typeof parsed?.title === "string" ? parsed.title : "",
      vault: typeof parsed?.vault === "string" ? parsed.vault : null,
    };
  } catch {
    return { graph: { layers: [], nodes: [], edges: [] }, lang: "en", title: "", vault: null };
  }
}

function mount(doc: Document): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];

  const payload = readPayload(doc);
  const labels = labelsFor(payload.lang);
  const host = doc.getElementById("kl-graph") ?? doc.body;
  const renderer = new LayerGraphRenderer(host, {
    labels,
    onOpen: (id) => {
      // Show which note was chosen; opening it is the user's next click, never automatic.
      const bar = select(host).select<HTMLDivElement>(".kl-graph").selectAll<HTMLDivElement, null>(".kl-graph-opened").data([null]).join("div").attr("class", "kl-graph-opened");
      bar.selectAll("*").remove();
      bar.append("span").attr("class", "kl-graph-opened-label").text(`${labels.chosenNote} `);
      bar.append("span").attr("class", "kl-graph-opened-path").text(id);
      if (payload.vault !== null) {
        const href = `obsidian://open?vault=${encodeURIComponent(payload.vault)}&file=${encodeURIComponent(id)}`;
        bar.append("span").text(" · ");
        bar.append("a").attr("class", "kl-graph-opened-link").attr("href", href).text(labels.openInObsidian);
      }
    },
  });
  renderer.setGraph(payload.graph);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => mount(document));
else mount(document);
