/** 培训评估 (柯氏 level 1): README.md here. */
export { dismissEvaluation, evaluationResults, pendingEvaluations, submitEvaluation } from "./evaluations";
export type { EvaluationResults, InstructorResult, PendingEvaluation, TargetResult } from "./evaluations";
export { averages, COMMENT_MAX, MAX_SCORE, QUESTIONS } from "./questions";
export type { QuestionKey, TargetKind } from "./questions";
