import { describe, expect, it } from "vitest";
import {
  defaultFilter,
  filterChoices,
  inDomain,
  mergeFilter,
  sameFilter,
  searchHaystacks,
  searchMatches,
  visibleNodes,
} from "../../src/render/filter";
import type { GraphFilter } from "../../src/render/filter";
import { cleanGraph } from "../../src/render/model";
import { smallGraph as smallGraphJson } from "../browser/graphs";

/** The small graph as the index gives it (edges as arrays). */
const smallGraph = () => cleanGraph(smallGraphJson());

const titles = (flags: Uint8Array): string[] => smallGraph().nodes.filter((_, i) => flags[i]).map((n) => n.title);

describe("graph filter", () => {
  it("shows everything by default", () => {
    expect(titles(visibleNodes(smallGraph(), defaultFilter()))).toHaveLength(14);
  });

  it("scopes by domain as the estimate does: the domain and everything nested under it", () => {
    expect(inDomain("sports/biomechanics", "sports")).toBe(true);
    expect(inDomain("sports", "sports")).toBe(true);
    expect(inDomain("sportsmanship", "sports")).toBe(false);
    expect(inDomain(null, "sports")).toBe(false);
    const f = mergeFilter(defaultFilter(), { domain: "sports/training" });
    expect(titles(visibleNodes(smallGraph(), f))).toEqual(["Periodisation", "Taper"]);
  });

  it("keeps a ghost under a domain filter only when a shown note links to it", () => {
    const bio = visibleNodes(smallGraph(), mergeFilter(defaultFilter(), { domain: "sports/biomechanics" }));
    expect(titles(bio)).toContain("Missing target");
    const psych = visibleNodes(smallGraph(), mergeFilter(defaultFilter(), { domain: "psychology" }));
    expect(titles(psych)).toEqual(["Paradox of choice", "Check of paradoxes"]);
  });

  it("filters by module and by kind", () => {
    const reasoning = visibleNodes(smallGraph(), mergeFilter(defaultFilter(), { module: "reasoning", kinds: ["concept"] }));
    expect(titles(reasoning)).toEqual(["Force", "Muscle", "Why levers"]);
    const checks = visibleNodes(smallGraph(), mergeFilter(defaultFilter(), { kinds: ["check", "ghost"] }));
    expect(titles(checks)).toEqual(["Lever quiz", "Check of paradoxes", "Missing target"]);
  });

  it("ignores malformed fields of a restored filter", () => {
    const base = defaultFilter();
    const restored = mergeFilter(base, { domain: 3, module: ["x"], kinds: ["concept", "bogus", "concept", "ghost"], search: null } as unknown as Partial<GraphFilter>);
    expect(restored).toEqual({ domain: null, module: null, kinds: ["concept", "ghost"], search: "" });
    expect(mergeFilter(base, null)).toEqual(base);
    expect(mergeFilter({ ...base, domain: "a" }, { domain: "" }).domain).toBeNull();
    expect(sameFilter(base, defaultFilter())).toBe(true);
    expect(sameFilter(base, { ...base, kinds: ["concept"] })).toBe(false);
  });

  it("searches titles and paths, case-insensitively, among shown notes only", () => {
    const g = smallGraph();
    const hay = searchHaystacks(g);
    const all = visibleNodes(g, defaultFilter());
    expect(searchMatches(hay, all, "LEVER").map((i) => g.nodes[i].title)).toEqual(["Lever", "Lever quiz", "Why levers"]);
    expect(searchMatches(hay, all, "biomechanics/").map((i) => g.nodes[i].title)).toEqual(["Force", "Mass", "Lever"]);
    expect(searchMatches(hay, all, "   ")).toEqual([]);
    const noChecks = visibleNodes(g, mergeFilter(defaultFilter(), { kinds: ["concept"] }));
    expect(searchMatches(hay, noChecks, "lever").map((i) => g.nodes[i].title)).toEqual(["Lever", "Why levers"]);
  });

  it("offers every domain with its parents, and every module", () => {
    expect(filterChoices(smallGraph())).toEqual({
      domains: ["psychology", "sports", "sports/biomechanics", "sports/physiology", "sports/training"],
      modules: ["calculation", "metaphors", "reasoning"],
    });
  });
});
