/** 培训评估 (柯氏 level 1): README.md here. */
export { dismissEvaluation, evaluationResults, pendingEvaluations, submitEvaluation } from "./evaluations";
export type { InstructorResult, TargetResult } from "./evaluations";
export { averages, COMMENT_MAX, evaluationForm, MAX_SCORE, QUESTIONS, targetInput } from "./questions";
export type { TargetKind } from "./questions";
