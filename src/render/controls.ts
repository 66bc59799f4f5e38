/**
 * The layer graph's DOM around the canvas: toolbar (search, domain, module, kinds, fit, status), legend and tooltip.
 * Elements are created through d3-selection (the container's own document, in the pane and the exported page alike);
 * every title and value goes in as text, never as markup.
 */
import { select } from "d3";
import type { GraphNode, NodeKind } from "../core/types";
import { NODE_KINDS } from "./filter";
import type { GraphFilter } from "./filter";
import { GAP_STATUSES } from "./labels";
import type { LabelFormat, RendererLabels } from "./labels";

/** Creates `<tag class=cls>` under `parent`. */
export function append<K extends keyof HTMLElementTagNameMap>(parent: Element, tag: K, cls: string): HTMLElementTagNameMap[K] {
  const node = select(parent).append<HTMLElementTagNameMap[K]>(tag).attr("class", cls).node();
  if (!node) throw new Error(`could not create <${tag}>`);
  return node;
}

/** A 12 px shape in a colour role's class: the kinds' shapes, or a line for edges. */
export function swatch(parent: Element, kind: NodeKind | "line", colourClass: string): void {
  const svg = select(parent)
    .append("svg")
    .attr("class", `kl-graph-swatch ${colourClass}`)
    .attr("viewBox", "-6 -6 12 12")
    .attr("aria-hidden", "true");
  if (kind === "concept") svg.append("circle").attr("class", "kl-graph-shape").attr("r", 5);
  else if (kind === "source") svg.append("rect").attr("class", "kl-graph-shape").attr("x", -4.5).attr("y", -4.5).attr("width", 9).attr("height", 9);
  else if (kind === "check") svg.append("path").attr("class", "kl-graph-shape").attr("d", "M0,-6L6,0L0,6L-6,0Z");
  else if (kind === "ghost") svg.append("circle").attr("class", "kl-graph-shape is-ghost").attr("r", 4.5);
  else svg.append("path").attr("class", "kl-graph-shape is-line").attr("d", "M-6,0H6");
}

export interface ToolbarHandlers {
  /** The user changed a control. */
  change(partial: Partial<GraphFilter>): void;
  /** A key in the search box (Enter, Escape). */
  searchKey(event: KeyboardEvent): void;
  fit(): void;
}

/** Search box, domain and module filters, kind toggles, fit button and a status line. */
export class Toolbar {
  readonly search: HTMLInputElement;
  private readonly domain: HTMLSelectElement;
  private readonly module: HTMLSelectElement;
  private readonly kinds = new Map<NodeKind, HTMLInputElement>();
  private readonly status: HTMLSpanElement;

  constructor(
    parent: Element,
    private readonly labels: RendererLabels,
    handlers: ToolbarHandlers,
  ) {
    const L = labels;
    const bar = append(parent, "div", "kl-graph-toolbar");
    this.search = append(bar, "input", "kl-graph-search");
    select(this.search)
      .attr("type", "search")
      .attr("placeholder", L.search)
      .attr("aria-label", L.search)
      .attr("spellcheck", "false")
      .on("input", () => handlers.change({ search: this.search.value }))
      .on("keydown", (event: KeyboardEvent) => handlers.searchKey(event));
    this.domain = append(bar, "select", "kl-graph-select kl-graph-domain dropdown");
    select(this.domain)
      .attr("aria-label", L.domain)
      .on("change", () => handlers.change({ domain: this.domain.value || null }));
    this.module = append(bar, "select", "kl-graph-select kl-graph-module dropdown");
    select(this.module)
      .attr("aria-label", L.module)
      .on("change", () => handlers.change({ module: this.module.value || null }));
    const kinds = append(bar, "div", "kl-graph-kinds");
    select(kinds).attr("role", "group").attr("aria-label", L.kinds);
    for (const kind of NODE_KINDS) {
      const label = append(kinds, "label", `kl-graph-kind is-${kind}`);
      select(label).attr("title", L.kind[kind]);
      const input = append(label, "input", "kl-graph-kind-toggle");
      select(input)
        .attr("type", "checkbox")
        .attr("value", kind)
        .on("change", () => handlers.change({ kinds: NODE_KINDS.filter((k) => this.kinds.get(k)?.checked) }));
      swatch(label, kind, kind === "ghost" ? "kl-graph-color-ghost" : "kl-graph-color-muted");
      select(append(label, "span", "kl-graph-kind-name")).text(L.kind[kind]);
      this.kinds.set(kind, input);
    }
    select(append(bar, "button", "kl-graph-fit"))
      .attr("type", "button")
      .attr("title", L.fitHint)
      .attr("aria-label", L.fitHint)
      .text(L.fit)
      .on("click", () => handlers.fit());
    this.status = append(bar, "span", "kl-graph-status");
    select(this.status).attr("aria-live", "polite");
  }

