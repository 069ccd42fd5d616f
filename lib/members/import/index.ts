export { importMembers, previewMembers } from "./apply";
export { buildTemplate } from "./template";
export { readSpreadsheet } from "./read";
export { MAX_FILE_BYTES, type ImportResult, type Problem } from "./types";
