import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../src/core/defaults";
import { fill, languageOf, MESSAGES, Texts } from "../../src/plugin/i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n", () => {
  it("English and Russian have the same keys", () => {
    expect(Object.keys(MESSAGES.ru).sort()).toEqual(Object.keys(MESSAGES.en).sort());
  });

  it.each(Object.keys(MESSAGES.en))("%s: both languages have a text with the same placeholders", (key) => {
    const en = MESSAGES.en[key as keyof typeof MESSAGES.en];
    const ru = MESSAGES.ru[key as keyof typeof MESSAGES.ru];
    expect(en.trim()).not.toBe("");
    expect(ru.trim()).not.toBe("");
    expect(placeholders(ru)).toEqual(placeholders(en));
  });

  it("English texts are in sentence case (Obsidian's guideline)", () => {
    // Fragments shown inside other text ("Facts (current)", "Level reached: none yet").
    const fragments = new Set(["pickerCurrent", "noLevel", "noLayer", "sourceTypeNew"]);
    for (const [key, text] of Object.entries(MESSAGES.en)) {
      const first = /\p{L}/u.exec(text)?.[0] ?? "";
      if (fragments.has(key) || /^[^\p{L}]*\{/u.test(text)) continue;
      expect(first, key).toBe(first.toUpperCase());
    }
    for (const key of ["commandSetLayer", "commandEstimate", "commandOpenGraph"] as const) {
      expect(MESSAGES.en[key].slice(1)).toBe(MESSAGES.en[key].slice(1).toLowerCase());
    }
  });

  it("picks Russian for ru and ru-RU, English otherwise", () => {
    expect(languageOf("ru")).toBe("ru");
    expect(languageOf("ru-RU")).toBe("ru");
    expect(languageOf("en")).toBe("en");
    expect(languageOf("de")).toBe("en");
    expect(languageOf(undefined)).toBe("en");
  });

  it("shows the default layers and levels by their Russian names, and names the user typed as typed", () => {
    const ru = new Texts("ru");
    const en = new Texts("en");
    const [concepts, structures] = defaultSettings().layers;
    expect(ru.layerName(concepts)).toBe("Понятия");
    expect(en.layerName(concepts)).toBe("Concepts");
    expect(ru.layerName({ ...structures, name: "My structures" })).toBe("My structures");
    expect(ru.levelName(defaultSettings().levels[1])).toBe("Обобщающее понимание (бакалавр)");
    expect(ru.propertyLabel("sourceType")).toBe("Тип источника");
  });

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(new Texts("en").t("statusLayer", { layer: "Facts", coverage: "12%" })).toBe("Facts · 12%");
  });
});
