/** What pages, routes and scripts take from the engine's pure core (the rest is imported from its module). */
export { sampleQuestions } from "./samples";
export { importXlsx, exportXlsx } from "./import/xlsx";
export { exportMoodleXml, moodleXmlBody } from "./import/moodle-xml";
export { giftDownload } from "./import/gift-export";
export { MAX_FILE_BYTES } from "./import/problems";
