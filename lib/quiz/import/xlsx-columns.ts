/**
 * The columns of the question bank spreadsheet (题库模板) and the words trainers put in them.
 * The headers are the file format, so they are fixed here, not taken from UI labels.
 */

import { foldWidth } from "../normalise";
import { OPTION_LABELS, type Difficulty, type MultipleScoring, type OptionLabel, type QuestionType } from "../types";

export type OptionColumn = `option${OptionLabel}`;
export type XlsxColumnKey =
  | "type"
  | "stem"
  | OptionColumn
  | "answer"
  | "explanation"
  | "difficulty"
  | "category"
  | "points"
  | "unit"
  | "tags"
  | "scoring"
  | "images"
  | "explanationImages"
  | "material";

export interface XlsxColumn {
  key: XlsxColumnKey;
  /** The template's header. */
  header: string;
  /** Other headers read as this column (after folding, see headerKey). */
  aliases: readonly string[];
  required: boolean;
  width: number;
}

const optionColumns: XlsxColumn[] = OPTION_LABELS.map((l) => ({
  key: `option${l}` as OptionColumn,
  header: `选项${l}`,
  aliases: [`${l}选项`, `选项 ${l}`, l, `option ${l}`, `option${l}`],
  required: false,
  width: 18,
}));

/** In the template's order; export writes all of them. */
export const XLSX_COLUMNS: readonly XlsxColumn[] = [
  { key: "type", header: "题型", aliases: ["题目类型", "试题类型", "类型", "type"], required: true, width: 8 },
  { key: "stem", header: "题干", aliases: ["题目", "试题", "题目内容", "试题内容", "stem", "question"], required: true, width: 50 },
  ...optionColumns,
  { key: "answer", header: "答案", aliases: ["正确答案", "标准答案", "参考答案", "answer"], required: true, width: 14 },
  { key: "explanation", header: "解析", aliases: ["答案解析", "试题解析", "解释", "explanation"], required: false, width: 30 },
  { key: "difficulty", header: "难度", aliases: ["难易度", "难易程度", "difficulty"], required: false, width: 6 },
  { key: "category", header: "分类", aliases: ["类别", "题目分类", "试题分类", "category"], required: false, width: 18 },
  { key: "points", header: "分值", aliases: ["分数", "points", "score"], required: false, width: 6 },
  { key: "unit", header: "单位", aliases: ["unit"], required: false, width: 8 },
  { key: "tags", header: "标签", aliases: ["tags"], required: false, width: 14 },
  { key: "scoring", header: "计分方式", aliases: ["多选计分", "评分方式", "scoring"], required: false, width: 10 },
  // File names in the .zip uploaded with the sheet (picture-zip.ts): shown under the stem / the explanation.
  { key: "images", header: "图片", aliases: ["题干图片", "图片文件", "image", "images", "picture", "pictures"], required: false, width: 18 },
  { key: "explanationImages", header: "解析图片", aliases: ["explanation image", "explanation images"], required: false, width: 18 },
  // 案例分析: consecutive rows with the same material text are the sub-questions of one group (xlsx.ts).
  { key: "material", header: "材料", aliases: ["案例材料", "材料/组", "案例", "material", "case"], required: false, width: 30 },
];

/**
 * The column export writes the names of the pictures a question already shows (they stay tokens
 * in the text; see lib/quiz/README.md). Not the 图片 column, which names files in a .zip to add.
 */
export const PICTURES_HEADER = "已含图片";

/**
 * Numbering columns trainers keep at the left of their sheets, and the pictures column export
 * writes: they carry nothing to import.
 */
export const IGNORED_HEADERS = new Set(["序号", "题号", "编号", "no", "no.", PICTURES_HEADER]);

/** Width, spaces, case, a "*" marking a required column and a trailing colon do not matter. */
export function headerKey(text: string): string {
  return foldWidth(text).replace(/[\s*]/g, "").replace(/:$/, "").toLowerCase();
}

const BY_HEADER = new Map<string, XlsxColumn>();
for (const c of XLSX_COLUMNS) for (const h of [c.header, ...c.aliases]) BY_HEADER.set(headerKey(h), c);

export function columnFor(header: string): XlsxColumn | undefined {
  return BY_HEADER.get(headerKey(header));
}

export const TYPE_LABELS: Record<QuestionType, string> = {
  single: "单选",
  multiple: "多选",
  truefalse: "判断",
  fill: "填空",
  numeric: "数值",
  essay: "问答",
  // Written on export so the sheet reads; the template cannot carry their keys, so import refuses them by type (Moodle XML carries them).
  matching: "配对",
  ordering: "排序",
  cloze: "完形填空",
  // Never written (a group is written as its parts' rows, with the 材料 column); refused by name on import.
  group: "案例分析",
};

const TYPE_WORDS: [QuestionType, string[]][] = [
  ["single", ["单选", "单选题", "单项选择", "单项选择题", "单择题", "single"]],
  ["multiple", ["多选", "多选题", "多项选择", "多项选择题", "不定项", "不定项选择", "不定项选择题", "multiple"]],
  ["truefalse", ["判断", "判断题", "是非", "是非题", "对错题", "truefalse", "true/false"]],
  ["fill", ["填空", "填空题", "fill"]],
  ["numeric", ["数值", "数值题", "数字题", "numeric", "numerical"]],
  ["essay", ["问答", "问答题", "简答", "简答题", "论述", "论述题", "主观题", "essay"]],
  // Recognised to be refused by name (xlsx.ts): the template cannot carry their keys.
  ["matching", ["配对", "配对题", "连线", "连线题", "matching"]],
  ["ordering", ["排序", "排序题", "ordering"]],
  ["cloze", ["完形填空", "完形", "多空", "cloze"]],
  ["group", ["案例分析", "案例分析题", "材料题", "group"]],
];
const TYPE_BY_WORD = new Map<string, QuestionType>();
for (const [type, words] of TYPE_WORDS) for (const w of words) TYPE_BY_WORD.set(headerKey(w), type);

export function parseTypeLabel(text: string): QuestionType | null {
  return TYPE_BY_WORD.get(headerKey(text)) ?? null;
}

const DIFFICULTY_WORDS: Record<string, Difficulty> = {
  容易: 1,
  简单: 1,
  易: 1,
  较易: 2,
  较容易: 2,
  中等: 3,
  中: 3,
  一般: 3,
  较难: 4,
  困难: 5,
  难: 5,
};

/** 1–5 (also full-width), or the five words 容易/较易/中等/较难/困难 and their short forms. */
export function parseDifficulty(text: string): Difficulty | null {
  const s = foldWidth(text).trim();
  if (/^[1-5](\.0+)?$/.test(s)) return Number(s) as Difficulty;
  return DIFFICULTY_WORDS[s] ?? null;
}

export const SCORING_LABELS: Record<MultipleScoring, string> = { all_or_nothing: "全对得分", partial: "部分得分" };
const SCORING_WORDS: Record<string, MultipleScoring> = {
  全对得分: "all_or_nothing",
  全对: "all_or_nothing",
  全部正确得分: "all_or_nothing",
  all_or_nothing: "all_or_nothing",
  部分得分: "partial",
  部分: "partial",
  按比例得分: "partial",
  partial: "partial",
};

export function parseScoring(text: string): MultipleScoring | null {
  return SCORING_WORDS[headerKey(text)] ?? null;
}

/** Tags in one cell, separated by commas, 顿号 or semicolons; repeats dropped. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/[,，、;；]/)) {
    const tag = t.trim();
    if (tag !== "" && !out.includes(tag)) out.push(tag);
  }
  return out;
}
