/**
 * Moved to app/_lib/action (beside outcomeQuery and redirectAction). Kept only while the video
 * pages (courses, lessons) still import it from here: import from "@/app/_lib/action" and delete this file.
 */
export { OutcomeAlert } from "@/app/_lib/action";
