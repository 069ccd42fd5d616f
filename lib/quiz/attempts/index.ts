export { bookReviewedWrongs } from "./book-sweep";
export { gradeAttempt, recomputeResult, sweepOverdue } from "./finish";
export { answerInputs, saveAnswers } from "./save";
export { startAttempt, startPreview } from "./start";
export { submitAttempt } from "./submit";
export { getAttemptReview, getAttemptView, type AttemptView, type ReviewItem } from "./view";
export { integrityFor, integrityInput, recordIntegrity, type AttemptIntegrity } from "./integrity";
