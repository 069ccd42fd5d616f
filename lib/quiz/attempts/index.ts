export { audienceCondition, limits } from "./common";
export { attemptFacts, forgetAttemptFacts } from "./facts";
export { finishIfOverdue, gradeAttempt, recomputeResult, sweepOverdue } from "./finish";
export { answerInputs, MAX_ANSWERS_PER_SAVE, saveAnswers, type AnswerInput, type SaveOutcome } from "./save";
export { drawQuestions, startAttempt, startPreview } from "./start";
export { submitAttempt, type SubmitOutcome } from "./submit";
export { getAttemptReview, getAttemptView, type AttemptReview, type AttemptView, type ReviewItem } from "./view";
