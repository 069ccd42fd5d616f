/** The link a proctor's QR code carries: the worker's quiz list with the quiz, the proctoring and the code filled in. */
export function proctorUrl(origin: string, quizId: number, proctoringId: number, code: string): string {
  return `${origin.replace(/\/$/, "")}/quizzes?proctor=${quizId}&s=${proctoringId}&c=${code}`;
}
