export { importMembers } from "./apply";
export { buildTemplate } from "./template";
export { readSpreadsheet } from "./read";
export { COLUMNS, TEMPLATE_HEADERS, mapColumns } from "./columns";
export { validateRows, parseDate, parseBoolean, parseSpecialty, parseTechTitle, parseStatus } from "./parse";
export { MAX_FILE_BYTES, MAX_ROWS, MAX_PROBLEMS, type ImportResult, type Problem } from "./types";
