/**
 * The texts for every code the quiz engine returns, in both languages, shaped like a section
 * of the app's catalogue (`quiz.…`) so the UI can merge `quizMessages[locale]` into its own.
 * lib/quiz itself never picks a language: it hands out codes and params.
 *
 * Placeholders are `{name}`; a literal brace not followed by a word and `}` is left alone,
 * which is why the GIFT messages can show `{…}`.
 */

const zhCN = {
  quiz: {
    response: {
      invalid: "答案格式不正确。",
      wrongType: "答案与题型不符。",
      unknownOption: "所选选项不属于这道题。",
      duplicateOption: "同一选项不能重复选择。",
      tooLong: "答案过长，最多 {max} 个字。",
      blankCount: "这道题有 {expected} 个空。",
      badCharacters: "答案中含有无法保存的字符。",
      notANumber: "“{value}”不是有效的数字。",
    },
    grade: {
      badManualScore: "评分须在 0 到 {max} 分之间，最多两位小数。",
    },
    slot: {
      notEnoughQuestions: "符合抽题条件的试题只有 {available} 道，不足 {needed} 道。",
      badCount: "抽题数量须为正整数。",
      duplicateCandidate: "候选试题 {id} 重复出现。",
    },
    question: {
      emptyStem: "题干不能为空。",
      textTooLong: "内容过长，最多 {max} 个字。",
      badCharacters: "含有无法保存的控制字符。",
      tooFewOptions: "至少需要 {min} 个选项。",
      tooManyOptions: "最多只能有 {max} 个选项。",
      emptyOption: "选项{label}为空。",
      duplicateOptionText: "选项{label}与选项{other}内容相同。",
      duplicateOptionId: "选项编号“{id}”重复。",
      noCorrect: "没有指定正确答案。",
      singleNeedsOne: "单选题只能有一个正确答案。",
      answerNotAnOption: "答案“{answer}”不是本题的选项。",
      badDifficulty: "难度“{value}”无效，应为 1 到 5 的整数。",
      badPoints: "分值“{value}”无效，应为大于 0、不超过 {max}、最多两位小数的数。",
      noBlanks: "填空题至少要有一个空。",
      tooManyBlanks: "最多只能有 {max} 个空。",
      emptyBlank: "第 {blank} 个空没有可接受的答案。",
      tooManyAlternatives: "第 {blank} 个空的可接受答案过多（最多 {max} 个）。",
      badNumber: "数值“{value}”无效（最多 15 位有效数字）。",
      badTolerance: "误差“{value}”无效，应为不小于 0 的数。",
      badCategory: "分类名“{value}”无效：不能为空，不能含“/”，最多 {max} 个字。",
      categoryTooDeep: "分类层级过多（最多 {max} 层）。",
      badTag: "标签“{value}”无效：不能含逗号、顿号或分号，最多 {max} 个字。",
      tooManyTags: "标签过多（最多 {max} 个）。",
    },
    import: {
      empty: "文件是空的。",
      tooLarge: "文件太大（{size}），上限为 {limit}。",
      tooManyQuestions: "试题过多（{count} 道），单次最多 {limit} 道。",
      noQuestions: "文件中没有试题。",
      moreProblems: "另有 {count} 处错误未列出。",
      notText: "无法读取文件内容，请使用 UTF-8 或 GBK 编码的文本文件。",
      notSpreadsheet: "无法识别该文件，请上传 .xlsx 文件。",
      oldExcel: "不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。",
      noHeader: "找不到表头：表头应至少包含{columns}这几列；请使用题库模板。",
      missingColumns: "缺少必需的列：{columns}。",
      duplicateColumn: "“{column}”列出现了不止一次。",
      unknownColumns: "无法识别的列：{columns}。",
      unknownType: "无法识别的题型“{value}”，可填：单选、多选、判断、填空、数值、问答。",
      missingAnswer: "没有填写答案。",
      badChoiceAnswer: "答案“{value}”无效，应为选项字母，如 A 或 ABD。",
      badTrueFalse: "判断题答案“{value}”无效，应为“对”或“错”。",
      badFillAnswer: "填空答案“{value}”无效：多个空用“；”分隔，同一个空的多个答案用“|”分隔。",
      badNumericAnswer: "数值答案“{value}”无效，应如 12.5、12.5±0.5 或 12.5±2%。",
      optionGap: "选项{label}为空，但其后还有选项。",
      optionsNotAllowed: "该题型不填写选项。",
      unitNotAllowed: "只有数值题可以填写单位。",
      badScoring: "计分方式“{value}”无效，应为“全对得分”或“部分得分”。",
      scoringNotAllowed: "只有多选题可以填写计分方式。",
      xml: {
        unexpectedEnd: "文件意外结束。",
        unclosedTag: "标签 <{tag}> 没有结束。",
        mismatchedTag: "结束标签 </{found}> 与开始标签 <{expected}> 不匹配。",
        badEntity: "无法识别的字符引用“{entity}”。",
        badSyntax: "XML 语法错误。",
        doctype: "不支持带 DOCTYPE 声明的 XML 文件。",
        badCharacter: "文件中含有 XML 不允许的字符。",
        tooDeep: "XML 嵌套层级过深。",
        duplicateAttribute: "属性“{name}”重复。",
        contentOutsideRoot: "根元素之外还有内容。",
      },
      moodle: {
        notQuiz: "这不是 Moodle XML 题库文件（根元素应为 <quiz>）。",
        unsupportedType: "不支持的 Moodle 题型“{type}”。",
        missingElement: "缺少 <{element}>。",
        badFraction: "得分比例“{value}”无效。",
        partialCredit: "不支持部分得分的答案（得分比例 {value}%）。",
        wildcard: "不支持含通配符“*”的答案“{value}”。",
        images: "不支持带图片或附件的试题。",
        badTrueFalse: "判断题的两个答案应为 true 和 false。",
        badCloze: "完形填空中不支持的空“{value}”（只支持简答类的空）。",
      },
      gift: {
        unclosedBrace: "“{”没有对应的“}”。",
        unexpectedBrace: "多余的“}”。",
        unclosedTitle: "标题的“::”没有结束。",
        noAnswerBlock: "没有答案部分（{…}）。",
        multipleAnswerBlocks: "一道题只能有一个答案部分（{…}）。",
        badAnswer: "无法识别的答案“{value}”。",
        matching: "不支持配对题。",
        partialCredit: "不支持部分得分的答案（{value}%）。",
        manyRight: "单选题只能有一个以“=”标出的正确答案。",
        badWeight: "得分比例“{value}”无效。",
      },
    },
  },
};

