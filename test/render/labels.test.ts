import { describe, expect, it } from "vitest";
import { fill, LabelFormat, labelsFor, mergeLabels, RENDERER_LABELS_EN, RENDERER_LABELS_RU } from "../../src/render/labels";
import type { RendererLabels } from "../../src/render/labels";

describe("renderer labels", () => {
  it("have the same keys and placeholders in English and Russian", () => {
    expect(Object.keys(RENDERER_LABELS_RU).sort()).toEqual(Object.keys(RENDERER_LABELS_EN).sort());
    const placeholders = (v: unknown): string[] => [...JSON.stringify(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(RENDERER_LABELS_EN) as (keyof RendererLabels)[]) {
      expect(new Set(placeholders(RENDERER_LABELS_RU[key])), key).toEqual(new Set(placeholders(RENDERER_LABELS_EN[key])));
    }
  });

  it("pick Russian plural forms", () => {
    const f = new LabelFormat(RENDERER_LABELS_RU);
    const pages = (n: number): string => f.count(RENDERER_LABELS_RU.pagesLeft, n, String(n));
    expect(pages(1)).toBe("осталась 1 страница");
    expect(pages(3)).toBe("осталось 3 страницы");
    expect(pages(5)).toBe("осталось 5 страниц");
    expect(pages(21)).toBe("осталась 21 страница");
    const en = new LabelFormat(RENDERER_LABELS_EN);
    expect(en.count(RENDERER_LABELS_EN.pagesLeft, 1, "1")).toBe("1 page left");
    expect(en.count(RENDERER_LABELS_EN.shown, 10, en.int(10_000), { shown: en.int(9838) })).toBe("9,838 of 10,000 notes");
  });

  it("format numbers for the locale", () => {
    const en = new LabelFormat(RENDERER_LABELS_EN);
    expect(en.pct(0.625)).toBe("62%");
    expect(en.pct(0.999)).toBe("99%");
    expect(en.short(16_666_667)).toBe("16.7M");
    expect(en.int(NaN)).toBe("–");
    expect(new LabelFormat({ ...RENDERER_LABELS_EN, locale: "not a locale!" }).int(1234)).toBe("1,234");
  });

  it("merge overrides key by key, ignoring what does not fit", () => {
    const merged = mergeLabels({ fit: "Вписать", kind: { concept: "Понятие" } as RendererLabels["kind"], bogus: 1 } as unknown as Partial<RendererLabels>);
    expect(merged.fit).toBe("Вписать");
    expect(merged.kind).toEqual({ ...RENDERER_LABELS_EN.kind, concept: "Понятие" });
    expect("bogus" in merged).toBe(false);
    expect(mergeLabels({ search: 5 } as unknown as Partial<RendererLabels>).search).toBe(RENDERER_LABELS_EN.search);
    expect(labelsFor("ru-RU")).toBe(RENDERER_LABELS_RU);
    expect(labelsFor(undefined)).toBe(RENDERER_LABELS_EN);
    expect(fill("{a} and {b}", { a: "1" })).toBe("1 and {b}");
  });
});
