/**
 * 线下考试 documents as A4 PDFs (lib/core/pdf: Noto CJK embedded as a subset): the papers (试卷 A
 * and 试卷 B, each with its header and blanks), the answer keys for the trainer, the answer
 * sheets (question numbers with option boxes) and the sign-in sheet of the station. Pictures in
 * question text are drawn from storage (a picture that cannot be read is written as "[图]").
 */
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import type { Db } from "@/db/client";
import { A4, FONT, renderPdf, type Pdf } from "@/lib/core/pdf";
import type { Translate } from "@/lib/i18n";
import { getStorage } from "@/lib/storage";
import { splitMedia } from "./media-refs";
import { pictureObject } from "./media";
import { inVersionOrder, type PaperExam, type PaperQuestion, type SignInMember } from "./paper";
import { PAPER_VERSIONS, type PaperVersion } from "./paper-versions";
import { partQuestion, type ChoiceOption, type GroupQuestion, type Question } from "./types";

export const PAPER_PARTS = ["papers", "keys", "sheets", "signin"] as const;
export type PaperPart = (typeof PAPER_PARTS)[number];

const M = 50;
const W = A4.width - 2 * M;
const BOTTOM = A4.height - 60;

const letter = (i: number) => String.fromCharCode(65 + i);
const fmt = (n: number) => String(Number(n.toFixed(2)));

/** Options in the paper's order (the author's when it keeps them). */
function ordered(options: readonly ChoiceOption[], order: string[] | null): ChoiceOption[] {
  if (!order) return options.slice();
  const byId = new Map(options.map((o) => [o.id, o]));
  const out = order.map((id) => byId.get(id)).filter((o): o is ChoiceOption => o !== undefined);
  return out.length === options.length ? out : options.slice();
}

/** By media id: a picture's PNG or JPEG bytes, a clip's file name (printed as a mark), null when unreadable. */
type PaperMedia = Map<string, Buffer | string | null>;

/** The pictures a document needs, read once, and the names of its clips. */
async function loadPictures(db: Db, texts: string[]): Promise<PaperMedia> {
  const out: PaperMedia = new Map();
  const storage = getStorage();
  for (const text of texts)
    for (const s of splitMedia(text)) {
      if (s.kind === "text" || out.has(s.id)) continue;
      if (s.kind !== "image") {
        out.set(s.id, (await pictureObject(db, s.id, "full"))?.filename ?? "");
        continue;
      }
      let bytes: Buffer | null = null;
      try {
        const obj = await pictureObject(db, s.id, "full");
        if (obj) {
          const path = storage.localPath(obj.key);
          if (path) bytes = await readFile(path);
          else {
            const url = await storage.signedUrl(obj.key, 60);
            if (url) bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
          }
          // pdfkit draws PNG and JPEG; a WebP picture becomes PNG.
          if (bytes && obj.mime === "image/webp") bytes = await sharp(bytes).png().toBuffer();
        }
      } catch {
        bytes = null;
      }
      out.set(s.id, bytes);
    }
  return out;
}

function questionTexts(q: Question): string[] {
  const texts = [q.stem];
  if (q.type === "single" || q.type === "multiple") texts.push(...q.options.map((o) => o.text));
  if (q.type === "matching") texts.push(...q.items.map((o) => o.text), ...q.choices.map((o) => o.text));
  if (q.type === "ordering") texts.push(...q.items.map((o) => o.text));
  return texts;
}

function ensureRoom(doc: Pdf, h: number): void {
  if (doc.y + h > BOTTOM) doc.addPage();
}

