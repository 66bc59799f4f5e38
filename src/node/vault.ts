import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from "node:fs";
import { availableParallelism } from "node:os";
import { sep } from "node:path";
import { isMainThread, MessageChannel, parentPort, receiveMessageOnPort, Worker, workerData, type MessagePort } from "node:worker_threads";
import { RecordBatch } from "../core/batch";
import type { NoteRecord, ParsedNote, Settings } from "../core/types";
import { scanArea } from "../reader/kernel";
import { ownTextBytes, parseMarkdownBytes } from "../reader/markdown";
import { createResolver } from "../reader/resolve";

/**
 * Reads a vault from disk into parsed notes: the CLI's side of "vault files → note records" (the plugin builds
 * the same records from Obsidian's metadata cache). Every problem becomes data (`errors`, and the note's own
 * `errors`, which the core turns into `unreadable` gaps); nothing a vault holds makes it throw.
 *
 * - Skips what Obsidian does not index: dot-files and dot-folders (`.obsidian`, `.trash`, `.git`), the config
 *   folder, and the configured exclusions (folder paths; their files still count as link targets, as in Obsidian).
 * - Follows a symlink only when its target stays inside the vault and is not a folder already read (no loops,
 *   no notes read twice); every other symlink is skipped with an error entry.
 * - Reads UTF-8 leniently (bad bytes read as U+FFFD) and drops a BOM; a file with a NUL byte in its first 8 KB
 *   is binary (or UTF-16) and becomes a note with an error and no content; a file over `maxFileBytes` likewise.
 *   Only regular files are read (never a pipe or a device, which could block).
 * - Paths are vault-relative, with forward slashes, in Unicode NFC (as Obsidian's), sorted.
 *
 * It reads synchronously inside an async function: on the CLI nothing else runs meanwhile, and thousands of small
 * reads from the page cache are faster as direct syscalls than as thread-pool round trips (measured in
 * `bench/reader.ts`). The promise keeps the signature free to change without touching callers.
 */

export interface VaultError {
  path: string;
  message: string;
  /** What went wrong, for a caller that treats problems differently (the CLI warns about some on stderr). */
  kind: VaultErrorKind;
  /** The system's error code (`EACCES`, `ENOENT`…) or message behind it, when one is the reason. */
  reason?: string;
}

/**
 * - `vault`: the vault folder itself cannot be read or listed: nothing in it is counted.
 * - `folder`: a folder inside the vault cannot be listed: its notes are not counted, its files not link targets.
 * - `broken-symlink`: a symlink whose target cannot be reached (gone, a chain that loops, no permission).
 * - `outside`, `loop`, `special`: a symlink skipped on purpose: out of the vault, to a folder already read, or to
 *   something neither a file nor a folder (a pipe, a device).
 * - `note`: a note's own problem (it is also in the note's `errors`, which the core turns into an `unreadable` gap).
 */
export type VaultErrorKind = "vault" | "folder" | "broken-symlink" | "outside" | "loop" | "special" | "note";

export interface VaultRead {
  /** One parsed note per Markdown file outside the exclusions, sorted by path. */
  notes: ParsedNote[];
  /** Every vault file path (notes, attachments, excluded folders' files), sorted: the link resolver's input. */
  files: string[];
  /** Every problem met on the way, one per path (a note's own problems are also in its `errors`). */
  errors: VaultError[];
  /** How many threads read notes (this one, and the workers that took any). */
  threads: number;
}

export interface VaultRecords {
  /** The note records, sorted by path: what `buildRecords` gives for `readVault`'s notes and files. */
  records: NoteRecord[];
  files: string[];
  errors: VaultError[];
  threads: number;
}

export interface ReadVaultOptions {
  /** Folder (or file) paths left out of the index, vault-relative; a trailing slash is allowed. */
  exclude?: readonly string[];
  /** Obsidian's config folder (default `.obsidian`). */
  configDir?: string;
  /** An exact token counter (`--exact-tokens`), run on each note's own text. */
  countTokens?: (text: string) => number;
  /** Larger files are not read (default 32 MB). */
  maxFileBytes?: number;
  /**
   * A script that runs `runReadWorker()` when started as a worker thread (the bundled CLI passes its own file).
   * With it, a large vault is parsed on every core (see `readingPlan`); without it, on this thread only.
   */
  workerScript?: URL;
  /** Exact token counting in worker threads (they load their own counter; a function cannot cross threads). */
  exactTokens?: boolean;
  /** On two cores, how slow the first notes must be (ns a byte) for a second thread; for tests (see `readingPlan`). */
  secondThreadAbove?: number;
  /** Read files ahead on another thread whatever the vault's size and the cores (see Prefetcher); for tests. */
  prefetch?: boolean;
}

