/**
 * Parsing and row-by-row validation of a studio's catalog CSV (docs/import.md). Pure: no
 * database, no files; the import use-case resolves the image names and creates the works.
 *
 * Headers may be English codes or Chinese labels (title_zh / 标题 …). Categories, techniques,
 * visibility and view kinds may be written as codes or as their zh/en labels. Every problem is
 * reported with its row (the spreadsheet's row number: the header is row 1), its column and an
 * i18n key, so the page and the command line can say it in the user's language.
 */
import { parse } from "csv-parse/sync";
import { translate } from "~/utils/i18n";
import { MAX_VIEWS, workFormSchema, type WorkFormInput } from "./forms";
import { enumValue } from "~/domain/enum-column";
import { isViewKind, TECHNIQUES, VIEW_KINDS, VISIBILITIES, WORK_CATEGORIES, type ViewKind } from "./vocabulary";

const MAX_IMPORT_ROWS = 2000;

const IMPORT_COLUMNS = {
  title_zh: ["title_zh", "标题", "中文标题", "作品名称"],
  title_en: ["title_en", "英文标题"],
  description_zh: ["description_zh", "简介", "中文简介", "描述"],
  description_en: ["description_en", "英文简介"],
  category: ["category", "类别"],
  techniques: ["techniques", "工艺"],
  height_mm: ["height_mm", "高", "高度", "高(mm)", "高（mm）"],
  width_mm: ["width_mm", "宽", "宽度", "宽(mm)", "宽（mm）"],
  depth_mm: ["depth_mm", "深", "深度", "深(mm)", "深（mm）"],
  creation_date: ["creation_date", "创作日期"],
  authors: ["authors", "作者"],
  visibility: ["visibility", "公开性", "公开方式"],
  images: ["images", "图片"],
} as const;

export type ImportColumn = keyof typeof IMPORT_COLUMNS;
const REQUIRED_COLUMNS: ImportColumn[] = ["title_zh", "category", "authors", "images"];

export type ImportIssue = { row: number; column: ImportColumn | null; messageKey: string; params?: Record<string, string | number> };
type ImportImage = { kind: ViewKind; file: string };
export type ImportRow = { row: number; values: Omit<WorkFormInput, "owner">; images: ImportImage[] };

export function issueMessage(issue: ImportIssue, locale: "zh-CN" | "en"): string {
  return translate(locale, issue.messageKey, issue.params ?? {});
}

const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, "_");

const HEADER_LOOKUP = new Map<string, ImportColumn>();
for (const [col, aliases] of Object.entries(IMPORT_COLUMNS) as [ImportColumn, readonly string[]][]) {
  for (const a of aliases) HEADER_LOOKUP.set(norm(a), col);
}

/** Codes and their labels in both languages → code. Labels come from the locale tables. */
function vocabularyLookup(kind: "category" | "technique" | "view" | "visibility", codes: readonly string[], extra: Record<string, string> = {}) {
  const m = new Map<string, string>();
  for (const c of codes) {
    m.set(norm(c), c);
    for (const l of ["zh-CN", "en"] as const) m.set(norm(translate(l, `works.${kind}.${c}`)), c);
  }
  for (const [k, v] of Object.entries(extra)) m.set(norm(k), v);
  return m;
}

const CATEGORY = vocabularyLookup("category", WORK_CATEGORIES, {
  瓶: "vase",
  花瓶: "vase",
  雕塑: "sculpture",
  人物: "sculpture",
  瓷板: "tile_panel",
  瓷砖: "tile_panel",
});
const TECHNIQUE = vocabularyLookup("technique", TECHNIQUES, { "blue-and-white": "qinghua", "famille-rose": "fencai" });
const VIEW = vocabularyLookup("view", VIEW_KINDS, { 侧面: "side", 俯视: "top", 底款: "base_mark", 细节: "detail", base: "base_mark", side: "side" });
const VISIBILITY = vocabularyLookup("visibility", VISIBILITIES, { 公开: "public", 保密: "sealed", 密封: "sealed", sealed: "sealed", public: "public" });

const LIST_SEPARATOR = /[;；、]/;

