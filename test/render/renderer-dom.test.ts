// @vitest-environment happy-dom
/** The renderer's DOM (toolbar, filters, legend, status) without a real canvas; drawing is tested in Chromium. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { RENDERER_LABELS_RU } from "../../src/render/labels";
import { LayerGraphRenderer } from "../../src/render/renderer";
import type { GraphFilter } from "../../src/render/renderer";
import { smallGraph } from "../browser/graphs";

let host: HTMLElement;
let renderer: LayerGraphRenderer | null = null;

function mount(options: ConstructorParameters<typeof LayerGraphRenderer>[1] = {}): LayerGraphRenderer {
  host = document.createElement("div");
  document.body.appendChild(host);
  renderer = new LayerGraphRenderer(host, options);
  return renderer;
}

afterEach(() => {
  renderer?.destroy();
  renderer = null;
  host?.remove();
});

const q = <T extends Element>(selector: string): T => {
  const el = host.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector}`);
  return el;
};

describe("LayerGraphRenderer toolbar", () => {
  it("builds a search box, domain and module filters, kind toggles, a fit button, a legend", () => {
    mount().setGraph(smallGraph());
    expect(q<HTMLInputElement>("input.kl-graph-search").placeholder).toBe("Search notes");
    const domains = [...q<HTMLSelectElement>("select.kl-graph-domain").options].map((o) => [o.value, o.textContent]);
    expect(domains[0]).toEqual(["", "All domains"]);
    expect(domains.map((d) => d[0])).toContain("sports/biomechanics");
    expect([...q<HTMLSelectElement>("select.kl-graph-module").options].map((o) => o.value)).toEqual(["", "calculation", "metaphors", "reasoning"]);
    const kinds = [...host.querySelectorAll<HTMLInputElement>("input.kl-graph-kind-toggle")];
    expect(kinds.map((k) => [k.value, k.checked])).toEqual([["concept", true], ["source", true], ["check", true], ["ghost", true]]);
    expect(q("button.kl-graph-fit").textContent).toBe("Fit");
    const legend = q(".kl-graph-legend").textContent ?? "";
    for (const text of ["Concept", "Source", "Check", "Missing note", "No gaps", "Info gaps", "Warnings", "Errors", "Requires"]) {
      expect(legend).toContain(text);
    }
    expect(q(".kl-graph-status").textContent).toBe("13 of 13 notes");
  });

  it("reports the user's changes through onFilterChange, and setFilter updates the controls silently", () => {
    const changes: GraphFilter[] = [];
    const r = mount({ onFilterChange: (f) => changes.push(f) });
    r.setGraph(smallGraph());
    const domain = q<HTMLSelectElement>("select.kl-graph-domain");
    domain.value = "sports/training";
    domain.dispatchEvent(new Event("change"));
    expect(changes.at(-1)).toEqual({ domain: "sports/training", module: null, kinds: ["concept", "source", "check", "ghost"], search: "" });
    expect(q(".kl-graph-status").textContent).toBe("2 of 13 notes");

    const ghost = host.querySelectorAll<HTMLInputElement>("input.kl-graph-kind-toggle")[3];
    ghost.checked = false;
    ghost.dispatchEvent(new Event("change"));
    expect(changes.at(-1)?.kinds).toEqual(["concept", "source", "check"]);

    const search = q<HTMLInputElement>("input.kl-graph-search");
    search.value = "taper";
    search.dispatchEvent(new Event("input"));
    expect(changes.at(-1)?.search).toBe("taper");
    expect(q(".kl-graph-status").textContent).toBe("2 of 13 notes · 1 match");

    const count = changes.length;
    r.setFilter({ domain: null, module: "reasoning", search: "" });
    expect(changes).toHaveLength(count);
    expect(domain.value).toBe("");
    expect(q<HTMLSelectElement>("select.kl-graph-module").value).toBe("reasoning");
    expect(search.value).toBe("");
    expect(r.getFilter()).toEqual({ domain: null, module: "reasoning", kinds: ["concept", "source", "check"], search: "" });
  });

  it("restores a saved filter, even one naming a domain the graph no longer has", () => {
    const r = mount({ filter: { domain: "gone", kinds: ["check"] } });
    r.setGraph(smallGraph());
    const domain = q<HTMLSelectElement>("select.kl-graph-domain");
    expect(domain.value).toBe("gone");
    expect(q(".kl-graph-status").textContent).toBe("0 of 13 notes");
    const filter = r.getFilter();
    filter.kinds.push("ghost");
    expect(r.getFilter().kinds).toEqual(["check"]);
  });

  it("puts hostile domain names into options as text", () => {
    const g = smallGraph();
    g.nodes[0].domain = '<img src=x onerror="window.__pwned=1">';
    mount().setGraph(g);
    const option = [...q<HTMLSelectElement>("select.kl-graph-domain").options].find((o) => o.value.startsWith("<img"));
    expect(option?.textContent).toBe('<img src=x onerror="window.__pwned=1">');
    expect(host.querySelector("img")).toBeNull();
  });

  it("speaks Russian when given Russian labels", () => {
    mount({ labels: RENDERER_LABELS_RU }).setGraph(smallGraph());
    expect(q<HTMLInputElement>("input.kl-graph-search").placeholder).toBe("Поиск заметок");
    expect(q("button.kl-graph-fit").textContent).toBe("Вписать");
    expect(q(".kl-graph-status").textContent).toBe("13 из 13 заметок");
    expect(q(".kl-graph-legend").textContent).toContain("Нет заметки");
  });

  it("Escape clears the search", () => {
    const onFilterChange = vi.fn();
    mount({ onFilterChange }).setGraph(smallGraph());
    const search = q<HTMLInputElement>("input.kl-graph-search");
    search.value = "lever";
    search.dispatchEvent(new Event("input"));
    search.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(search.value).toBe("");
    expect(onFilterChange).toHaveBeenLastCalledWith(expect.objectContaining({ search: "" }));
  });

  it("shows a message on an empty graph and removes everything on destroy", () => {
    const r = mount();
    r.setGraph({ layers: [], nodes: [], edges: [] });
    expect(q(".kl-graph-empty").classList.contains("is-hidden")).toBe(false);
    expect(q(".kl-graph-empty").textContent).toBe("No layered notes yet");
    r.destroy();
    expect(host.children).toHaveLength(0);
    r.setGraph(smallGraph());
    expect(host.children).toHaveLength(0);
  });
});