/** A thread's read buffer when the kernel's memory is not there (see `readArea`), and how many bytes it has read. */
interface Scratch {
  bytes: Buffer;
  read: number;
}

/** One file to read: its vault path and where it is on disk. */
interface ToRead {
  rel: string;
  abs: string;
}

/** What a read worker is started with; the list of files follows as its first message, once the walk is done. */
interface WorkerJob {
  kind: "knowledge-layers/read";
  /** Which worker this is (its slot in `active`). */
  slot: number;
  /** `[0]`: the index of the next file to take (a multiple of CHUNK). */
  next: SharedArrayBuffer;
  /** One flag per worker, set before it first takes files: then its notes must be waited for. */
  active: SharedArrayBuffer;
  maxBytes: number;
  exactTokens: boolean;
  /** Where the worker posts its notes: a batch per chunk, then null. */
  port: MessagePort;
}

/** Below this many bytes of notes, starting worker threads costs more than it saves. */
const PARALLEL_BYTES = 8 * 1024 * 1024;
/** Threads take files in chunks of this many, the next chunk whenever done with one (so none waits on another). */
const CHUNK = 16;

/** The slots of the prefetch ring: see Prefetcher. */
const SLOTS = 64;
const SLOT_BYTES = 128 * 1024;

/** This thread hands on the notes it reads in batches of about this many bytes (see `readInBatches`). */
const BATCH_BYTES = 1 << 20;
const BINARY_PROBE = 8192;
/** The first read of a note asks for this many bytes (see `readBytes`). */
const FIRST_READ = 1 << 20;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * With `workerScript`, a large vault is parsed on every core (see `readingPlan`). The worker threads are started
 * as soon as the walk has seen enough notes to be worth it, so they boot while the walk goes on; then every thread,
 * this one too, takes the next chunk of files until none is left. A worker still booting when this thread has
 * taken the last chunk is stopped and not waited for. On two cores, a thread that only reads files ahead of this
 * one starts after the walk (see Prefetcher), and a second parsing thread only if the first notes were slow to
 * parse (then it replaces the reading one).
 */
export async function readVault(root: string, options: ReadVaultOptions = {}): Promise<VaultRead> {
  const notes: ParsedNote[] = [];
  const { walked, threads } = await readAll(root, options, (some) => {
    for (const note of some) notes.push(note);
  });
  return finish(walked, notes, threads);
}

/**
 * The CLI's read: the note records, as `buildRecords(read.notes, settings, createResolver(read.files))` gives them
 * after `readVault`. This thread builds the records as the notes come in: after each chunk it reads, those of that
 * chunk and of the chunks the workers have sent meanwhile. The time it spends on records is time the workers read
 * more, so little is left to do once the last file is read. (Building records in the workers and sending them
 * back measured slower: every thread then builds a resolver and warms up the record code, and records cost as
 * much to send as notes.)
 */
export async function readVaultRecords(root: string, settings: Settings, options: ReadVaultOptions = {}): Promise<VaultRecords> {
  const noteErrors: VaultError[] = [];
  let batch: RecordBatch | null = null;
  const { walked, threads } = await readAll(root, options, (notes, files) => {
    batch ??= new RecordBatch(settings, createResolver(files));
    for (const note of notes) {
      for (const message of note.errors) noteErrors.push({ path: note.path, message, kind: "note" });
      batch.add(note);
    }
  });
  const errors = walked.errors.concat(noteErrors);
  walked.files.sort(compare);
  const records = (batch as RecordBatch | null)?.finish(compare) ?? [];
  errors.sort((a, b) => compare(a.path, b.path));
  return { records, files: walked.files, errors, threads };
}

/**
 * Walks the vault and reads every note, on every thread when it is worth it; `keep` gets the notes in batches (as
 * soon as each is read, by this thread or a worker), with every vault file.
 */