export type QuizMessages = typeof zhCN;

const en: QuizMessages = {
  quiz: {
    response: {
      invalid: "The answer is not in the expected form.",
      wrongType: "The answer does not match the question type.",
      unknownOption: "The chosen option is not one of this question's options.",
      duplicateOption: "The same option was chosen more than once.",
      tooLong: "The answer is too long (at most {max} characters).",
      blankCount: "This question has {expected} blanks.",
      badCharacters: "The answer contains characters that cannot be saved.",
      notANumber: "“{value}” is not a valid number.",
    },
    grade: {
      badManualScore: "The score must be between 0 and {max}, with at most two decimals.",
    },
    slot: {
      notEnoughQuestions: "Only {available} questions match this random slot; it needs {needed}.",
      badCount: "The number of questions to draw must be a positive whole number.",
      duplicateCandidate: "Candidate question {id} appears more than once.",
    },
    question: {
      emptyStem: "The question text is empty.",
      textTooLong: "Too long (at most {max} characters).",
      badCharacters: "Contains control characters that cannot be stored.",
      tooFewOptions: "At least {min} options are needed.",
      tooManyOptions: "At most {max} options are allowed.",
      emptyOption: "Option {label} is empty.",
      duplicateOptionText: "Option {label} is the same as option {other}.",
      duplicateOptionId: "Option id “{id}” is used twice.",
      noCorrect: "No correct answer is given.",
      singleNeedsOne: "A single-choice question has exactly one correct answer.",
      answerNotAnOption: "The answer “{answer}” is not one of the options.",
      badDifficulty: "Difficulty “{value}” is not valid; use a whole number from 1 to 5.",
      badPoints: "Points “{value}” are not valid; use a number above 0, at most {max}, with at most two decimals.",
      noBlanks: "A fill-in question needs at least one blank.",
      tooManyBlanks: "At most {max} blanks are allowed.",
      emptyBlank: "Blank {blank} has no accepted answer.",
      tooManyAlternatives: "Blank {blank} has too many accepted answers (at most {max}).",
      badNumber: "The number “{value}” is not valid (at most 15 significant digits).",
      badTolerance: "The tolerance “{value}” is not valid; it must be 0 or more.",
      badCategory: "Category name “{value}” is not valid: it must not be empty or contain “/”, and has at most {max} characters.",
      categoryTooDeep: "The category path is too deep (at most {max} levels).",
      badTag: "Tag “{value}” is not valid: no commas or semicolons, at most {max} characters.",
      tooManyTags: "Too many tags (at most {max}).",
    },
    import: {
      empty: "The file is empty.",
      tooLarge: "The file is too large ({size}); the limit is {limit}.",
      tooManyQuestions: "Too many questions ({count}); at most {limit} per import.",
      noQuestions: "The file holds no questions.",
      moreProblems: "{count} more problems are not listed.",
      notText: "The file cannot be read; use a text file in UTF-8 or GBK.",
      notSpreadsheet: "This file is not recognised; upload an .xlsx file.",
      oldExcel: "Old .xls files are not supported; save it as .xlsx in Excel or WPS and upload again.",
      noHeader: "No header found: it needs at least the columns {columns}. Please use the question bank template.",
      missingColumns: "Required columns are missing: {columns}.",
      duplicateColumn: "The column “{column}” appears more than once.",
      unknownColumns: "Unknown columns: {columns}.",
      unknownType: "Unknown question type “{value}”; use 单选, 多选, 判断, 填空, 数值 or 问答.",
      missingAnswer: "The answer is missing.",
      badChoiceAnswer: "The answer “{value}” is not valid; give option letters such as A or ABD.",
      badTrueFalse: "The true/false answer “{value}” is not valid; use 对 or 错.",
      badFillAnswer: "The fill-in answer “{value}” is not valid: separate blanks with “；” and accepted answers for one blank with “|”.",
      badNumericAnswer: "The numeric answer “{value}” is not valid; write it like 12.5, 12.5±0.5 or 12.5±2%.",
      optionGap: "Option {label} is empty but later options are filled in.",
      optionsNotAllowed: "This question type takes no options.",
      unitNotAllowed: "Only numeric questions have a unit.",
      badScoring: "Scoring “{value}” is not valid; use 全对得分 (all or nothing) or 部分得分 (partial credit).",
      scoringNotAllowed: "Only multiple-choice questions have a scoring rule.",
      xml: {
        unexpectedEnd: "The file ends unexpectedly.",
        unclosedTag: "The tag <{tag}> is never closed.",
        mismatchedTag: "The closing tag </{found}> does not match the opening tag <{expected}>.",
        badEntity: "Unknown character reference “{entity}”.",
        badSyntax: "XML syntax error.",
        doctype: "XML files with a DOCTYPE declaration are not supported.",
        badCharacter: "The file contains a character that XML does not allow.",
        tooDeep: "The XML is nested too deeply.",
        duplicateAttribute: "The attribute “{name}” appears twice.",
        contentOutsideRoot: "There is content outside the root element.",
      },
      moodle: {
        notQuiz: "This is not a Moodle XML question file (the root element should be <quiz>).",
        unsupportedType: "Unsupported Moodle question type “{type}”.",
        missingElement: "<{element}> is missing.",
        badFraction: "The grade fraction “{value}” is not valid.",
        partialCredit: "Answers with partial credit are not supported (fraction {value}%).",
        wildcard: "Answers with the wildcard “*” are not supported (“{value}”).",
        images: "Questions with images or attached files are not supported.",
        badTrueFalse: "A true/false question needs the answers true and false.",
        badCloze: "Unsupported embedded answer “{value}” (only short-answer blanks are supported).",
      },
      gift: {
        unclosedBrace: "“{” has no matching “}”.",
        unexpectedBrace: "Unexpected “}”.",
        unclosedTitle: "The title's “::” is not closed.",
        noAnswerBlock: "The question has no answer part ({…}).",
        multipleAnswerBlocks: "A question can have only one answer part ({…}).",
        badAnswer: "Unrecognised answer “{value}”.",
        matching: "Matching questions are not supported.",
        partialCredit: "Answers with partial credit are not supported ({value}%).",
        manyRight: "A single-choice question has only one right answer marked with “=”.",
        badWeight: "The weight “{value}” is not valid.",
      },
    },
  },
};

export const quizMessages: Record<"zh-CN" | "en", QuizMessages> = { "zh-CN": zhCN, en };

type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every code the engine can return: a typo is a type error. */
export type QuizMessageCode = Leaves<QuizMessages>;
export type MessageParams = Record<string, string | number>;

/** A code and its params: how lib/quiz reports an expected failure. */
export interface QuizError {
  code: QuizMessageCode;
  params?: MessageParams;
}

/** The text for a code, for logs, scripts and tests; the UI uses its own translator. */
export function quizMessage(locale: "zh-CN" | "en", code: QuizMessageCode, params?: MessageParams): string {
  let node: unknown = quizMessages[locale];
  for (const part of code.split(".")) node = (node as Record<string, unknown>)[part];
  const text = node as string;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