/** Text with its pictures: text runs as paragraphs, each picture fitted to at most 260 × 160 pt. */
function rich(doc: Pdf, text: string, x: number, width: number, pictures: PaperMedia, t: Translate): void {
  for (const s of splitMedia(text)) {
    if (s.kind === "text") {
      ensureRoom(doc, 14);
      doc.text(s.text, x, doc.y, { width });
      continue;
    }
    const bytes = pictures.get(s.id);
    if (s.kind !== "image") {
      ensureRoom(doc, 14);
      doc.text(t(s.kind === "audio" ? "paper.pdf.audio" : "paper.pdf.video", { name: typeof bytes === "string" ? bytes : "" }).trim(), x, doc.y, { width });
      continue;
    }
    const scale = Math.min(1, 260 / s.width, 160 / s.height);
    const w = s.width * scale;
    const h = s.height * scale;
    ensureRoom(doc, h + 6);
    if (bytes instanceof Buffer) {
      try {
        doc.image(bytes, x, doc.y + 2, { width: w, height: h });
        doc.y += h + 6;
        continue;
      } catch {
        // An unreadable picture falls through to its mark.
      }
    }
    doc.text(t("paper.pdf.picture"), x, doc.y, { width });
  }
  doc.x = M;
}

function header(doc: Pdf, t: Translate, paper: PaperExam, title: string, v: PaperVersion | null, blanks = true): void {
  doc.font(FONT.bold).fontSize(16).fillColor("#111827").text(paper.quiz.title, M, M, { width: W, align: "center" });
  doc.moveDown(0.2);
  doc.fontSize(13).text(v ? `${title} ${v}` : title, { width: W, align: "center" });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(10.5).fillColor("#111827");
  if (v) {
    // The key is the trainer's: no candidate's blanks on it.
    if (blanks) doc.text(t("paper.pdf.blanks", { station: paper.station.name }), M, doc.y, { width: W });
    doc.text(t("paper.pdf.meta", { max: fmt(paper.maxScore), count: paper.questions.length }), M, doc.y, { width: W });
  } else doc.text(t("paper.pdf.signinMeta", { station: paper.station.name }), M, doc.y, { width: W });
  doc
    .moveTo(M, doc.y + 4)
    .lineTo(A4.width - M, doc.y + 4)
    .lineWidth(0.6)
    .strokeColor("#6b7280")
    .stroke();
  doc.y += 12;
}

/** A group's part as a paper question of its own (options in stored order: a paper shuffles the group's parts' options never). */
function partOf(pq: PaperQuestion, q: GroupQuestion, i: number): PaperQuestion {
  return { ...pq, question: partQuestion(q, i), points: q.parts[i]!.points, options: { A: null, B: null } };
}

function drawQuestion(doc: Pdf, t: Translate, n: number, pq: PaperQuestion, v: PaperVersion, pictures: PaperMedia, part = 0): void {
  const q = pq.question;
  ensureRoom(doc, 40);
  doc.font(FONT.bold).fontSize(10.5).fillColor("#111827");
  // A group prints its material, then each part numbered (1), (2)… with its own points and answer space.
  const heading = part ? `(${part})` : `${n}. ${t(`quizAdmin.types.${q.type}`)}`;
  doc.text(`${heading}（${t("paper.pdf.points", { points: fmt(pq.points) })}）`, part ? M + 14 : M, doc.y, { width: W });
  doc.font(FONT.regular);
  rich(doc, q.stem, M + 14, W - 14, pictures, t);
  if (q.type === "group") {
    for (let i = 0; i < q.parts.length; i++) drawQuestion(doc, t, n, partOf(pq, q, i), v, pictures, i + 1);
    return;
  }
  const indent = M + 24;
  const list = (opts: ChoiceOption[], mark: (i: number) => string) =>
    opts.forEach((o, i) => {
      ensureRoom(doc, 14);
      doc.text(`${mark(i)}. `, indent, doc.y, { continued: false, width: 20 });
      doc.moveUp();
      rich(doc, o.text, indent + 20, W - 44, pictures, t);
    });
  switch (q.type) {
    case "single":
    case "multiple":
      list(ordered(q.options, pq.options[v]), letter);
      break;
    case "truefalse":
      doc.text(t("paper.pdf.trueFalse"), indent, doc.y, { width: W - 24 });
      break;
    case "matching":
      list(q.items.slice(), (i) => String(i + 1));
      doc.text(t("paper.pdf.matchWith"), indent, doc.y, { width: W - 24 });
      list(ordered(q.choices, pq.options[v]), letter);
      break;
    case "ordering":
      list(ordered(q.items, pq.options[v]), letter);
      doc.text(t("paper.pdf.orderLine"), indent, doc.y, { width: W - 24 });
      break;
    case "cloze":
      q.gaps.forEach((g, i) => {
        if (g.kind === "choice" || g.kind === "multi")
          doc.text(
            `${t(g.kind === "multi" ? "paper.pdf.gapMulti" : "paper.pdf.gap", { n: i + 1 })}${g.options.map((o, j) => `${letter(j)}. ${o.text}`).join("  ")}`,
            indent,
            doc.y,
            { width: W - 24 },
          );
      });
      doc.text(t("paper.pdf.answerLine"), indent, doc.y, { width: W - 24 });
      break;
    case "essay":
      doc.y += 70;
      break;
    case "numeric":
      doc.text(`${t("paper.pdf.answerLine")} ${q.unit}`, indent, doc.y, { width: W - 24 });
      break;
    default:
      doc.text(t("paper.pdf.answerLine"), indent, doc.y, { width: W - 24 });
  }
  doc.moveDown(0.6);
}