async function readAll(root: string, options: ReadVaultOptions, keep: (notes: ParsedNote[], files: string[]) => void): Promise<{ walked: Walked; threads: number }> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;
  const exactTokens = options.exactTokens ?? false;
  const plan = options.workerScript ? readingPlan(availableParallelism(), exactTokens) : { threads: 1, onDemand: false };
  const startPool = () => new ReadPool(options.workerScript!, plan.threads - 1, maxBytes, exactTokens);
  let pool: ReadPool | null = null;
  let large = false;
  const walked = walk(root, options, plan.threads < 2 ? null : () => {
    large = true;
    if (!plan.onDemand) pool = startPool();
  });
  let toRead: readonly ToRead[] = walked.toRead;
  // On two cores, a thread that only reads files starts at once, to read ahead of this one (see Prefetcher).
  let fetcher = (large && plan.onDemand) || options.prefetch ? Prefetcher.start(toRead) : null;
  if (large && plan.onDemand) {
    // This thread reads the first notes, and a second one that parses too starts only if they were slow to parse.
    const started = performance.now();
    const probe = readUntil(toRead, 0, PROBE_BYTES, maxBytes, options.countTokens, fetcher);
    const nsPerByte = ((performance.now() - started) * 1e6) / Math.max(1, probe.bytes);
    keep(probe.notes, walked.files);
    if (nsPerByte > (options.secondThreadAbove ?? SECOND_THREAD_ABOVE) && probe.notes.length < toRead.length) {
      fetcher?.stop();
      fetcher = null;
      toRead = toRead.slice(probe.notes.length);
      pool = startPool();
    } else {
      readInBatches(toRead, probe.notes.length, maxBytes, options.countTokens, fetcher, (notes) => keep(notes, walked.files));
      fetcher?.stop();
      return { walked, threads: 1 };
    }
  }
  if (pool === null) {
    readInBatches(toRead, 0, maxBytes, options.countTokens, fetcher, (notes) => keep(notes, walked.files));
    fetcher?.stop();
    return { walked, threads: 1 };
  }
  const threads = await pool.read(toRead, options.countTokens, (notes) => keep(notes, walked.files));
  return { walked, threads };
}

/**
 * How many threads read a large vault, and whether the second of two starts only on demand. One thread a core, at
 * most 8; but on two cores, unless the exact tokenizer runs, the second thread starts only if the first notes
 * were slow to parse (over `SECOND_THREAD_ABOVE`).
 *
 * On the two-core virtual machines measured (bench: CLI ÷ merely reading), reading notes is mostly syscalls and a
 * fast scan: a second thread cost 25-40% more CPU, saved no time on prose, and made the CLI 10-30% slower whenever
 * another process was busy; on Markdown heavy with links and Cyrillic, whose parse is four times slower, it saved
 * about 15%. The tokenizer is pure computation, which a second core does speed up.
 */
export function readingPlan(cores: number, exactTokens: boolean): { threads: number; onDemand: boolean } {
  return { threads: Math.min(cores, 8), onDemand: cores === 2 && !exactTokens };
}

/** How many bytes of notes this thread reads alone first, to tell whether a second thread would pay. */
const PROBE_BYTES = 4 * 1024 * 1024;
/**
 * ...and how slow they must be, read and parsed, for a second thread, in ns a byte. The first notes run before
 * the code is optimised: measured, the ASCII prose vault took 6.5-8 and the link-heavy EN/RU one 24-32.
 */
const SECOND_THREAD_ABOVE = 15;

/** Worker threads reading notes alongside this one. */
class ReadPool {
  private readonly next = new SharedArrayBuffer(4);
  private readonly active: SharedArrayBuffer;
  private readonly workers: ReadWorker[] = [];

  constructor(
    script: URL,
    count: number,
    private readonly maxBytes: number,
    exactTokens: boolean,
  ) {
    this.active = new SharedArrayBuffer(4 * count);
    for (let slot = 0; slot < count; slot++) {
      const { port1, port2 } = new MessageChannel();
      const job: WorkerJob = { kind: "knowledge-layers/read", slot, next: this.next, active: this.active, maxBytes, exactTokens, port: port2 };
      const worker = new Worker(script, { workerData: job, transferList: [port2] });
      const reading: ReadWorker = { worker, port: port1, done: false, failure: null, settle: null };
      // Only the workers that took files are waited for; a failure of any other is of no consequence.
      const fail = (error: Error) => {
        reading.failure ??= error;
        if (!reading.done) reading.settle?.(reading.failure);
      };
      worker.once("error", fail);
      worker.once("exit", (code) => fail(new Error(`a reading thread stopped with code ${code} before it was done`)));
      this.workers.push(reading);
    }
  }

