import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createResolver, linkpathOf } from "../../src/reader/resolve";

const VAULT = [
  "Root note.md",
  "Biomechanics/Ground reaction force.md",
  "Biomechanics/Sprint.md",
  "Biomechanics/Deep/Sprint.md",
  "Physiology/Sprint.md",
  "Physiology/Muscle.md",
  "Physiology/Deep/Tendon.md",
  "Archive/Biomechanics/Ground reaction force.md",
  "Attachments/diagram.png",
  "Attachments/paper.pdf",
  "Notes/v1.2.md",
  "Notes/Über.md",
  "Notes/README",
  "a/Sprint.md",
];

describe("createResolver (Obsidian's getFirstLinkpathDest)", () => {
  const resolve = createResolver(VAULT);

  it.each([
    // [link path, source, expected]
    ["", "Physiology/Muscle.md", "Physiology/Muscle.md"],
    ["Root note", "Physiology/Muscle.md", "Root note.md"],
    ["Biomechanics/Sprint", "Physiology/Muscle.md", "Biomechanics/Sprint.md"],
    ["Biomechanics/Sprint.md", "Physiology/Muscle.md", "Biomechanics/Sprint.md"],
    ["biomechanics/SPRINT", "Physiology/Muscle.md", "Biomechanics/Sprint.md"],
    ["Attachments/diagram.png", "Root note.md", "Attachments/diagram.png"],
    ["diagram.png", "Root note.md", "Attachments/diagram.png"],
    ["paper.pdf", "Physiology/Deep/Tendon.md", "Attachments/paper.pdf"],
    ["v1.2", "Root note.md", "Notes/v1.2.md"],
    ["README", "Root note.md", "Notes/README"],
    ["über", "Root note.md", "Notes/Über.md"],
    ["U\u0308ber", "Root note.md", "Notes/Über.md"],
  ])("%j from %j → %j", (link, source, expected) => {
    expect(resolve(link, source)).toBe(expected);
  });

  it("resolves paths relative to the source's folder (Markdown links)", () => {
    expect(resolve("../Physiology/Muscle.md", "Biomechanics/Sprint.md")).toBe("Physiology/Muscle.md");
    expect(resolve("./Sprint.md", "Physiology/Muscle.md")).toBe("Physiology/Sprint.md");
    expect(resolve("Deep/Tendon", "Physiology/Muscle.md")).toBe("Physiology/Deep/Tendon.md");
    expect(resolve("../../Root note.md", "Physiology/Deep/Tendon.md")).toBe("Root note.md");
    expect(resolve("../../../Root note.md", "Physiology/Deep/Tendon.md")).toBeNull();
    expect(resolve("../Nowhere.md", "Physiology/Muscle.md")).toBeNull();
  });

  it("resolves a name or a partial path case-insensitively; ties go to the source's folder, then the shortest path", () => {
    expect(resolve("Sprint", "Physiology/Muscle.md")).toBe("Physiology/Sprint.md");
    expect(resolve("Sprint", "Biomechanics/Ground reaction force.md")).toBe("Biomechanics/Sprint.md");
    expect(resolve("Sprint", "Biomechanics/Deep/Sprint.md")).toBe("Biomechanics/Deep/Sprint.md");
    // No file named Sprint in the source's folder: the shortest path wins, then the alphabetically first.
    expect(resolve("Sprint", "Root note.md")).toBe("a/Sprint.md");
    expect(resolve("sprint", "Notes/v1.2.md")).toBe("a/Sprint.md");
    expect(resolve("Deep/Sprint", "Root note.md")).toBe("Biomechanics/Deep/Sprint.md");
    expect(resolve("Ground reaction force", "Root note.md")).toBe("Biomechanics/Ground reaction force.md");
    expect(resolve("Biomechanics/Ground reaction force", "Archive/x.md")).toBe("Biomechanics/Ground reaction force.md");
  });

  it("prefers the path in the link's own case when two paths differ only in case", () => {
    const r = createResolver(["A.md", "a.md", "Dir/Note.md", "dir/note.md", "B.md"]);
    expect(r("a", "x.md")).toBe("a.md");
    expect(r("A", "x.md")).toBe("A.md");
    expect(r("a.md", "x.md")).toBe("a.md");
    expect(r("/A", "x.md")).toBe("A.md");
    expect(r("dir/note", "x.md")).toBe("dir/note.md");
    expect(r("Dir/Note", "x.md")).toBe("Dir/Note.md");
    // No path in the link's case: any case, as before.
    expect(r("b", "x.md")).toBe("B.md");
    expect(r("DIR/NOTE", "x.md")).toBe("Dir/Note.md");
  });

  it("does not match a partial name, and keeps unresolved targets unresolved", () => {
    expect(resolve("print", "Root note.md")).toBeNull();
    expect(resolve("eep/Sprint", "Root note.md")).toBeNull();
    expect(resolve("Missing note", "Root note.md")).toBeNull();
    expect(resolve("diagram", "Root note.md")).toBeNull();
  });

  it("is deterministic: the same answers whatever the order of the vault's paths", () => {
    const queries = ["Sprint", "sprint", "Deep/Sprint", "Ground reaction force", "diagram.png", "Muscle", "../Sprint.md", "", "x"];
    const sources = ["Root note.md", "Physiology/Muscle.md", "Biomechanics/Deep/Sprint.md", "a/Sprint.md"];
    const expected = queries.map((q) => sources.map((s) => resolve(q, s)));
    fc.assert(
      fc.property(fc.shuffledSubarray(VAULT, { minLength: VAULT.length }), (shuffled) => {
        const other = createResolver(shuffled);
        expect(queries.map((q) => sources.map((s) => other(q, s)))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic on arbitrary vaults, and any answer is a vault path or the source", () => {
    const segment = fc.constantFrom("a", "A", "b", "Note", "note", "Ü", "U\u0308", "x.md", "y.pdf");
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/"));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 12 }), fc.array(path, { maxLength: 6 }), fc.nat(), (paths, links, seed) => {
        const files = paths.map((p) => (p.endsWith(".md") || p.endsWith(".pdf") ? p : `${p}.md`));
        const reversed = createResolver([...files].reverse());
        const forward = createResolver(files);
        const source = files.length ? files[seed % files.length] : "Source.md";
        for (const link of links) {
          const answer = forward(link, source);
          expect(reversed(link, source)).toBe(answer);
          if (answer !== null) expect(files.includes(answer) || answer === source).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("answers 200,000 lookups on a 50,000-file vault quickly (O(1)-ish per lookup)", () => {
    const files = Array.from({ length: 50_000 }, (_, i) => `Layer ${i % 6}/Topic ${i % 300}/Note ${i}.md`);
    const start = performance.now();
    const big = createResolver(files);
    let found = 0;
    let existing = 0;
    for (let i = 0; i < 200_000; i++) {
      const n = (i * 7919) % 60_000;
      if (n < 50_000) existing++;
      const answer = big(`Note ${n}`, files[i % files.length]);
      if (answer !== null) {
        found++;
        expect(answer.endsWith(`/Note ${n}.md`)).toBe(true);
      }
    }
    expect(found).toBe(existing);
    expect(performance.now() - start).toBeLessThan(15_000);
  });
});

describe("linkpathOf", () => {
  it.each([
    ["Note", "Note"],
    ["Note#Heading", "Note"],
    ["Note#^block", "Note"],
    ["#Heading", ""],
    ["Folder/Note.md#Heading#Sub", "Folder/Note.md"],
    ["pa#th/x.md", "pa"],
    [" spaced #h", "spaced"],
  ])("%j → %j", (link, expected) => {
    expect(linkpathOf(link)).toBe(expected);
  });
});
