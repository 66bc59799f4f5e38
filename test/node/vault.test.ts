import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRecords } from "../../src/core/analysis";
import { defaultSettings } from "../../src/core/defaults";
import type { ParsedNote } from "../../src/core/types";
import { Prefetcher, readVault, readVaultRecords, readVaultSync, type VaultRead } from "../../src/node/vault";
import { createResolver } from "../../src/reader/resolve";

/**
 * The hostile vault of spec §9 as real files (test/fixtures/hostile), copied to a temporary folder where the
 * files too big or too odd to commit are added: a 2 MB note, a note with 20,000 links, a symlink loop, symlinks
 * out of the vault, a broken symlink, a symlink into a hidden folder, and a folder that cannot be listed.
 */

const FIXTURE = join(import.meta.dirname, "../fixtures/hostile");
let tmp: string;
let vault: string;
let outside: string;
let read: VaultRead;

const BIG_PARAGRAPH = "Ground reaction force rises with running speed. Сила реакции опоры растёт. #big [[Self links]]\n\n";
const BIG_REPEAT = Math.ceil(2_000_000 / Buffer.byteLength(BIG_PARAGRAPH));

/** A folder name as long as a name may be (255 bytes). */
const LONG = "d".repeat(255);
/** The vault path of the first folder under `Deep/` too deep to list (see `deepFolder`). */
let unlistable: string;

/**
 * Folders nested under `<vault>/Deep` until their full path is over PATH_MAX (4096 bytes), with a note at the bottom:
 * listing the deepest fails (ENAMETOOLONG), for root too, as a folder without read permission fails for anyone
 * else. They are made through a symlink outside the vault, a short way to the bottom. Returns the vault path of the
 * first folder that cannot be listed.
 */
function deepFolder(tmp: string, vault: string): string {
  let depth = 0;
  let length = vault.length + "/Deep".length;
  let folder = join(vault, "Deep");
  mkdirSync(folder);
  const shortcut = join(tmp, "shortcut");
  for (;;) {
    depth++;
    length += 1 + LONG.length;
    if (length >= 4096) break;
    folder = join(folder, LONG);
    mkdirSync(folder);
  }
  // `folder` is the last that can be listed; through a symlink to it, two more levels and a note.
  symlinkSync(folder, shortcut, "dir");
  mkdirSync(join(shortcut, LONG, LONG), { recursive: true });
  writeFileSync(join(shortcut, LONG, LONG, "Never listed.md"), "A note in a folder that cannot be listed.\n");
  return ["Deep", ...Array.from({ length: depth }, () => LONG)].join("/");
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "kl-vault-"));
  vault = join(tmp, "vault");
  outside = join(tmp, "outside");
  cpSync(FIXTURE, vault, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.md"), "# Outside the vault: never read #secret\n");
  mkdirSync(join(vault, "Generated"));
  writeFileSync(join(vault, "Generated/Big note.md"), BIG_PARAGRAPH.repeat(BIG_REPEAT));
  writeFileSync(join(vault, "Generated/Many links.md"), Array.from({ length: 20_000 }, (_, i) => `[[Note ${i}]]`).join("\n"));
  mkdirSync(join(vault, "Loop"));
  writeFileSync(join(vault, "Loop/Inside loop.md"), "In a folder that links to itself. [[Self links]]\n");
  symlinkSync(".", join(vault, "Loop/again"), "dir");
  symlinkSync("..", join(vault, "Loop/up"), "dir");
  symlinkSync(outside, join(vault, "Outside folder"), "dir");
  symlinkSync(join(outside, "secret.md"), join(vault, "Outside note.md"), "file");
  symlinkSync("Self links.md", join(vault, "Linked note.md"), "file");
  symlinkSync("Nowhere.md", join(vault, "Broken.md"), "file");
  mkdirSync(join(vault, ".hidden"));
  writeFileSync(join(vault, ".hidden/Shown through a link.md"), "Reached by a symlink. #via-link\n");
  symlinkSync(".hidden", join(vault, "Hidden link"), "dir");
  writeFileSync(join(vault, "Scripts/Cafe\u0301 decomposed.md"), "A name written decomposed (NFD), as macOS lists it. #nfd\n");
  execFileSync("mkfifo", [join(vault, "Pipe.md")]);
  symlinkSync("Pipe.md", join(vault, "Link to pipe.md"), "file");
  mkdirSync(join(vault, "_config"));
  writeFileSync(join(vault, "_config/Config note.md"), "Only skipped when the config folder is `_config`.\n");
  unlistable = deepFolder(tmp, vault);
  read = await readVault(vault, { exclude: ["Archive/"] });
});