  /**
   * Reads `items` on every thread; `keep` gets the notes in batches as they are read, this thread's and (between
   * its own chunks, then as they come) the workers'. Returns the threads used.
   */
  async read(items: readonly ToRead[], countTokens: ((text: string) => number) | undefined, keep: (notes: ParsedNote[]) => void): Promise<number> {
    const list = items.map(({ rel, abs }) => ({ rel, abs }));
    for (const { worker } of this.workers) worker.postMessage(list);
    const accept = (reading: ReadWorker, batch: ParsedNote[] | null) => {
      if (reading.done) return;
      if (batch === null) reading.done = true;
      else keep(batch);
    };
    // What a worker has posted so far, taken without waiting.
    const take = (reading: ReadWorker) => {
      for (let message = receiveMessageOnPort(reading.port); message && !reading.done; message = receiveMessageOnPort(reading.port)) {
        accept(reading, message.message as ParsedNote[] | null);
      }
    };
    readShare(list, new Int32Array(this.next), this.maxBytes, countTokens, (notes) => {
      keep(notes);
      for (const reading of this.workers) take(reading);
    });
    // Every chunk is taken now. A worker that had not flagged itself active by then takes none, ever.
    const active = new Int32Array(this.active);
    let threads = 1;
    for (let slot = 0; slot < this.workers.length; slot++) {
      const reading = this.workers[slot];
      if (Atomics.load(active, slot) !== 1) {
        reading.port.close();
        void reading.worker.terminate();
        continue;
      }
      threads++;
      take(reading);
      if (!reading.done) {
        await new Promise<void>((resolve, reject) => {
          reading.settle = (error) => {
            // The notes it posted before it stopped are queued already.
            take(reading);
            if (reading.done) resolve();
            else reject(error);
          };
          reading.port.on("message", (batch: ParsedNote[] | null) => {
            accept(reading, batch);
            if (reading.done) resolve();
          });
          if (reading.failure) reading.settle(reading.failure);
        });
      }
      reading.port.close();
    }
    return threads;
  }
}

/**
 * A thread that only reads files, ahead of this one, which parses them: on two cores, where a second thread that
 * parses too costs more CPU than it saves (see `readingPlan`), opening, reading and closing each file (about a third
 * of reading prose) moves to the other core. It is only ever ahead: a file it has not read (yet, or at all: too
 * large for a slot, a failed read, no thread) this one reads itself, as without it, so nothing waits on it for
 * long and nothing it does can change a note.
 *
 * It reads file i into slot i mod SLOTS of a shared ring, and only once this thread is done with file i - SLOTS.
 * Exported for its tests.
 */
export class Prefetcher {
  /** A note of this many bytes or more is read by the parsing thread. */
  static readonly SLOT_BYTES = SLOT_BYTES;

  /**
   * [0] files this thread is done with; [1] while the fetcher waits for free slots, the value of [0] to wake it at,
   * else 0; [2] the file it reads now + 1, else 0; [3] 1 to stop.
   */
  private readonly control: Int32Array;
  /** Per slot: the index + 1 of the file it holds, or 0. */
  private readonly ready: Int32Array;
  private readonly lengths: Int32Array;
  private readonly ring: Uint8Array;

  private constructor(
    private readonly worker: Worker,
    job: PrefetchJob,
  ) {
    this.control = new Int32Array(job.control);
    this.ready = new Int32Array(job.ready);
    this.lengths = new Int32Array(job.lengths);
    this.ring = new Uint8Array(job.ring);
  }

  /** Starts the reading thread over `items`; null if it cannot start (then this thread reads every file). */
  static start(items: readonly ToRead[]): Prefetcher | null {
    const job: PrefetchJob = {
      paths: items.map((item) => item.abs),
      slotSize: SLOT_BYTES,
      binaryProbe: BINARY_PROBE,
      control: new SharedArrayBuffer(16),
      ready: new SharedArrayBuffer(4 * SLOTS),
      lengths: new SharedArrayBuffer(4 * SLOTS),
      ring: new SharedArrayBuffer(SLOT_BYTES * SLOTS),
    };
    try {
      const worker = new Worker(`(${prefetch.toString()})(require, require("node:worker_threads").workerData)`, { eval: true, workerData: job });
      // It never keeps the process alive, and its failure only means this thread reads every file itself.
      worker.unref();
      worker.on("error", () => undefined);
      return new Prefetcher(worker, job);
    } catch {
      return null;
    }
  }