function splitList(s: string): string[] {
  return s
    .split(LIST_SEPARATOR)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** "front:a.jpg; base_mark:b.jpg; c.jpg" — without a prefix the first file is the front view, later ones details. */
export function parseImages(cell: string): { images: ImportImage[]; issues: { messageKey: string; params?: Record<string, string | number> }[] } {
  const images: ImportImage[] = [];
  const issues: { messageKey: string; params?: Record<string, string | number> }[] = [];
  for (const [i, item] of splitList(cell).entries()) {
    const m = /^([^:：]{1,40})[:：](.+)$/.exec(item);
    let kind: string | undefined;
    let file = item;
    if (m && !/^[a-z]$/i.test(m[1]!)) {
      kind = VIEW.get(norm(m[1]!));
      if (!kind) {
        issues.push({ messageKey: "catalog.import.error.badViewKind", params: { value: m[1]!.trim() } });
        continue;
      }
      file = m[2]!.trim();
    }
    file = file.split(/[\\/]/).pop()!.trim();
    if (!file) continue;
    images.push({ kind: enumValue(isViewKind, kind ?? (i === 0 ? "front" : "detail"), "view kind"), file });
  }
  if (images.length === 0 && issues.length === 0) issues.push({ messageKey: "catalog.import.error.noImages" });
  else if (images.length > MAX_VIEWS) issues.push({ messageKey: "catalog.import.error.tooManyImages", params: { max: MAX_VIEWS } });
  else if (images.length && !images.some((x) => x.kind === "front")) issues.push({ messageKey: "catalog.import.error.noFront" });
  return { images, issues };
}

/** "陈青|Chen Qing|设计; 李白" → authors with optional English name and role. */
function parseAuthors(cell: string): { name: string; nameEn: string; role: string }[] {
  return splitList(cell).map((a) => {
    const [name = "", nameEn = "", role = ""] = a.split("|").map((x) => x.trim());
    return { name, nameEn, role };
  });
}

const FIELD_COLUMN: Record<string, ImportColumn> = {
  titleZh: "title_zh",
  titleEn: "title_en",
  descriptionZh: "description_zh",
  descriptionEn: "description_en",
  category: "category",
  techniques: "techniques",
  heightMm: "height_mm",
  widthMm: "width_mm",
  depthMm: "depth_mm",
  creationDate: "creation_date",
  authors: "authors",
  visibility: "visibility",
};

export function parseCatalogCsv(input: string | Uint8Array): { rows: ImportRow[]; issues: ImportIssue[]; total: number } {
  let text = typeof input === "string" ? input : new TextDecoder("utf-8").decode(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // Excel's UTF-8 BOM
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    // csv-parse explains in English; people get the kind of problem in their language, with the line.
    const { lines: line, code } = e as { lines?: number; code?: string };
    const messageKey = /QUOTE/.test(code ?? "") ? "catalog.import.error.csvQuote" : "catalog.import.error.csv";
    return { rows: [], issues: [{ row: line ?? 0, column: null, messageKey, params: { line: line ?? "?" } }], total: 0 };
  }
  if (records.length === 0) return { rows: [], issues: [{ row: 0, column: null, messageKey: "catalog.import.error.emptyCsv" }], total: 0 };
  const [header, ...data] = records;
  const columns = header!.map((h) => HEADER_LOOKUP.get(norm(h)) ?? null);
  const issues: ImportIssue[] = [];
  header!.forEach((h, i) => {
    if (!columns[i] && h.trim()) issues.push({ row: 1, column: null, messageKey: "catalog.import.error.unknownColumn", params: { value: h.trim() } });
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) {
    return {
      rows: [],
      issues: [...issues, { row: 1, column: null, messageKey: "catalog.import.error.missingColumns", params: { columns: missing.join(", ") } }],
      total: data.length,
    };
  }
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      rows: [],
      issues: [{ row: 1, column: null, messageKey: "catalog.import.error.tooManyRows", params: { max: MAX_IMPORT_ROWS } }],
      total: data.length,
    };
  }
  const rows: ImportRow[] = [];
  data.forEach((record, index) => {
    const row = index + 2;
    const cell = (c: ImportColumn) => {
      const i = columns.indexOf(c);
      return i >= 0 ? (record[i] ?? "").trim() : "";
    };
    const rowIssues: ImportIssue[] = [];
    const add = (column: ImportColumn | null, messageKey: string, params?: Record<string, string | number>) =>
      rowIssues.push({ row, column, messageKey, params });

    let category: string | undefined = cell("category");
    if (category) {
      const code = CATEGORY.get(norm(category));
      if (!code) add("category", "catalog.import.error.badCategory", { value: category });
      category = code;
    }
    const techniques: string[] = [];
    for (const x of splitList(cell("techniques"))) {
      const code = TECHNIQUE.get(norm(x));
      if (code) techniques.push(code);
      else add("techniques", "catalog.import.error.badTechnique", { value: x });
    }
    let visibility: string | undefined = cell("visibility") || undefined;
    if (visibility) {
      const code = VISIBILITY.get(norm(visibility));
      if (!code) add("visibility", "catalog.import.error.badVisibility", { value: visibility });
      visibility = code;
    }
    const dims: Record<"heightMm" | "widthMm" | "depthMm", number | undefined> = { heightMm: undefined, widthMm: undefined, depthMm: undefined };
    for (const [field, col] of [
      ["heightMm", "height_mm"],
      ["widthMm", "width_mm"],
      ["depthMm", "depth_mm"],
    ] as const) {
      const v = cell(col);
      if (!v) continue;
      const n = Number(v.replace(/\s*mm$/i, ""));
      if (!Number.isFinite(n)) add(col, "works.form.badDimension");
      else dims[field] = Math.round(n);
    }
    const { images, issues: imageIssues } = parseImages(cell("images"));
    for (const i of imageIssues) add("images", i.messageKey, i.params);

    const values = {
      titleZh: cell("title_zh"),
      titleEn: cell("title_en"),
      descriptionZh: cell("description_zh"),
      descriptionEn: cell("description_en"),
      category: category as WorkFormInput["category"],
      techniques: techniques as WorkFormInput["techniques"],
      ...dims,
      creationDate: cell("creation_date") || undefined,
      authors: parseAuthors(cell("authors")),
      visibility: (visibility ?? "public") as WorkFormInput["visibility"],
    };
    const parsed = workFormSchema.safeParse({ ...values, owner: "self" });
    if (!parsed.success) {
      const reported = new Set(rowIssues.map((i) => i.column));
      for (const issue of parsed.error.issues) {
        const column = FIELD_COLUMN[String(issue.path[0])] ?? null;
        if (column && reported.has(column)) continue; // already said more precisely
        reported.add(column);
        add(column, issue.message.startsWith("works.") ? issue.message : "works.form.invalid");
      }
    }
    if (rowIssues.length) issues.push(...rowIssues);
    else rows.push({ row, values, images });
  });
  return { rows, issues, total: data.length };
}