/** The key of a question as the trainer marks it, in the version's letters. */
export function keyText(t: Translate, pq: PaperQuestion, v: PaperVersion): string {
  const q = pq.question;
  const letterOf = (opts: readonly ChoiceOption[], id: string) => letter(ordered(opts, pq.options[v]).findIndex((o) => o.id === id));
  switch (q.type) {
    case "single":
      return letterOf(q.options, q.key.correct);
    case "multiple":
      return q.key.correct
        .map((id) => letterOf(q.options, id))
        .sort()
        .join("");
    case "truefalse":
      return q.key.correct ? t("paper.pdf.true") : t("paper.pdf.false");
    case "fill":
      return q.key.blanks.map((b) => b.join(" / ")).join("；");
    case "numeric":
      return `${q.key.value}${q.unit ? ` ${q.unit}` : ""}${q.key.tolerance.value ? ` ± ${q.key.tolerance.value}${q.key.tolerance.kind === "percent" ? "%" : ""}` : ""}`;
    case "essay":
      return q.key.reference || "—";
    case "matching":
      return q.items.map((it, i) => `${i + 1}-${letterOf(q.choices, q.key.pairs[it.id] ?? "")}`).join(" ");
    case "ordering":
      return q.key.order.map((id) => letterOf(q.items, id)).join("");
    case "cloze":
      return q.key.gaps
        .map((g, i) => {
          if (g.kind === "short") return `(${i + 1}) ${g.answers[g.fractions.indexOf(1)] ?? g.answers[0] ?? ""}`;
          if (g.kind === "numeric") return `(${i + 1}) ${g.answers[0]?.value ?? ""}`;
          const gap = q.gaps[i];
          if (g.kind === "multi" && gap?.kind === "multi")
            return `(${i + 1}) ${gap.options.map((o, j) => ((g.fractions[o.id] ?? 0) > 0 ? letter(j) : "")).join("")}`;
          const best = Object.entries(g.fractions).sort((a, b) => b[1] - a[1])[0]?.[0];
          const idx = gap?.kind === "choice" ? gap.options.findIndex((o) => o.id === best) : -1;
          return `(${i + 1}) ${idx >= 0 ? letter(idx) : ""}`;
        })
        .join(" ");
    case "group":
      return q.parts.map((_, i) => `(${i + 1}) ${keyText(t, partOf(pq, q, i), v)}`).join(" ");
  }
}

function table(doc: Pdf, widths: number[], head: string[], rows: string[][], rowH = 0): void {
  const line = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = M;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(10);
    const h = Math.max(rowH, ...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 8 }) + 8));
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).lineWidth(0.5).strokeColor("#6b7280").stroke();
      doc.fillColor("#111827").text(c, x + 4, y + 4, { width: widths[i]! - 8 });
      x += widths[i]!;
    });
    doc.y = y + h;
    doc.x = M;
  };
  line(head, true);
  for (const r of rows) {
    if (doc.y + Math.max(rowH, 20) > BOTTOM) {
      doc.addPage();
      line(head, true);
    }
    line(r, false);
  }
}