  /** File `i`'s bytes if the fetcher has read them (a view valid until `release(i)`), else null. */
  take(i: number): Uint8Array | null {
    const k = i % SLOTS;
    if (Atomics.load(this.ready, k) !== i + 1) {
      // Being read right now: worth a short wait rather than reading it twice.
      if (Atomics.load(this.control, 2) !== i + 1) return null;
      Atomics.wait(this.ready, k, 0, 5);
      if (Atomics.load(this.ready, k) !== i + 1) return null;
    }
    return this.ring.subarray(k * SLOT_BYTES, k * SLOT_BYTES + this.lengths[k]);
  }

  /** This thread is done with file `i` (whoever read it): its slot is free, and the fetcher skips up to it. */
  release(i: number): void {
    Atomics.store(this.control, 0, i + 1);
    const wakeAt = Atomics.load(this.control, 1);
    if (wakeAt !== 0 && i + 1 >= wakeAt) Atomics.notify(this.control, 0);
  }

  stop(): void {
    Atomics.store(this.control, 3, 1);
    Atomics.notify(this.control, 0);
    void this.worker.terminate();
  }
}

interface PrefetchJob {
  /** Absolute paths of the files, in the order they are parsed. */
  paths: string[];
  slotSize: number;
  /** A file with a NUL byte in its first this many bytes is not a text note. */
  binaryProbe: number;
  control: SharedArrayBuffer;
  ready: SharedArrayBuffer;
  lengths: SharedArrayBuffer;
  ring: SharedArrayBuffer;
}

/**
 * The prefetch thread's body (see Prefetcher). It runs from its source text, so it refers to nothing outside itself
 * (and defines no function inside: a bundler may wrap those in helpers of its own).
 */
function prefetch(load: (id: string) => unknown, job: PrefetchJob): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const control = new Int32Array(job.control);
  const ready = new Int32Array(job.ready);
  const lengths = new Int32Array(job.lengths);
  const ring = new Uint8Array(job.ring);
  const slots = ready.length;
  let j = Atomics.load(control, 0);
  while (j < job.paths.length && Atomics.load(control, 3) === 0) {
    const done = Atomics.load(control, 0);
    if (j < done) j = done;
    else if (j - done >= slots) {
      // Every slot holds a file the parsing thread has not reached: wait until it is done with half of them (not
      // one: a wake-up for every file would cost both threads a syscall a file).
      const wakeAt = done + (slots >> 1);
      Atomics.store(control, 1, wakeAt);
      for (let now = Atomics.load(control, 0); now < wakeAt && Atomics.load(control, 3) === 0; now = Atomics.load(control, 0)) {
        Atomics.wait(control, 0, now, 100);
      }
      Atomics.store(control, 1, 0);
    } else {
      const k = j % slots;
      Atomics.store(ready, k, 0);
      Atomics.store(control, 2, j + 1);
      let n = -1;
      try {
        const fd = fs.openSync(job.paths[j], "r");
        try {
          n = fs.readSync(fd, ring, k * job.slotSize, job.slotSize, 0);
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        n = -1;
      }
      // A file that fills its slot may be longer, and one with a NUL byte early on is not a text note: the parsing
      // thread reads those itself (and says why).
      if (n >= 0 && n < job.slotSize && Buffer.from(job.ring, k * job.slotSize, Math.min(n, job.binaryProbe)).indexOf(0) === -1) {
        lengths[k] = n;
        Atomics.store(ready, k, j + 1);
      }
      Atomics.store(control, 2, 0);
      Atomics.notify(ready, k);
      j++;
    }
  }
}

/** A read worker, and the port its notes come back on (a batch at a time, then null). */
interface ReadWorker {
  worker: Worker;
  port: MessagePort;
  done: boolean;
  /** Why it failed or stopped, once it has. */
  failure: Error | null;
  /** Set while waiting for the worker's last notes: called when it fails or stops. */
  settle: ((error: Error) => void) | null;
}