afterAll(() => {
  // The folders too deep first, through the symlink to them: no path removed by is over PATH_MAX.
  rmSync(join(tmp, "shortcut", LONG), { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
});

const note = (path: string): ParsedNote => {
  const found = read.notes.find((n) => n.path === path);
  if (!found) throw new Error(`no note ${path} in ${read.notes.map((n) => n.path).join(", ")}`);
  return found;
};
const errorsOf = (path: string) => read.errors.filter((e) => e.path === path).map((e) => e.message);
const kindsOf = (path: string) => read.errors.filter((e) => e.path === path).map((e) => e.kind);

describe("readVault on the hostile vault", () => {
  it("reads every note outside dot-folders and exclusions, sorted, with vault-relative forward-slash paths", () => {
    expect(read.notes.map((n) => n.path)).toEqual([
      "Alias bomb.md",
      "Binary.md",
      "CRLF and BOM.md",
      "Empty.md",
      "Generated/Big note.md",
      "Generated/Many links.md",
      "Hidden link/Shown through a link.md",
      "Linked note.md",
      "Loop/Inside loop.md",
      "Malformed YAML.md",
      "Non UTF-8.md",
      "Not a list tags.md",
      "Proto keys.md",
      "Script in values.md",
      "Scripts/Café decomposed.md",
      "Scripts/Emoji 🏃‍♀️ note.md",
      "Scripts/Русский — заметка.md",
      "Scripts/ملاحظة عربية.md",
      "Scripts/日本語のノート.md",
      "Self links.md",
      "_config/Config note.md",
    ]);
  });

  it("lists every vault file for link resolution: attachments and excluded folders too, never dot-files", () => {
    expect(read.files).toContain("Attachments/diagram.png");
    expect(read.files).toContain("Attachments/paper.pdf");
    expect(read.files).toContain("Archive/Old note.md");
    expect(read.files).toContain("README.txt");
    expect(read.files).toContain("Linked note.md");
    expect(read.files.some((f) => f.startsWith(".") || f.includes("/."))).toBe(false);
    expect(read.files.some((f) => f.includes("secret") || f.startsWith("Outside") || f.startsWith("Loop/again") || f.startsWith("Loop/up"))).toBe(false);
    expect(read.files).toEqual([...read.files].sort());
    for (const n of read.notes) expect(read.files).toContain(n.path);
  });

  it("skips the config folder, the trash and the exclusions, however the exclusion is written", () => {
    expect(read.notes.some((n) => n.path.includes("Deleted") || n.path.includes("In the config"))).toBe(false);
    for (const exclude of ["Archive", "Archive/", "./Archive", "/Archive/", "Archive\\"]) {
      const again = readVaultSync(vault, { exclude: [exclude] });
      expect(again.notes.some((n) => n.path.startsWith("Archive/"))).toBe(false);
      expect(again.files).toContain("Archive/Old note.md");
    }
    expect(readVaultSync(vault, {}).notes.map((n) => n.path)).toContain("Archive/Old note.md");
    expect(readVaultSync(vault, { exclude: ["Arch"] }).notes.map((n) => n.path)).toContain("Archive/Old note.md");
    expect(readVaultSync(vault, { exclude: ["Scripts/Emoji 🏃‍♀️ note.md"] }).notes.some((n) => n.path.includes("Emoji"))).toBe(false);
    const custom = readVaultSync(vault, { configDir: "_config" });
    expect(custom.notes.some((n) => n.path.startsWith("_config/"))).toBe(false);
    expect(custom.files.some((f) => f.startsWith("_config/"))).toBe(false);
  });

  it("never follows a symlink out of the vault or round a loop, and says why", () => {
    expect(errorsOf("Outside folder")).toEqual(["symlink points outside the vault, skipped"]);
    expect(errorsOf("Outside note.md")).toEqual(["symlink points outside the vault, skipped"]);
    expect(errorsOf("Loop/again")[0]).toMatch(/already read \(a loop/);
    expect(errorsOf("Loop/up")[0]).toMatch(/already read \(a loop/);
    expect(errorsOf("Broken.md")[0]).toMatch(/^broken symlink, skipped: ENOENT/);
    expect(read.notes.some((n) => n.tags.includes("#secret"))).toBe(false);
  });

  it("says what kind each problem is: the folders and symlinks skipped, and the notes' own", () => {
    expect(kindsOf("Outside folder")).toEqual(["outside"]);
    expect(kindsOf("Loop/again")).toEqual(["loop"]);
    expect(kindsOf("Link to pipe.md")).toEqual(["special"]);
    expect(read.errors.find((e) => e.path === "Broken.md")).toEqual({ path: "Broken.md", message: "broken symlink, skipped: ENOENT", kind: "broken-symlink", reason: "ENOENT" });
    expect(kindsOf("Binary.md")).toEqual(["note"]);
    expect(kindsOf("Malformed YAML.md")).toEqual(["note"]);
  });

  it("reads on past a folder it cannot list, and says which and why", () => {
    expect(read.errors.find((e) => e.path === unlistable)).toEqual({ path: unlistable, message: "cannot list folder: ENAMETOOLONG", kind: "folder", reason: "ENAMETOOLONG" });
    expect(read.errors.filter((e) => e.path.startsWith("Deep/"))).toHaveLength(1);
    expect(read.files.some((f) => f.startsWith("Deep/"))).toBe(false);
    expect(read.notes.length).toBeGreaterThan(20);
  });

  it("never opens a pipe, directly or through a symlink", () => {
    expect(read.files).not.toContain("Pipe.md");
    expect(errorsOf("Link to pipe.md")).toEqual(["symlink to something that is neither a file nor a folder, skipped"]);
  });

  it("gives paths in NFC, as Obsidian does, whatever form the file system lists", () => {
    expect(read.files).toContain("Scripts/Caf\u00e9 decomposed.md");
    expect(note("Scripts/Caf\u00e9 decomposed.md").tags).toEqual(["#nfd"]);
  });

  it("follows a symlink that stays inside the vault: a file under its own name, a hidden folder once", () => {
    expect(note("Linked note.md").links).toEqual(note("Self links.md").links);
    expect(note("Hidden link/Shown through a link.md").tags).toEqual(["#via-link"]);
  });

  it("turns malformed frontmatter into an error while the body's tags and links still count", () => {
    const malformed = note("Malformed YAML.md");
    expect(malformed.frontmatter).toBeNull();
    expect(malformed.errors).toEqual([expect.stringMatching(/^frontmatter does not parse/)]);
    expect(malformed.tags).toEqual(["#still-tagged"]);
    expect(malformed.links).toEqual([{ link: "Self links", source: "body" }]);
    expect(errorsOf("Malformed YAML.md")).toEqual(malformed.errors);
  });

  it("stops an alias bomb with an error, keeping the body", () => {
    const bomb = note("Alias bomb.md");
    expect(bomb.frontmatter).toBeNull();
    expect(bomb.errors[0]).toMatch(/frontmatter does not parse: aliases exceeded maxAliases/);
    expect(bomb.tags).toEqual(["#bomb"]);
  });

  it("decodes bytes that are not UTF-8 leniently, as replacement characters", () => {
    const latin1 = note("Non UTF-8.md");
    expect(latin1.errors).toEqual([]);
    expect({ ...latin1.frontmatter }).toEqual({ layer: "facts" });
    expect(latin1.tags).toEqual(["#latin1"]);
    expect(latin1.links).toEqual([{ link: "Self links", source: "body" }]);
    expect(latin1.words.latin).toBe(13);
  });

  it("reads a binary file named .md as a note with an error and no content", () => {
    expect(note("Binary.md")).toEqual({
      path: "Binary.md",
      frontmatter: null,
      tags: [],
      links: [],
      words: { latin: 0, cyrillic: 0 },
      errors: ["binary content (NUL bytes), not a text note; not read"],
    });
  });

  it("keeps __proto__, toString and constructor as plain data", () => {
    const proto = note("Proto keys.md");
    const fm = proto.frontmatter!;
    expect(Object.getPrototypeOf(fm)).toBeNull();
    expect(Object.keys(fm)).toEqual(["__proto__", "toString", "constructor", "hasOwnProperty", "valueOf", "tags"]);
    expect(Object.getOwnPropertyDescriptor(fm, "valueOf")?.value).toBe("__proto__");
    expect(proto.tags).toEqual(["#__proto__", "#toString", "#constructor"]);
    expect(proto.links).toEqual([{ link: "Self links", source: "frontmatter", key: "constructor" }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps HTML and script in values as text, and finds nothing inside a script block or a comment", () => {
    const script = note("Script in values.md");
    expect(script.frontmatter?.title).toBe("<script>alert('title')</script>");
    expect(script.frontmatter?.layer).toBe("<img src=x onerror=alert(1)>");
    expect(script.tags).toEqual(["#real-tag"]);
    expect(script.links).toEqual([{ link: "Self links", source: "body" }]);
  });

  it("keeps self-links, heading links and links written as Markdown to the note itself", () => {
    expect(note("Self links.md").links).toEqual([
      { link: "Self links", source: "body" },
      { link: "Self links#Self links", source: "body" },
      { link: "#Self links", source: "body" },
      { link: "Self links.md", source: "body" },
      { link: "Self links", source: "frontmatter", key: "requires.0" },
    ]);
  });

  it("reads names, tags and links in several scripts", () => {
    const ru = note("Scripts/Русский — заметка.md");
    expect(ru.tags).toEqual(["#слой/понятия", "#биомеханика", "#спорт/спринт"]);
    expect(ru.links.map((l) => l.link)).toEqual(["日本語のノート", "ملاحظة عربية"]);
    expect(ru.words).toEqual({ latin: 9, cyrillic: 9 });
    expect(note("Scripts/ملاحظة عربية.md").tags).toEqual(["#عربي"]);
    expect(note("Scripts/日本語のノート.md").links).toEqual([{ link: "Русский — заметка", source: "body" }]);
    expect(note("Scripts/Emoji 🏃‍♀️ note.md").tags).toEqual(["#🏃"]);
  });

  it("reads CRLF line endings behind a byte order mark", () => {
    const crlf = note("CRLF and BOM.md");
    expect({ ...crlf.frontmatter }).toEqual({ layer: "logic", tags: ["crlf"] });
    expect(crlf.tags).toEqual(["#crlf", "#windows"]);
  });

  it("reads tags only from a list under `tags` (Obsidian ≥ 1.9), and an empty file as an empty note", () => {
    expect(note("Not a list tags.md").tags).toEqual(["#body-tag"]);
    expect(note("Empty.md")).toEqual({ path: "Empty.md", frontmatter: null, tags: [], links: [], words: { latin: 0, cyrillic: 0 }, errors: [] });
  });

  it("reads a 2 MB note and a note with 20,000 links", () => {
    const big = note("Generated/Big note.md");
    expect(big.errors).toEqual([]);
    expect(big.words).toEqual({ latin: 10 * BIG_REPEAT, cyrillic: 4 * BIG_REPEAT });
    expect(big.tags).toHaveLength(BIG_REPEAT);
    const many = note("Generated/Many links.md");
    expect(many.links).toHaveLength(20_000);
    expect(many.links[12_345]).toEqual({ link: "Note 12345", source: "body" });
  });

  it("reports every problem once per path, sorted, and the same on every read", () => {
    const paths = read.errors.map((e) => e.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(["Alias bomb.md", "Binary.md", "Broken.md", unlistable, "Link to pipe.md", "Loop/again", "Loop/up", "Malformed YAML.md", "Outside folder", "Outside note.md"]);
    expect(readVaultSync(vault, { exclude: ["Archive/"] })).toEqual(read);
  });

  it("does not read a file over the size limit", () => {
    const limited = readVaultSync(vault, { maxFileBytes: 1_000_000 });
    const big = limited.notes.find((n) => n.path === "Generated/Big note.md")!;
    expect(big.errors).toEqual([expect.stringMatching(/^the file is 2\.0 MB, over the 1 MB limit; not read$/)]);
    expect(big.words).toEqual({ latin: 0, cyrillic: 0 });
  });

  it("counts exact tokens on each note's own text when given a counter, and survives a counter that throws", () => {
    const withCounter = readVaultSync(vault, { exclude: ["Archive/"], countTokens: (text) => text.length });
    const self = withCounter.notes.find((n) => n.path === "Self links.md")!;
    // The own text: the body without frontmatter, link destinations and aliased targets.
    expect(self.exactTokens).toBeGreaterThan(50);
    expect(self.exactTokens).toBeLessThan(130);
    expect(withCounter.notes.find((n) => n.path === "Binary.md")!.exactTokens).toBeUndefined();
    const failing = readVaultSync(vault, {
      countTokens: () => {
        throw new Error("tokenizer broke");
      },
    });
    expect(failing.notes.find((n) => n.path === "Self links.md")!.errors).toEqual(["the exact token count failed: tokenizer broke"]);
  });

  it("gives the CLI the records buildRecords gives for the notes it reads, and the same files and problems", async () => {
    const settings = defaultSettings();
    const records = await readVaultRecords(vault, settings, { exclude: ["Archive/"] });
    expect(records.records).toEqual(buildRecords(read.notes, settings, createResolver(read.files)));
    expect(records.records.length).toBeGreaterThan(10);
    expect(records.files).toEqual(read.files);
    expect(records.errors).toEqual(read.errors);
    expect(records.threads).toBe(1);
  });

  it("never throws on a vault folder that does not exist or is a file", async () => {
    await expect(readVault(join(tmp, "missing"))).resolves.toEqual({ notes: [], files: [], errors: [{ path: "", message: "cannot read the vault folder: ENOENT", kind: "vault", reason: "ENOENT" }], threads: 1 });
    const file = readVaultSync(join(vault, "Self links.md"));
    expect(file.errors[0].message).toMatch(/^cannot read the vault folder/);
    expect(file.errors[0].kind).toBe("vault");
  });
});

describe("reading ahead on another thread (Prefetcher)", () => {
  it("gives the same notes, records and problems on the hostile vault as reading alone", async () => {
    const ahead = await readVault(vault, { exclude: ["Archive/"], prefetch: true });
    expect(ahead).toEqual(read);
    const limited = await readVault(vault, { maxFileBytes: 1_000_000, prefetch: true });
    expect(limited).toEqual(readVaultSync(vault, { maxFileBytes: 1_000_000 }));
    const settings = defaultSettings();
    const records = await readVaultRecords(vault, settings, { exclude: ["Archive/"], prefetch: true });
    expect(records.records).toEqual(buildRecords(read.notes, settings, createResolver(read.files)));
    expect(records.errors).toEqual(read.errors);
  });

  it("hands over each file's exact bytes round its ring, and leaves to this thread what it must not read", () => {
    const dir = join(tmp, "ahead");
    mkdirSync(dir);
    const slot = Prefetcher.SLOT_BYTES;
    // More files than slots, so the ring wraps and the reading thread waits for free slots; the odd ones are
    // a file that fills a slot (it may be longer), one with a NUL byte, one gone before it is read, and an empty one.
    const contents = Array.from({ length: 300 }, (_, i) => Buffer.from(`# Note ${i}\n${"stride ".repeat((i * 37) % 400)}\n`));
    contents[70] = Buffer.alloc(slot, 0x61);
    contents[71] = Buffer.alloc(slot - 1, 0x62);
    contents[150] = Buffer.from("text\u0000binary");
    contents[200] = Buffer.alloc(0);
    const items = contents.map((bytes, i) => {
      const abs = join(dir, `n${i}.md`);
      writeFileSync(abs, bytes);
      return { rel: `n${i}.md`, abs };
    });
    rmSync(items[230].abs);
    const fetcher = Prefetcher.start(items)!;
    expect(fetcher).not.toBeNull();
    const never = new Set([70, 150, 230]);
    const pause = new Int32Array(new SharedArrayBuffer(4));
    // Waits up to 5 s for file i (and, for the files it must leave alone, until it has read the next one).
    const waitFor = (i: number) => {
      for (let t = 0; t < 5000 && fetcher.take(i) === null; t++) Atomics.wait(pause, 0, 0, 1);
      return fetcher.take(i);
    };
    try {
      for (let i = 0; i < items.length; i++) {
        if (never.has(i)) {
          expect(waitFor(i + 1)).not.toBeNull();
          expect(fetcher.take(i)).toBeNull();
        } else {
          const bytes = waitFor(i);
          expect(bytes === null ? null : Buffer.from(bytes).equals(contents[i])).toBe(true);
        }
        fetcher.release(i);
      }
    } finally {
      fetcher.stop();
    }
  });
});
