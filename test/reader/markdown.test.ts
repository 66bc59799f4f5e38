import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ParsedLink } from "../../src/core/types";
import { fastYaml, loadYaml, parseFrontmatter, splitFrontmatter } from "../../src/reader/frontmatter";
import { countWords, ownText, parseMarkdown } from "../../src/reader/markdown";

const parse = (text: string) => parseMarkdown("Folder/Note.md", text);
const tags = (text: string) => parse(text).tags;
const links = (text: string) => parse(text).links.map((l) => (l.source === "body" ? l.link : `${l.source}:${l.link}`));
const words = (text: string) => parse(text).words;

describe("frontmatter", () => {
  it("is read into a plain object, and the body starts after the closing line", () => {
    const note = parse("---\nlayer: concepts\ntokens: 1200\ndraft: true\nnothing:\nlist:\n  - a\n  - 2\n---\nBody #tag");
    expect({ ...note.frontmatter }).toEqual({ layer: "concepts", tokens: 1200, draft: true, nothing: null, list: ["a", 2] });
    expect(note.tags).toEqual(["#tag"]);
    expect(note.errors).toEqual([]);
  });

  it("keeps __proto__, constructor and toString as plain data and pollutes nothing", () => {
    const note = parse("---\n__proto__:\n  polluted: true\nconstructor: 3\ntoString: text\nhasOwnProperty: x\n---\n");
    const fm = note.frontmatter!;
    const value = (key: string): unknown => Object.getOwnPropertyDescriptor(fm, key)?.value;
    expect(Object.getPrototypeOf(fm)).toBeNull();
    expect(Object.keys(fm)).toEqual(["__proto__", "constructor", "toString", "hasOwnProperty"]);
    expect(value("toString")).toBe("text");
    expect(value("constructor")).toBe(3);
    expect(value("hasOwnProperty")).toBe("x");
    expect(Object.getPrototypeOf(value("__proto__"))).toBeNull();
    expect({ ...(value("__proto__") as object) }).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("keeps null prototypes in nested values that js-yaml reads (flow mappings, merge keys)", () => {
    const fm = parse("---\nbase: &b {x: 1, __proto__: {y: 2}}\nnested:\n  <<: *b\n  z: 3\n---\n").frontmatter!;
    const nested = fm.nested as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBeNull();
    expect(nested.x).toBe(1);
    expect(nested.z).toBe(3);
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });

  it("that does not parse is no frontmatter and an error, while the body's tags and links still count", () => {
    const note = parse("---\nlayer: [concepts\n---\nStill #counted and [[Linked]]");
    expect(note.frontmatter).toBeNull();
    expect(note.errors).toHaveLength(1);
    expect(note.errors[0]).toMatch(/^frontmatter does not parse/);
    expect(note.tags).toEqual(["#counted"]);
    expect(note.links).toEqual([{ link: "Linked", source: "body" }]);
    expect(note.words).toEqual({ latin: 4, cyrillic: 0 });
  });

  it("that is a string or a list is no frontmatter and an error", () => {
    expect(parse("---\njust text\n---\nbody").errors[0]).toMatch(/not a set of properties \(it is a string\)/);
    expect(parse("---\n- a\n- b\n---\nbody").errors[0]).toMatch(/not a set of properties \(it is a list\)/);
    expect(parse("---\n42\n---\nbody").frontmatter).toBeNull();
  });

  it("that is empty or only comments is no frontmatter and no error", () => {
    for (const text of ["---\n---\nbody", "---\n# a comment\n\n---\nbody", "---\n   \n---\nbody"]) {
      const note = parse(text);
      expect(note.frontmatter).toBeNull();
      expect(note.errors).toEqual([]);
      expect(note.words).toEqual({ latin: 1, cyrillic: 0 });
    }
  });

  it("needs `---` on the first line and a closing `---` line; otherwise the text is all body", () => {
    expect(splitFrontmatter("---\na: 1\n---\nbody")).toEqual({ yaml: "a: 1\n", bodyStart: 13 });
    expect(splitFrontmatter("---  \r\na: 1\r\n---\t\r\nbody").bodyStart).toBe(19);
    expect(splitFrontmatter("\n---\na: 1\n---\n").yaml).toBeNull();
    expect(splitFrontmatter("----\na: 1\n----\n").yaml).toBeNull();
    expect(splitFrontmatter("---\na: 1\nno closing line").yaml).toBeNull();
    expect(parse("---\na: 1\nno closing #tag").tags).toEqual(["#tag"]);
  });

  it("reads CRLF line endings and ignores a byte order mark", () => {
    const note = parse("\uFEFF---\r\nlayer: logic\r\ntags:\r\n  - crlf\r\n---\r\nA [[Link]] and #tag.\r\n");
    expect({ ...note.frontmatter }).toEqual({ layer: "logic", tags: ["crlf"] });
    expect(note.tags).toEqual(["#crlf", "#tag"]);
    expect(note.links).toEqual([{ link: "Link", source: "body" }]);
  });

  it("bounds an alias bomb: an error in milliseconds, never an expansion", () => {
    const lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    let prev = "a";
    for (const name of "bcdefghi") {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
      prev = name;
    }
    const start = performance.now();
    const note = parse([...lines, "---", "Body #tag"].join("\n"));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(note.frontmatter).toBeNull();
    expect(note.errors[0]).toMatch(/maxAliases/);
    expect(note.tags).toEqual(["#tag"]);

    // Under the alias bound but still exponential: stopped by the value budget.
    const small = ["---", 'a: &a ["x","x","x","x","x","x","x","x"]'];
    prev = "a";
    for (const name of "bcdef") {
      small.push(`${name}: &${name} [${Array(8).fill(`*${prev}`).join(",")}]`);
      prev = name;
    }
    const bounded = parse([...small, "---", ""].join("\n"));
    expect(bounded.frontmatter).toBeNull();
    expect(bounded.errors[0]).toMatch(/too many values/);
  });

  it("expands a few aliases into independent values, and rejects a value that contains itself", () => {
    const fm = parse("---\na: &x [1, 2]\nb: *x\n---\n").frontmatter!;
    expect(fm.a).toEqual([1, 2]);
    expect(fm.b).toEqual([1, 2]);
    expect(fm.a).not.toBe(fm.b);
    expect(parse("---\na: &a [*a]\n---\n").errors[0]).toMatch(/contains itself/);
  });

  it("rejects duplicate keys, as js-yaml does", () => {
    expect(parse("---\na: 1\na: 2\n---\n").errors[0]).toMatch(/duplicated mapping key/);
  });
});

describe("the frontmatter fast path reads exactly what js-yaml reads", () => {
  const KEYS = ["layer", "tags", "source-type", "Tokens", "creation date", "__proto__", "toString", "a.b", "слой", "_x", "$y"];
  const SCALARS = [
    "concepts", "1200", "-1", "+1", "007", "1.5", ".5", "5.", "1e5", "1E+5", "-.5e-3", "0x1F", "0o17", "0b101", "1_000",
    ".inf", "-.Inf", ".NaN", "2024-01-15", "12:30", "1,000", "v1.2", "9007199254740993", "1e400", "~", "null", "Null",
    "NULL", "nULL", "true", "True", "FALSE", "yes", "on", "a#b", "a #b", "-a", "-5x", "a:b", "a: b", "[x]", "[]", "{x}",
    "a[b]", "&x", "!x", "|", "'q'", "'it''s'", '"q"', '"a\\tb"', '"[[Link]]"', "[[Link]]", "é", "Привет", "+", ".", "0.",
    "a, b", "-", "@x", "`x`", "%x", '"x" # c', "x # c",
  ];
  const line = fc.oneof(
    fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...SCALARS)).map(([k, v]) => `${k}: ${v}`),
    fc.constantFrom(...KEYS).map((k) => `${k}:`),
    fc.tuple(fc.constantFrom("", "  ", "    "), fc.constantFrom(...SCALARS)).map(([indent, v]) => `${indent}- ${v}`),
    fc.constantFrom("", "# comment", "  # indented comment", "  continuation", "\tx: 1", "-", "key:value", "k : v"),
  );

  it("for every document it accepts (and it accepts the common ones)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const yaml = lines.join("\n") + "\n";
        const fast = fastYaml(yaml);
        if (fast === undefined) return;
        accepted++;
        let slow: unknown;
        try {
          slow = loadYaml(yaml);
        } catch (error) {
          throw new Error(`the fast path accepted YAML that js-yaml rejects:\n${yaml}\n${String(error)}`);
        }
        expect(JSON.stringify(fast)).toEqual(JSON.stringify(slow));
        expect(Object.keys(fast)).toEqual(Object.keys(slow as object));
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it("takes the frontmatter Obsidian writes", () => {
    const yaml = 'layer: concepts\ntags:\n  - biomechanics\n  - facet/causality\nrequires:\n  - "[[Ground reaction force]]"\naliases: []\ncreated: 2024-01-15\ntokens: 1200\n';
    expect(fastYaml(yaml)).toBeDefined();
    expect(JSON.stringify(parseFrontmatter(yaml).value)).toBe(JSON.stringify(loadYaml(yaml)));
  });
});

describe("frontmatter tags (Obsidian ≥ 1.9: a list under `tags`, key in any case)", () => {
  it("come first, `#` added when missing, in list order", () => {
    expect(tags("---\ntags:\n  - one\n  - '#two'\n  - nested/three\n---\nBody #four")).toEqual(["#one", "#two", "#nested/three", "#four"]);
    expect(tags("---\nTAGS: [upper]\n---\n")).toEqual(["#upper"]);
    expect(tags("---\ntags: [2024, '', ' spaced ']\n---\n")).toEqual(["#2024", "#spaced"]);
  });

  it("are not read from a text value, nor from the old `tag` key", () => {
    expect(tags("---\ntags: one, two three\n---\n#body")).toEqual(["#body"]);
    expect(tags("---\ntag:\n  - old\n---\n")).toEqual([]);
    expect(tags("---\ntags:\n---\n")).toEqual([]);
  });
});

describe("frontmatter links", () => {
  const fmLinks = (yaml: string) =>
    parse(`---\n${yaml}\n---\n`).links.map((l: ParsedLink) => [l.source, l.key, l.link]);

  it("are values that are exactly one internal link: key, and key.N for list items", () => {
    expect(fmLinks('up: "[[Parent#Part|alias]]"\nrequires:\n  - "[[A]]"\n  - plain\n  - "[B](B%20note.md)"\n  - "![[C.png]]"')).toEqual([
      ["frontmatter", "up", "Parent#Part"],
      ["frontmatter", "requires.0", "A"],
      ["frontmatter", "requires.2", "B note.md"],
      ["frontmatter", "requires.3", "C.png"],
    ]);
  });

  it("are not several links in one value, external links, empty links, or non-text values", () => {
    expect(fmLinks('a: "[[x]] and [[y]]"\nb: "[e](https://example.com)"\nc: "[[]]"\nd: 12\ne: "see [[x]]"\nf:\n  - [[not quoted]]')).toEqual([]);
  });

  it("come after the body's links", () => {
    expect(links('---\nup: "[[P]]"\n---\n[[Body]]')).toEqual(["Body", "frontmatter:P"]);
  });
});

describe("inline tags", () => {
  it.each([
    ["#tag", ["#tag"]],
    ["text #tag text", ["#tag"]],
    ["#nested/tag/deep", ["#nested/tag/deep"]],
    ["#with-dash_and_underscore", ["#with-dash_and_underscore"]],
    ["#123", []],
    ["#123a #a123 #1/2", ["#123a", "#a123", "#1/2"]],
    ["#été #日本語 #биомеханика #🏃", ["#été", "#日本語", "#биомеханика", "#🏃"]],
    ["#end. #comma, #colon: #semi; #q? #ex! #paren) #brace} #quote' #dq\"", ["#end", "#comma", "#colon", "#semi", "#q", "#ex", "#paren", "#brace", "#quote", "#dq"]],
    ["#a#b", ["#a", "#b"]],
    ["#x—dash #y…", ["#x", "#y"]],
    ["word#notag (#notag) [#notag] https://example.com/#anchor &#39;", []],
    ["\\#escaped \\\\#tag", ["#tag"]],
    ["\\[\\[#Escaped\\]\\]", ["#Escaped"]],
    ["# Heading #inheading\n## Sub\n#start", ["#inheading", "#start"]],
    ["- [ ] #task item\n> #quoted\n1. #numbered", ["#task", "#quoted", "#numbered"]],
    ["#a\u00a0#b\u3000#c", ["#a", "#b", "#c"]],
    ["[[#heading]] [[note#tag]] [x](#anchor)", []],
  ])("%j → %j", (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
});

describe("links and embeds", () => {
  it.each([
    ["[[Note]]", ["Note"]],
    ["[[Note|alias]] [[Note#Heading|alias]] [[Note#^block]]", ["Note", "Note#Heading", "Note#^block"]],
    ["[[#heading]] [[#heading#sub||two bars]]", ["#heading", "#heading#sub"]],
    ["[[ spaced ]] [[]] [[  ]] [[|alias only]]", ["spaced"]],
    ["| [[Note\\|alias]] | cell |", ["Note"]],
    ["[[a [[b]]", ["b"]],
    ["[[not closed\n]]", []],
    ["![[Picture.png]] ![[Note#Part|300]]", ["embed:Picture.png", "embed:Note#Part"]],
    ["[text](Note.md) [text](Folder/Note.md#Head) [t](../Up.md)", ["Note.md", "Folder/Note.md#Head", "../Up.md"]],
    ["[t](My%20Note.md) [t](<My Note.md>) [t](note.md \"title\") [t](note.md 'title')", ["My Note.md", "My Note.md", "note.md", "note.md"]],
    ["[t](bad%ZZ.md) [t](a%23b.md) [t](paren(1).md)", ["bad%ZZ.md", "a#b.md", "paren(1).md"]],
    ["[t](#anchor) [t](pa#th/x.md)", ["#anchor", "pa#th/x.md"]],
    ["[t](https://example.com) [t](mailto:a@b.c) [t](obsidian://open) [t](//host/x)", []],
    ["[t]() [t](<>) []() [t] (x.md) [t](my note.md)", []],
    ["![alt](image.png) ![](Folder/Image%201.png)", ["embed:image.png", "embed:Folder/Image 1.png"]],
    ["\\![not an image](x.md) \\[not a link](y.md)", ["x.md"]],
    ["[![badge](b.png)](Target.md)", ["Target.md", "embed:b.png"]],
    ["[a [b](in.md) c](out.md)", ["in.md"]],
    ["[[Link]]#tag and [[Link]]s", ["Link", "Link"]],
  ])("%j → %j", (text, expected) => {
    expect(links(text)).toEqual(expected);
  });

  it("are in position order, Markdown links counted from their opening bracket", () => {
    const note = parse("[![img](i.png)](outer.md) then [[second]]");
    expect(note.links).toEqual([
      { link: "outer.md", source: "body" },
      { link: "i.png", source: "embed" },
      { link: "second", source: "body" },
    ]);
  });
});

describe("what the reader does not look into", () => {
  it.each([
    ["```\n#no [[no]]\n```\n#yes", ["#yes"], []],
    ["~~~js\n[[no]]\n~~~~\n[[yes]]", [], ["yes"]],
    ["````\n```\n[[no]]\n```\n````\n[[yes]]", [], ["yes"]],
    ["``` not a fence `here`\n[[yes]]", [], ["yes"]],
    ["> ```\n> [[no]]\n> ```\n> [[yes]]", [], ["yes"]],
    ["- item\n  ```\n  [[no]]\n  ```\n- [[yes]]", [], ["yes"]],
    ["```\nunclosed [[no]] #no", [], []],
    ["    indented [[no]] #no\n\ntext", [], []],
    ["para\n    lazy continuation [[yes]]", [], ["yes"]],
    ["# Heading\n    code after heading [[no]]", [], []],
    ["- item\n\n    still in the list [[yes]] #yes", ["#yes"], ["yes"]],
    ["`[[no]] #no` and ``a ` [[no]]`` and `unclosed [[yes]]", [], ["yes"]],
    ["$x [[no]]$ $5 and $10 [[yes]] $$\n[[no]] #no\n$$ #yes", ["#yes"], ["yes"]],
    ["<!-- [[no]] #no --> [[yes]] <!--\n[[no]]\n--> #yes", ["#yes"], ["yes"]],
    ["<!-- unclosed at a line start [[no]]\n#no", [], []],
    ["text <!-- unclosed inline [[yes]]", [], ["yes"]],
    ["<script>\n[[no]] #no\n</script> after [[no]]\n[[yes]]", [], ["yes"]],
    ["<pre>[[no]]</pre>\n<div>[[yes]]</div>", [], ["yes"]],
    ["%% [[yes]] #yes %%", ["#yes"], ["yes"]],
    ["%%\nspanning #yes\n[[yes]]\n%%", ["#yes"], ["yes"]],
    ["`%%` [[yes]]", [], ["yes"]],
  ])("%j", (text, expectedTags, expectedLinks) => {
    expect(tags(text)).toEqual(expectedTags);
    expect(links(text)).toEqual(expectedLinks);
  });
});

describe("own text and words", () => {
  it("counts letters-and-digits runs, joined by inner apostrophes, hyphens, and points or commas between digits", () => {
    expect(countWords("don't state-of-the-art 1,000.5 end. x-")).toEqual({ latin: 5, cyrillic: 0 });
    expect(countWords("it’s e.g. a--b 'quoted' -lead")).toEqual({ latin: 7, cyrillic: 0 });
    expect(countWords("")).toEqual({ latin: 0, cyrillic: 0 });
  });

  it("counts a word with any Cyrillic letter as Cyrillic", () => {
    expect(countWords("Привет, мир! hello Ёлка-палка iPhone-ом 2024")).toEqual({ latin: 2, cyrillic: 4 });
  });

  it("counts each CJK ideograph and kana as a word, and keeps combining marks inside words", () => {
    expect(countWords("日本語です。abc")).toEqual({ latin: 6, cyrillic: 0 });
    expect(countWords("cafe\u0301 nai\u0308ve")).toEqual({ latin: 2, cyrillic: 0 });
    expect(countWords("𝐀𝐁𝐂 𠀀𠀁 😀")).toEqual({ latin: 3, cyrillic: 0 });
  });

  it("leaves out frontmatter, code, comments, HTML markup, link destinations and aliased targets", () => {
    const text = [
      "---",
      "title: not counted",
      "---",
      "One two.",
      "```",
      "code not counted",
      "```",
      "<!-- comment not counted -->",
      "%% private not counted %%",
      "<span class='not counted'>three</span>",
      "[four](not/counted.md) [[NotCounted|five]] [[six]] #seven `eight` $nine$",
      "",
      "    indented not counted",
    ].join("\n");
    expect(words(text)).toEqual({ latin: 9, cyrillic: 0 });
    expect(ownText(text).match(/[A-Za-z]+/g)).toEqual(["One", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);
  });

  it("of a note agree with countWords over its own text, on any input", () => {
    const piece = fc.oneof(
      fc.constantFrom("word", "слово", "日本", "don't", "1,000", " ", "\n", "\n\n", "    ", "#tag", "[[a|b]]", "[[c]]", "[t](d.md)",
        "![e](f.png)", "`code`", "```\n", "~~~\n", "$m$", "$$", "%%", "<!--", "-->", "<b>", "</b>", "<script>", "</script>",
        "\\", "\\#", "[", "]", "(", ")", "---\n", "> ", "- ", "1. ", "\r\n", "-", "'", "."),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(countWords(ownText(text))).toEqual(words(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("any input", () => {
  const markdownish = fc
    .array(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 8 }),
        fc.constantFrom("[[", "]]", "[", "](", ")", "#", "`", "```", "$", "$$", "%%", "<!--", "-->", "<", ">", "\\", "\n", "---\n", "    ", "|", "!", "'", '"', "\u0000", "\uFEFF", "\uD800", "\uDC00"),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(""));

  it("never throws, gives tags that start with # and links that are not empty", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), markdownish), (text) => {
        const note = parseMarkdown("a.md", text);
        for (const tag of note.tags) expect(tag.startsWith("#")).toBe(true);
        for (const tag of note.tags) expect(tag.length).toBeGreaterThan(1);
        for (const link of note.links) expect(link.link.length).toBeGreaterThan(0);
        expect(note.words.latin).toBeGreaterThanOrEqual(0);
        expect(typeof ownText(text)).toBe("string");
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on arbitrary bytes decoded as UTF-8", () => {
    const decoder = new TextDecoder("utf-8", { fatal: false });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const note = parseMarkdown("b.md", decoder.decode(bytes));
        for (const tag of note.tags) expect(tag.startsWith("#")).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads a 2 MB note and a note with 20,000 links", () => {
    const paragraph = "Ground reaction force rises with running speed. Сила реакции опоры растёт со скоростью. #biomechanics [[Sprint]]\n\n";
    const big = parse(paragraph.repeat(Math.ceil(2e6 / paragraph.length)));
    expect(big.links).toHaveLength(Math.ceil(2e6 / paragraph.length));
    expect(big.words.cyrillic).toBe(6 * Math.ceil(2e6 / paragraph.length));

    const many = parse(Array.from({ length: 20_000 }, (_, i) => `[[Note ${i}]]`).join(" "));
    expect(many.links).toHaveLength(20_000);
    expect(many.links[19_999]).toEqual({ link: "Note 19999", source: "body" });
  });

  it("stays linear on inputs built to make a naive scanner quadratic", () => {
    const n = 200_000;
    const inputs = [
      "[[".repeat(n),
      "[".repeat(n) + "]",
      "`".repeat(3) + "x" + Array.from({ length: 600 }, (_, i) => "`".repeat(i + 1)).join("x"),
      "$a ".repeat(n),
      "<!--".repeat(n),
      "<a".repeat(n),
      "#".repeat(n),
      "[x](".repeat(n),
      "a\\".repeat(n),
      "%%".repeat(n),
      "> ```\n".repeat(n / 10),
      "    x\n".repeat(n / 5),
    ];
    for (const text of inputs) {
      const start = performance.now();
      parse(text);
      ownText(text);
      // A quadratic scan of these inputs would take minutes; a linear one, milliseconds.
      expect(performance.now() - start).toBeLessThan(10_000);
    }
  });
});