/** Takes chunks of `items` (through the shared `next` index) until none is left; `keep` gets each chunk's notes. */
function readShare(items: readonly ToRead[], next: Int32Array, maxBytes: number, countTokens: ((text: string) => number) | undefined, keep: (notes: ParsedNote[]) => void): void {
  const scratch = { bytes: Buffer.allocUnsafe(0), read: 0 };
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    if (start >= items.length) break;
    const end = Math.min(start + CHUNK, items.length);
    const notes: ParsedNote[] = [];
    for (let i = start; i < end; i++) notes.push(readNote(items[i], maxBytes, scratch, countTokens));
    keep(notes);
  }
}

/** True when this thread is a read worker started by `readVault`. */
export function isReadWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerJob> | null)?.kind === "knowledge-layers/read";
}

/** The body of a read worker: takes chunks of the files the main thread sends, and posts back each chunk's notes. */
export async function runReadWorker(loadCounter: () => Promise<(text: string) => number>): Promise<void> {
  const job = workerData as WorkerJob;
  const files = new Promise<ToRead[]>((resolve) => parentPort!.once("message", resolve));
  const count = job.exactTokens ? await loadCounter() : undefined;
  const items = await files;
  Atomics.store(new Int32Array(job.active), job.slot, 1);
  readShare(items, new Int32Array(job.next), job.maxBytes, count, (notes) => job.port.postMessage(notes));
  job.port.postMessage(null);
}

export function readVaultSync(root: string, options: ReadVaultOptions = {}): VaultRead {
  const walked = walk(root, options, null);
  return finish(walked, readNotes(walked.toRead, options.maxFileBytes ?? DEFAULT_MAX_BYTES, options.countTokens), 1);
}

interface Walked {
  files: string[];
  toRead: ToRead[];
  errors: VaultError[];
}

/**
 * Lists the vault: every file (for link resolution) and the notes to read. With `onLarge`, it also adds up the
 * notes' sizes until they reach PARALLEL_BYTES, and then calls `onLarge` once (and looks at no more sizes).
 */
function walk(root: string, options: ReadVaultOptions, onLarge: (() => void) | null): Walked {
  const errors: VaultError[] = [];
  const files: string[] = [];
  const toRead: ToRead[] = [];
  let bytes = 0;
  let sizing = onLarge !== null;
  const excluded = (options.exclude ?? []).map(normalizeRel).filter((e) => e !== "");
  const configDir = normalizeRel(options.configDir ?? ".obsidian");

  let rootReal: string;
  try {
    rootReal = realpathSync(root);
    if (!statSync(rootReal).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    errors.push({ path: "", message: `cannot read the vault folder: ${describe(error)}`, kind: "vault", reason: describe(error) });
    return { files, toRead, errors };
  }

  const isExcluded = (rel: string) => excluded.some((e) => rel === e || rel.startsWith(e + "/"));
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const visited = new Set<string>([rootReal]);
  // Folders to list: real ones first (depth-first), symlinked ones only after every real folder is known.
  const stack: { rel: string; abs: string; excluded: boolean }[] = [{ rel: "", abs: rootReal, excluded: false }];
  const links: { rel: string; abs: string; excluded: boolean }[] = [];

  const addFile = (rel: string, abs: string, inExcluded: boolean) => {
    files.push(rel);
    if (rel.endsWith(".md") && !inExcluded) {
      toRead.push({ rel, abs });
      if (sizing) {
        bytes += sizeOf(abs);
        if (bytes >= PARALLEL_BYTES) {
          sizing = false;
          onLarge!();
        }
      }
    }
  };

  while (stack.length || links.length) {
    if (stack.length === 0) {
      const link = links.shift()!;
      let real: string;
      let isDir: boolean;
      let isFile: boolean;
      try {
        real = realpathSync(link.abs);
        const target = statSync(real);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        errors.push({ path: link.rel, message: `broken symlink, skipped: ${describe(error)}`, kind: "broken-symlink", reason: describe(error) });
        continue;
      }
      if (!inside(real)) {
        errors.push({ path: link.rel, message: "symlink points outside the vault, skipped", kind: "outside" });
        continue;
      }
      if (isFile) {
        addFile(link.rel, link.abs, link.excluded);
        continue;
      }
      if (!isDir) {
        // A pipe or a device: opening it could block forever.
        errors.push({ path: link.rel, message: "symlink to something that is neither a file nor a folder, skipped", kind: "special" });
        continue;
      }
      if (visited.has(real)) {
        errors.push({ path: link.rel, message: "symlink to a folder already read (a loop or a duplicate), skipped", kind: "loop" });
        continue;
      }
      visited.add(real);
      stack.push({ rel: link.rel, abs: real, excluded: link.excluded });
      continue;
    }
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch (error) {
      // The vault folder itself (rel "") unlisted means nothing is read at all.
      const kind = dir.rel === "" ? "vault" : "folder";
      errors.push({ path: dir.rel, message: `${kind === "vault" ? "cannot read the vault folder" : "cannot list folder"}: ${describe(error)}`, kind, reason: describe(error) });
      continue;
    }
    // `dir.abs` is a normalised path and a listed name holds no separator: joining needs no normalising.
    const base = dir.abs.endsWith(sep) ? dir.abs : dir.abs + sep;
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      // Vault paths are NFC, as Obsidian's are (macOS lists names decomposed); the file is opened by its real name.
      const relName = /[^ -~]/.test(name) ? name.normalize("NFC") : name;
      const rel = dir.rel === "" ? relName : `${dir.rel}/${relName}`;
      if (dir.rel === "" && rel === configDir) continue;
      const abs = base + name;
      const inExcluded = dir.excluded || isExcluded(rel);
      if (entry.isDirectory()) {
        visited.add(abs);
        stack.push({ rel, abs, excluded: inExcluded });
      } else if (entry.isFile()) addFile(rel, abs, inExcluded);
      else if (entry.isSymbolicLink()) links.push({ rel, abs, excluded: inExcluded });
    }
  }

  return { files, toRead, errors };
}

