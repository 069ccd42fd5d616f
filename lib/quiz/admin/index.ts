/** The trainer's side of the quiz engine: bank and quiz lists, import, grading, regrade, results. */
export * from "./categories";
export * from "./bank";
export * from "./question-input";
export * from "./import";
export * from "./quizzes";
export * from "./quiz-form";
export * from "./quiz-form-values";
export * from "./slots";
export * from "./audience";
export * from "./grading";
export * from "./regrade";
export * from "./results";
