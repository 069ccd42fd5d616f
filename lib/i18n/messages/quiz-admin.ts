// The trainer's side of the quarterly quiz: question bank, building and publishing, grading, statistics.
const zhCN = {
  title: "季度小会考",
  errors: {
    closesBeforeOpens: "结束时间须晚于开始时间。",
    closed: "考试已结束，不能再修改。",
    questionsLocked: "已有人开始作答，试题不能再修改，只能重新评分。",
    notDraft: "只有草稿状态的考试可以发布。",
    windowOver: "考试结束时间已过，不能发布。",
    noAudience: "请先指定参考人员（单位或岗位）。",
    unknownQuestion: "找不到所选试题。",
    unknownCategory: "找不到所选题库分类。",
  },
};

const en: typeof zhCN = {
  title: "Quarterly quizzes",
  errors: {
    closesBeforeOpens: "The closing time must come after the opening time.",
    closed: "This quiz has closed and can no longer be changed.",
    questionsLocked: "Someone has started this quiz: its questions can no longer change, only be regraded.",
    notDraft: "Only a draft quiz can be published.",
    windowOver: "The closing time has passed; the quiz cannot be published.",
    noAudience: "Choose who takes the quiz (units or jobs) first.",
    unknownQuestion: "The chosen question does not exist.",
    unknownCategory: "The chosen category does not exist.",
  },
};

export default { "zh-CN": zhCN, en };