/**
 * Reads and parses notes from `items[from]` on until at least `bytes` bytes are read (or none is left), taking
 * each file's bytes from `fetcher` when it has read them ahead. Every problem becomes the note's own error.
 */
function readUntil(
  items: readonly ToRead[],
  from: number,
  bytes: number,
  maxBytes: number,
  countTokens?: (text: string) => number,
  fetcher: Prefetcher | null = null,
): { notes: ParsedNote[]; bytes: number } {
  const scratch = { bytes: Buffer.allocUnsafe(0), read: 0 };
  const notes: ParsedNote[] = [];
  for (let i = from; i < items.length && scratch.read < bytes; i++) {
    if (fetcher === null) notes.push(readNote(items[i], maxBytes, scratch, countTokens));
    else {
      const fetched = fetcher.take(i);
      notes.push(readNote(items[i], maxBytes, scratch, countTokens, fetched !== null && fetched.length <= maxBytes ? fetched : null));
      fetcher.release(i);
    }
  }
  return { notes, bytes: scratch.read };
}

/**
 * Reads and parses the notes from `items[from]` on, handing them to `keep` a batch at a time: what `keep` makes
 * of a batch (records) is built while its notes are still young, so the collector never has to move them.
 */
function readInBatches(
  items: readonly ToRead[],
  from: number,
  maxBytes: number,
  countTokens: ((text: string) => number) | undefined,
  fetcher: Prefetcher | null,
  keep: (notes: ParsedNote[]) => void,
): void {
  for (let i = from; i < items.length; ) {
    const batch = readUntil(items, i, BATCH_BYTES, maxBytes, countTokens, fetcher).notes;
    keep(batch);
    i += batch.length;
  }
}

/** Reads and parses notes; every problem becomes the note's own error. */
function readNotes(items: readonly ToRead[], maxBytes: number, countTokens?: (text: string) => number): ParsedNote[] {
  return readUntil(items, 0, Infinity, maxBytes, countTokens).notes;
}

/** Reads and parses a note; its bytes are `fetched` when another thread has read them (the whole file). */
function readNote({ rel, abs }: ToRead, maxBytes: number, scratch: Scratch, countTokens?: (text: string) => number, fetched: Uint8Array | null = null): ParsedNote {
  const content = fetched === null ? readBytes(abs, maxBytes, scratch) : fetchedBytes(fetched, scratch);
  if (!(content instanceof Uint8Array)) {
    return { path: rel, frontmatter: null, tags: [], links: [], words: { latin: 0, cyrillic: 0 }, errors: [content.error] };
  }
  const note = parseMarkdownBytes(rel, content);
  if (countTokens) {
    try {
      note.exactTokens = countTokens(ownTextBytes(content));
    } catch (error) {
      note.errors.push(`the exact token count failed: ${describe(error)}`);
    }
  }
  return note;
}

