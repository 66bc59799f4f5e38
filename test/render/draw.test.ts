import { describe, expect, it } from "vitest";
import { fitText, mix, packColour, viewOf } from "../../src/render/draw";
import { buildModel } from "../../src/render/model";
import { smallGraph, syntheticGraph } from "../browser/graphs";

describe("drawing helpers", () => {
  it("blends packed colours into an opaque CSS colour", () => {
    const black = packColour(0, 0, 0, 255);
    const white = packColour(255, 255, 255, 255);
    expect(mix(black, white, 0.25)).toBe("rgb(191, 191, 191)");
    expect(mix(packColour(8, 185, 78, 255), white, 1)).toBe("rgb(8, 185, 78)");
  });

  it("shortens titles by code points, never splitting a surrogate pair", () => {
    expect(fitText("Short", 200, 11)).toBe("Short");
    expect(fitText("  spaced \n  out  ", 200, 11)).toBe("spaced out");
    const emoji = "😀".repeat(40);
    const cut = fitText(emoji, 60, 11);
    expect(cut.endsWith("…")).toBe(true);
    expect(Array.from(cut.slice(0, -1)).every((c) => c === "😀")).toBe(true);
    expect(fitText("anything", 5, 11)).toBe("");
  });

  it("knows the world rectangle in view", () => {
    const v = viewOf({ k: 2, x: -100, y: 50 }, 800, 600, 1, 0);
    expect([v.x0, v.x1, v.y0, v.y1]).toEqual([50, 450, -25, 275]);
  });

  it("puts titles below and above in turn along each row", () => {
    const m = buildModel(syntheticGraph(600, 0, 5), 1.6);
    const rows = new Map<number, number[]>();
    m.graph.nodes.forEach((_, i) => rows.set(Math.round(m.y[i]), [...(rows.get(Math.round(m.y[i])) ?? []), i]));
    for (const row of rows.values()) {
      row.sort((a, b) => m.x[a] - m.x[b]);
      row.forEach((i, k) => expect(m.titleAbove[i]).toBe(k % 2));
    }
    expect(buildModel(smallGraph(), 1.6).titleAbove).toHaveLength(14);
  });
});
