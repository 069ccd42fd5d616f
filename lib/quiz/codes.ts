/**
 * How the quiz engine reports an expected failure: a message code of the app's catalogue under
 * `quiz.` (texts in lib/i18n/messages/quiz.ts) and its params. lib/quiz never picks a language;
 * only the code's type comes from lib/i18n, so a typo is a type error.
 */
import type { MessageKey, Params } from "@/lib/i18n/keys";

export type QuizMessageCode = Extract<MessageKey, `quiz.${string}`>;
export type MessageParams = Params;

export interface QuizError {
  code: QuizMessageCode;
  params?: MessageParams;
}
