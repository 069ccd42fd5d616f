// One namespace of the catalogue, owned by one part of the UI so its strings can grow without
// touching the others. `en` must have every key `zh-CN` has (the type says so).
const zhCN = {
  title: "季度小会考",
};

const en: typeof zhCN = {
  title: "Quarterly quizzes",
};

export default { "zh-CN": zhCN, en };
