import { normalizePath, TFile, TFolder } from "obsidian";
import type { App } from "obsidian";
import { REPORT_MARKER } from "../core/records";
import { reportMarkdown } from "../core/report";
import type { ReportLanguage } from "../core/report";
import type { Report, Settings } from "../core/types";
import { own } from "../core/values";
import { parseFrontmatter, splitFrontmatter } from "../reader/frontmatter";

/**
 * Writes the report note (spec §6) into the vault. The configured path is overwritten only when the file there
 * carries the report marker in its frontmatter (a report this plugin wrote); otherwise the report goes beside
 * it under a new name (`Report 2.md`, `Report 3.md`, … — or the first of those that is itself a report).
 * The plugin never rewrites any other note.
 */

export interface WrittenReport {
  file: TFile;
  /** The configured path, when the report had to go elsewhere because a note that is not a report is there. */
  displaced: string | null;
}

/** At most this many names are tried beside the configured one. */
const MAX_CANDIDATES = 1000;

export async function writeReportNote(
  app: App,
  report: Report,
  settings: Settings,
  options: { language: ReportLanguage; updated: string },
): Promise<WrittenReport> {
  const markdown = reportMarkdown(report, settings, { language: options.language, updated: options.updated });
  const configured = reportPathOf(settings.reportPath);
  const stem = configured.slice(0, -3);
  for (let n = 1; n <= MAX_CANDIDATES; n++) {
    const path = n === 1 ? configured : `${stem} ${n}.md`;
    const existing = app.vault.getAbstractFileByPath(path);
    const displaced = n === 1 ? null : configured;
    if (existing === null) {
      await ensureFolder(app, path);
      const file = await app.vault.create(path, markdown);
      return { file, displaced };
    }
    if (existing instanceof TFile && (await isReportFile(app, existing))) {
      await app.vault.modify(existing, markdown);
      return { file: existing, displaced };
    }
  }
  throw new Error(`no free name beside ${configured}`);
}

/** The configured report path as a vault path ending in `.md`. */
export function reportPathOf(reportPath: string): string {
  const path = normalizePath(reportPath.trim() === "" ? "Knowledge layers report.md" : reportPath);
  return /\.md$/i.test(path) ? path : `${path}.md`;
}

/** Whether the note's own text carries the report marker (read from disk, not from a possibly stale cache). */
export async function isReportFile(app: App, file: TFile): Promise<boolean> {
  if (file.extension !== "md") return false;
  const text = await app.vault.read(file);
  return carriesReportMarker(text);
}

export function carriesReportMarker(text: string): boolean {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { yaml } = splitFrontmatter(src);
  if (yaml === null) return false;
  const { value } = parseFrontmatter(yaml);
  const marker = own(value, REPORT_MARKER);
  return marker === true || marker === "true";
}

async function ensureFolder(app: App, path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  if (slash <= 0) return;
  const folder = path.slice(0, slash);
  const existing = app.vault.getAbstractFileByPath(folder);
  if (existing instanceof TFolder) return;
  if (existing !== null) throw new Error(`${folder} is a file, not a folder`);
  await app.vault.createFolder(folder);
}