function answerSheet(doc: Pdf, t: Translate, paper: PaperExam, v: PaperVersion): void {
  header(doc, t, paper, t("paper.pdf.sheetTitle"), v);
  doc.font(FONT.regular).fontSize(10);
  const box = 14;
  for (const [i, pq] of inVersionOrder(paper, v).entries()) {
    ensureRoom(doc, 24);
    const y = doc.y;
    const q = pq.question;
    doc.fillColor("#111827").text(`${i + 1}.`, M, y + 2, { width: 28 });
    let x = M + 32;
    const boxes = (labels: string[]) =>
      labels.forEach((l) => {
        doc
          .rect(x, y, box + 8, box)
          .lineWidth(0.6)
          .strokeColor("#374151")
          .stroke();
        doc.text(l, x, y + 2, { width: box + 8, align: "center" });
        x += box + 16;
      });
    if (q.type === "single" || q.type === "multiple") boxes(q.options.map((_, j) => letter(j)));
    else if (q.type === "truefalse") boxes([t("paper.pdf.true"), t("paper.pdf.false")]);
    else {
      doc
        .moveTo(x, y + box)
        .lineTo(A4.width - M, y + box)
        .lineWidth(0.5)
        .strokeColor("#9ca3af")
        .stroke();
    }
    doc.y = y + box + 10;
  }
  doc.moveDown();
  doc.text(t("paper.pdf.scoreLine"), M, doc.y, { width: W });
}

/**
 * One document of a paper sitting as PDF bytes: `papers` (试卷 A then 试卷 B), `keys` (答案 A and
 * B), `sheets` (答题卡 A and B) or `signin` (签到表 of `roster`).
 */
export async function paperPdf(db: Db, t: Translate, paper: PaperExam, part: PaperPart, roster: SignInMember[]): Promise<Uint8Array> {
  const pictures =
    part === "papers"
      ? await loadPictures(
          db,
          paper.questions.flatMap((q) => questionTexts(q.question)),
        )
      : new Map<string, Buffer | null>();
  const title = `${paper.quiz.title} · ${t(`paper.parts.${part}`)}`;
  return renderPdf({ title, subject: paper.station.name }, (doc) => {
    doc.page.margins.bottom = 20;
    const each = (draw: (v: PaperVersion) => void) =>
      PAPER_VERSIONS.forEach((v, i) => {
        if (i > 0) doc.addPage();
        draw(v);
      });
    if (part === "papers")
      each((v) => {
        header(doc, t, paper, t("paper.pdf.paperTitle"), v);
        for (const [i, pq] of inVersionOrder(paper, v).entries()) drawQuestion(doc, t, i + 1, pq, v, pictures);
      });
    else if (part === "keys")
      each((v) => {
        header(doc, t, paper, t("paper.pdf.keyTitle"), v, false);
        table(
          doc,
          [50, W - 110, 60],
          [t("paper.pdf.number"), t("paper.pdf.key"), t("paper.pdf.pointsHead")],
          inVersionOrder(paper, v).map((pq, i) => [String(i + 1), keyText(t, pq, v), fmt(pq.points)]),
        );
      });
    else if (part === "sheets") each((v) => answerSheet(doc, t, paper, v));
    else {
      header(doc, t, paper, t("paper.pdf.signinTitle"), null);
      table(
        doc,
        [40, 90, 100, 60, W - 290],
        [t("paper.pdf.seq"), t("paper.pdf.employeeNo"), t("paper.pdf.name"), t("paper.pdf.versionHead"), t("paper.pdf.signature")],
        roster.map((m, i) => [String(i + 1), m.employeeNo, m.name, "", ""]),
        26,
      );
    }
  });
}