/** Sorted output; the notes' own errors join the walk's. */
function finish(walked: Walked, notes: ParsedNote[], threads: number): VaultRead {
  const errors = [...walked.errors];
  for (const note of notes) for (const message of note.errors) errors.push({ path: note.path, message, kind: "note" });
  walked.files.sort(compare);
  notes.sort((a, b) => compare(a.path, b.path));
  errors.sort((a, b) => compare(a.path, b.path));
  return { notes, files: walked.files, errors, threads };
}

function sizeOf(abs: string): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

/**
 * The file's bytes after a UTF-8 byte order mark, or why it is not read. The bytes are read into one area reused
 * for every file (`readArea`), valid until the next read. The reader scans the bytes themselves
 * (malformed UTF-8 reads as U+FFFD, as decoding would give) and decodes only what it keeps.
 */
function readBytes(abs: string, maxBytes: number, scratch: Scratch): Uint8Array | { error: string } {
  let fd: number;
  try {
    fd = openSync(abs, "r");
  } catch (error) {
    return { error: `cannot read the file: ${describe(error)}` };
  }
  try {
    // One read answers most notes: on a regular file a read returns less than it was asked for only at the end.
    // Only a note that fills it is measured (fstat), and then read to its end: a syscall saved on every other.
    const first = Math.min(FIRST_READ, maxBytes + 1);
    let buffer = readArea(first, scratch, 0);
    let filled = readSync(fd, buffer, 0, first, 0);
    if (filled === first) {
      const size = fstatSync(fd).size;
      if (size > maxBytes) return { error: `the file is ${(size / 1e6).toFixed(1)} MB, over the ${(maxBytes / 1e6).toFixed(0)} MB limit; not read` };
      if (size > filled) buffer = readArea(size, scratch, filled);
      while (filled < size) {
        const n = readSync(fd, buffer, filled, size - filled, filled);
        if (n === 0) break;
        filled += n;
      }
    }
    scratch.read += filled;
    return noteBytes(buffer, filled);
  } catch (error) {
    return { error: `cannot read the file: ${describe(error)}` };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing more to do for a descriptor that will not close
    }
  }
}

/**
 * A file's bytes that another thread read (see Prefetcher), moved where the reader scans them (see `readArea`).
 * That thread has looked for NUL bytes already.
 */
function fetchedBytes(fetched: Uint8Array, scratch: Scratch): Uint8Array | { error: string } {
  const buffer = readArea(fetched.length, scratch, 0);
  buffer.set(fetched);
  scratch.read += fetched.length;
  return noteBytes(buffer, fetched.length, false);
}

/**
 * The first `filled` bytes of `buffer` after a UTF-8 byte order mark, or why they are not a text note (a NUL byte
 * in the first BINARY_PROBE, unless `probe` is false: looked for already).
 */
function noteBytes(buffer: Uint8Array, filled: number, probe = true): Uint8Array | { error: string } {
  const bytes = buffer.subarray(0, filled);
  if (probe && (bytes.length > BINARY_PROBE ? bytes.subarray(0, BINARY_PROBE) : bytes).indexOf(0) !== -1) {
    return { error: "binary content (NUL bytes), not a text note; not read" };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // A plain Uint8Array (not a Buffer), the type the plugin's encoded text has: the scanner sees one type only.
  return new Uint8Array(buffer.buffer, buffer.byteOffset + bom, filled - bom);
}

/**
 * Room for `size` bytes to read a file into, holding the `keep` bytes read so far: the word counter's memory (see
 * reader/kernel.ts; its fast path reads text there, and growing it keeps its contents), or without it `scratch`.
 */
function readArea(size: number, scratch: Scratch, keep: number): Uint8Array {
  const area = scanArea(size);
  if (area !== null) return area;
  if (scratch.bytes.length < size) {
    const grown = Buffer.allocUnsafe(Math.max(size, scratch.bytes.length * 2));
    scratch.bytes.copy(grown, 0, 0, keep);
    scratch.bytes = grown;
  }
  return scratch.bytes;
}

/** `./a/b/`, `/a/b`, `a\b` → `a/b`. */
function normalizeRel(path: string): string {
  let p = path.trim().replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  return p.replace(/^\/+|\/+$/g, "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : String(error);
}