  /** Shows `filter` in the controls, with the graph's domains and modules to choose from. */
  show(filter: GraphFilter, choices: { domains: string[]; modules: string[] }): void {
    const fillSelect = (el: HTMLSelectElement, all: string, values: string[], current: string | null): void => {
      // A saved choice the graph no longer has stays visible, so the user sees why nothing shows.
      const list = current !== null && !values.includes(current) ? [...values, current] : values;
      const options = [{ value: "", text: all }, ...list.map((v) => ({ value: v, text: v }))];
      select(el)
        .selectAll<HTMLOptionElement, { value: string; text: string }>("option")
        .data(options)
        .join("option")
        .attr("value", (d) => d.value)
        .text((d) => d.text);
      el.value = current ?? "";
      select(el).classed("kl-graph-hidden", list.length === 0);
    };
    fillSelect(this.domain, this.labels.allDomains, choices.domains, filter.domain);
    fillSelect(this.module, this.labels.allModules, choices.modules, filter.module);
    for (const [kind, input] of this.kinds) input.checked = filter.kinds.includes(kind);
    if (this.search.value !== filter.search) this.search.value = filter.search;
  }

  setStatus(text: string): void {
    select(this.status).text(text);
  }
}

/** The legend: shapes of the kinds, colours of the gap statuses, the two edge types, what size means. */
export function buildLegend(parent: Element, labels: RendererLabels): HTMLDetailsElement {
  const L = labels;
  const legend = append(parent, "details", "kl-graph-legend");
  select(append(legend, "summary", "kl-graph-legend-summary")).text(L.legend);
  const rows = append(legend, "div", "kl-graph-legend-rows");
  const row = (kind: NodeKind | "line", colourClass: string, text: string): void => {
    const r = append(rows, "div", "kl-graph-legend-row");
    swatch(r, kind, colourClass);
    select(append(r, "span", "kl-graph-legend-text")).text(text);
  };
  for (const kind of NODE_KINDS) row(kind, kind === "ghost" ? "kl-graph-color-ghost" : "kl-graph-color-muted", L.kind[kind]);
  for (const status of GAP_STATUSES) row("concept", `kl-graph-color-${status}`, L.status[status]);
  row("line", "kl-graph-color-edge", L.linkEdge);
  row("line", "kl-graph-color-requires", L.requiresEdge);
  select(append(legend, "div", "kl-graph-legend-size")).text(L.sizeHint);
  return legend;
}

/** Gaps listed in a tooltip before "…and N more". */
const TOOLTIP_GAPS = 6;

/** The tooltip's text: title, path, layer and kind, domain and module, figures, gaps, how to open. */
export function fillTooltip(tooltip: HTMLElement, node: GraphNode, layerName: string, labels: RendererLabels, fmt: LabelFormat): void {
  const L = labels;
  const tip = select(tooltip);
  tip.selectAll("*").remove();
  tip.classed("is-hidden", false);
  const line = (cls: string, text: string): void => {
    select(append(tooltip, "div", cls)).text(text);
  };
  line("kl-graph-tooltip-title", node.title);
  if (node.id !== node.title) line("kl-graph-tooltip-path kl-graph-tooltip-muted", node.id);
  line("kl-graph-tooltip-layer", `${L.layer}: ${layerName} · ${L.kind[node.kind]}`);
  if (node.kind === "ghost") {
    line("kl-graph-tooltip-muted", L.missingNote);
    return;
  }
  const scope: string[] = [];
  if (node.domain) scope.push(`${L.domainField}: ${node.domain}`);
  if (node.module) scope.push(`${L.moduleField}: ${node.module}`);
  if (scope.length) line("kl-graph-tooltip-scope", scope.join(" · "));
  line(
    "kl-graph-tooltip-figures",
    `${L.tokens}: ${fmt.int(node.tokens)} · ${L.quality}: ${fmt.num(node.quality)} · ${L.effectiveTokens}: ${fmt.int(node.effectiveTokens)}`,
  );
  if (node.gaps.length === 0) {
    line("kl-graph-tooltip-gaps-none kl-graph-tooltip-muted", L.noGaps);
  } else {
    line("kl-graph-tooltip-gaps-title", `${L.gaps}:`);
    const list = append(tooltip, "ul", "kl-graph-tooltip-gaps");
    for (const gap of node.gaps.slice(0, TOOLTIP_GAPS)) {
      select(append(list, "li", `kl-graph-tooltip-gap is-${gap.severity}`)).text(gap.message || gap.rule);
    }
    const more = node.gaps.length - TOOLTIP_GAPS;
    if (more > 0) line("kl-graph-tooltip-muted", fmt.count(L.moreGaps, more, fmt.int(more)));
  }
  line("kl-graph-tooltip-hint kl-graph-tooltip-muted", L.openHint);
}

/** Puts the tooltip beside the point (sx, sy), flipped to stay inside a stage of the given size. */
export function placeTooltip(tooltip: HTMLElement, sx: number, sy: number, width: number, height: number): void {
  const tw = tooltip.offsetWidth;
  const th = tooltip.offsetHeight;
  const gap = 14;
  let x = sx + gap;
  let y = sy + gap;
  if (x + tw > width - 4) x = Math.max(4, sx - gap - tw);
  if (y + th > height - 4) y = Math.max(4, sy - gap - th);
  select(tooltip).style("--kl-tooltip-x", `${Math.round(x)}px`).style("--kl-tooltip-y", `${Math.round(y)}px`);
}
