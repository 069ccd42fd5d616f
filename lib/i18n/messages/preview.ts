// 导入预览: the preview every spreadsheet import shows before it writes (lib/core/import-preview).
const zhCN = {
  preview: "预览",
  previewing: "正在检查…",
  title: "导入预览（尚未写入任何数据）",
  summary: "新增 {create} 行，更新 {update} 行，拒绝 {refused} 行，跳过模板示例 {example} 行。",
  confirm: "确认导入",
  confirming: "正在导入…",
  confirmSkipping: "跳过拒绝的 {refused} 行，导入其余 {count} 行",
  fixFirst: "有被拒绝的行，无法导入。请修改文件后重新上传预览。",
  nothingToImport: "除模板示例外，文件中没有可导入的行。",
  moreRows: "只显示前 {shown} 行（共 {total} 行）。",
  row: "行",
  action: "结果",
  reasonAt: "{column}：{message}",
  unchangedSummary: "已录入且无变化，跳过 {unchanged} 行。",
  actions: { create: "新增", update: "更新", refused: "拒绝", example: "模板示例，跳过", unchanged: "已录入，无变化" },
  fileProblems: "文件的问题",
  changed: "文件与预览时不同，请重新上传并预览。",
  nothing: "除模板示例外，文件中没有可导入的行。",
};

const en: typeof zhCN = {
  preview: "Preview",
  previewing: "Checking…",
  title: "Import preview (nothing written yet)",
  summary: "{create} rows to create, {update} to update, {refused} refused, {example} template example rows skipped.",
  confirm: "Confirm import",
  confirming: "Importing…",
  confirmSkipping: "Skip the {refused} refused {refused, plural, one {row} other {rows}} and import the other {count}",
  fixFirst: "Some rows are refused, so nothing can be imported. Correct the file and upload it again for a new preview.",
  nothingToImport: "Apart from the template's example, the file has no rows to import.",
  moreRows: "Showing the first {shown} of {total} rows.",
  row: "Row",
  action: "Result",
  reasonAt: "{column}: {message}",
  unchangedSummary: "{unchanged} rows already recorded as they are, skipped.",
  actions: { create: "Create", update: "Update", refused: "Refused", example: "Template example, skipped", unchanged: "Already recorded, unchanged" },
  fileProblems: "Problems of the file",
  changed: "The file differs from the one previewed; upload it again and preview.",
  nothing: "Apart from the template's example, the file has no rows to import.",
};

export default { "zh-CN": zhCN, en };
