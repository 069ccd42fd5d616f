// The worker's side of the quarterly quiz: the open quizzes, taking one, the result.
const zhCN = {
  title: "季度小会考",
  errors: {
    notFound: "找不到该考试。",
    notOpen: "该考试尚未发布或已结束。",
    notYetOpen: "考试尚未开始。",
    closed: "考试已结束。",
    notInAudience: "您不在本次考试的参考范围内。",
    noAttemptsLeft: "作答次数已用完（共 {allowed} 次）。",
    noQuestions: "该考试还没有试题。",
    questionMissing: "考试中有试题已被删除，请联系培训员。",
    attemptNotFound: "找不到该答卷。",
    attemptFinished: "答卷已交卷或已超时，不能再作答。",
    timeUp: "作答时间已到，答案未被接受。",
    unknownQuestion: "答卷中没有第 {position} 题。",
    tooManyAnswers: "一次提交的答案过多。",
    payloadTooLarge: "提交的内容过大。",
    badRequest: "请求格式不正确。",
  },
};

const en: typeof zhCN = {
  title: "Quarterly quizzes",
  errors: {
    notFound: "No such quiz.",
    notOpen: "This quiz is not published or has ended.",
    notYetOpen: "This quiz has not opened yet.",
    closed: "This quiz has closed.",
    notInAudience: "This quiz is not meant for you.",
    noAttemptsLeft: "No attempts left ({allowed} allowed).",
    noQuestions: "This quiz has no questions yet.",
    questionMissing: "A question of this quiz was removed; please tell the trainer.",
    attemptNotFound: "No such attempt.",
    attemptFinished: "This attempt is submitted or out of time; it takes no more answers.",
    timeUp: "Time is up; the answer was not accepted.",
    unknownQuestion: "This attempt has no question {position}.",
    tooManyAnswers: "Too many answers in one request.",
    payloadTooLarge: "The request is too large.",
    badRequest: "The request is not well formed.",
  },
};

export default { "zh-CN": zhCN, en };
