import { afterEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { mapColumns } from "@/lib/members/import/columns";
import {
  cellText,
  excelSerialToDate,
  parseBoolean,
  parseDate,
  parseStatus,
  parseTechTitle,
  specialtyReader,
  validateRows,
  type Lookups,
} from "@/lib/members/import/parse";
import { readSpreadsheet } from "@/lib/members/import/read";
import { buildTemplate } from "@/lib/members/import/template";
import { capProblems, MAX_FILE_BYTES, MAX_ROWS, type Problem, type Sheet } from "@/lib/members/import/types";
import { csvOf, HEADERS, noise, PDF, PNG, XLS, xlsxOf } from "../fixtures/import/build";
import { first } from "../helpers/rows";
import { SEEDED_SPECIALTIES } from "../helpers/specialties";

const parseSpecialty = specialtyReader(SEEDED_SPECIALTIES).parse;

async function sheetOf(file: Uint8Array): Promise<Sheet> {
  const r = await readSpreadsheet(file);
  if (!r.ok) throw new Error(`expected a sheet, got ${JSON.stringify(r.problems)}`);
  return r.sheet;
}

async function problemsOf(file: Uint8Array): Promise<Problem[]> {
  const r = await readSpreadsheet(file);
  if (r.ok) throw new Error("expected problems, got a sheet");
  return r.problems;
}

const ROW = ["100001", "张三", "韦2中转站", "集输", "集输工", "中级工", "否", "2020-07-01", "在岗", "13800000000"];

describe("reading the file", () => {
  it("reads a UTF-8 CSV, keeping text exactly and giving each row its spreadsheet number", async () => {
    const text = '工号,姓名,单位\r\n\r\nA-1,“王”小明（一）,韦2中转站\r\n,,\r\n"B-2","多行\n姓名",T09-W2\r\nC-3,  李四  ,韦6站\r\n';
    const s = await sheetOf(Buffer.from(text, "utf8"));
    expect(s.headerRow).toBe(1);
    expect(s.header).toEqual(["工号", "姓名", "单位"]);
    // Blank lines are skipped but counted; a quoted line break stays inside its row.
    expect(s.rows.map((r) => r.row)).toEqual([3, 5, 6]);
    expect(s.rows[0]!.cells).toEqual(["A-1", "“王”小明（一）", "韦2中转站"]);
    expect(s.rows[1]!.cells[1]).toBe("多行\n姓名");
  });

  it("strips a UTF-8 BOM from the first header", async () => {
    const s = await sheetOf(csvOf([HEADERS, ROW], "utf8bom"));
    expect(s.header[0]).toBe("工号");
    expect(s.rows[0]!.cells[1]).toBe("张三");
  });

  it("reads a GBK CSV as Excel saves it on a Chinese Windows", async () => {
    const file = csvOf([HEADERS, ROW, ["100002", "欧阳娜娜", "韦13-7站", "锅炉", "", "高级技师", "是", "2001/9/1", "休假", ""]], "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(file)).toThrow(); // really not UTF-8
    const s = await sheetOf(file);
    expect(s.header).toEqual(HEADERS);
    expect(s.rows[1]!.cells).toEqual(["100002", "欧阳娜娜", "韦13-7站", "锅炉", "", "高级技师", "是", "2001/9/1", "休假", ""]);
  });

  it("reads UTF-16 tab-separated text (Excel's “Unicode text”)", async () => {
    const s = await sheetOf(csvOf([HEADERS, ROW], "utf16le"));
    expect(s.header).toEqual(HEADERS);
    expect(s.rows[0]!.cells).toEqual(ROW);
  });

  it("reads an .xlsx by its content whatever it is called, with date cells as dates", async () => {
    const file = await xlsxOf([HEADERS, ["100001", "张三", "韦2中转站", "集输", null, null, true, new Date(Date.UTC(2020, 6, 1)), null, 13800000000]]);
    const s = await sheetOf(file);
    expect(s.header).toEqual(HEADERS);
    expect(s.rows[0]!.row).toBe(2);
    expect(s.rows[0]!.cells[6]).toBe(true);
    expect(s.rows[0]!.cells[7]).toBeInstanceOf(Date);
    expect(cellText(s.rows[0]!.cells[9]!)).toBe("13800000000");
  });

  it("takes the first sheet with known headers, passing over a cover sheet", async () => {
    const file = await xlsxOf([HEADERS, ROW], { before: [{ name: "封面", rows: [["2026 年职工名单"]] }] });
    const s = await sheetOf(file);
    expect(s.header).toEqual(HEADERS);
  });

  it("reports an empty file, blank lines only, and a header without rows", async () => {
    expect(await problemsOf(new Uint8Array(0))).toEqual([{ row: null, column: null, code: "import.errors.empty" }]);
    expect(await problemsOf(Buffer.from("\uFEFF\r\n  \r\n\r\n"))).toEqual([{ row: null, column: null, code: "import.errors.empty" }]);
    expect(await problemsOf(csvOf([HEADERS]))).toEqual([{ row: null, column: null, code: "import.errors.noRows" }]);
    expect(await problemsOf(csvOf([HEADERS, ["", "", ""]]))).toEqual([{ row: null, column: null, code: "import.errors.noRows" }]);
    expect(await problemsOf(await xlsxOf([]))).toEqual([{ row: null, column: null, code: "import.errors.empty" }]);
    expect(await problemsOf(await xlsxOf([HEADERS]))).toEqual([{ row: null, column: null, code: "import.errors.noRows" }]);
  });

  it("refuses a file over 20 MB before reading it, saying how large it is", async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x41);
    expect(await problemsOf(big)).toEqual([{ row: null, column: null, code: "import.errors.tooLarge", params: { size: "21.0 MB", limit: "20.0 MB" } }]);
    // Exactly at the limit is still read.
    const atLimit = Buffer.alloc(MAX_FILE_BYTES, 0x41);
    expect(first(await problemsOf(atLimit)).code).not.toBe("import.errors.tooLarge");
  });

  it("refuses more rows than one import takes", async () => {
    const lines = ["工号,姓名,单位,专业"];
    for (let i = 0; i <= MAX_ROWS; i++) lines.push(`${i},名,T09-W2,采油`);
    expect(await problemsOf(Buffer.from(lines.join("\n")))).toEqual([
      { row: null, column: null, code: "import.errors.tooManyRows", params: { rows: MAX_ROWS + 1, limit: MAX_ROWS } },
    ]);
  });

  it.each([
    ["a PNG", PNG],
    ["a PDF", PDF],
    ["random bytes", noise(4096)],
    ["a zip that is no workbook", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), noise(200)])],
    ["invalid GBK", Buffer.from([0x81, 0x20, 0x81, 0x20, 0x2c, 0x0a])],
    ["text with control characters", Buffer.from("工号,姓名\x1b[0m\n1,2\n")],
  ])("says %s is not a spreadsheet", async (_, bytes) => {
    expect(await problemsOf(bytes)).toEqual([{ row: null, column: null, code: "import.errors.notSpreadsheet" }]);
  });

  it("tells an old .xls apart, so the user knows to save it as .xlsx", async () => {
    expect(await problemsOf(XLS)).toEqual([{ row: null, column: null, code: "import.errors.oldExcel" }]);
  });

  it("reports an unclosed quote with its row", async () => {
    expect(await problemsOf(Buffer.from('工号,姓名,单位,专业\n1,张三,T09-W2,采油\n2,"李四,T09-W2,采油\n3,王五,T09-W2,采油\n'))).toEqual([
      { row: 3, column: null, code: "import.errors.badQuotes" },
    ]);
  });
});

describe("the header row", () => {
  it("accepts the English headers in any case and with stray spaces", () => {
    const { map, problems } = mapColumns(["  employee NO. ", "NAME", "unit", "Specialty", "technical   grade", "Hired on"]);
    expect(problems).toEqual([]);
    expect(map.index).toEqual({ employeeNo: 0, name: 1, unit: 2, specialty: 3, techTitle: 4, hiredOn: 5 });
    expect(map.label.employeeNo).toBe("employee NO.");
  });

  it("names the missing required columns in the file's language, and the unknown ones as written", () => {
    expect(mapColumns(["工号", "姓名", "备注", "Remarks"]).problems).toEqual([
      { row: null, column: null, code: "import.errors.missingColumns", params: { columns: "单位、专业" } },
      { row: null, column: null, code: "import.errors.unknownColumns", params: { columns: "备注、Remarks" } },
    ]);
    expect(mapColumns(["Employee no.", "Name"]).problems).toEqual([
      { row: null, column: null, code: "import.errors.missingColumns", params: { columns: "Unit, Specialty" } },
    ]);
  });

  it("says a row with no header in it is not the header, rather than listing its cells", () => {
    expect(mapColumns(["2026 年职工名单", "", "制表：张三"], { headerRow: 1, dataColumns: new Set([0, 1, 2, 3]) }).problems).toEqual([
      { row: 1, column: null, code: "import.errors.noHeader", params: { columns: "工号、姓名、单位、专业" } },
    ]);
  });

  it("reports a column given twice, and data under a blank header by its letter", () => {
    expect(mapColumns(["工号", "姓名", "单位", "专业", "Name"], { headerRow: 3 }).problems).toEqual([
      { row: 3, column: "Name", code: "import.errors.duplicateColumn", params: { column: "Name" } },
    ]);
    expect(mapColumns(["工号", "姓名", "单位", "专业", "", ""], { dataColumns: new Set([0, 5]) }).problems).toEqual([
      { row: null, column: null, code: "import.errors.unknownColumns", params: { columns: "F" } },
    ]);
    // A blank header over an empty column is harmless.
    expect(mapColumns(["工号", "姓名", "单位", "专业", ""], { dataColumns: new Set([0]) }).problems).toEqual([]);
  });
});

describe("cell values", () => {
  it.each([
    ["2020-07-01", "2020-07-01"],
    ["2020/7/1", "2020-07-01"],
    ["2020.7.1", "2020-07-01"],
    [" 2020年7月1日 ", "2020-07-01"],
    ["20200701", "2020-07-01"],
    ["2020-07-01 00:00:00", "2020-07-01"],
    ["44013", "2020-07-01"],
    [44013, "2020-07-01"],
    [44013.75, "2020-07-01"],
    [20200701, "2020-07-01"],
    ["2024-02-29", "2024-02-29"],
  ])("reads the date %j", (v, want) => {
    expect(parseDate(v)).toBe(want);
  });

  it.each(["2023-02-30", "2020-13-01", "2020-7", "明年", "2020/07-01", "01/07/2020", "0", "-5", "1800-01-01", "99999999"])("refuses the date %j", (v) => {
    expect(parseDate(v)).toBeNull();
  });

  it("reads Excel serial numbers around Excel's phantom 1900-02-29", () => {
    expect(excelSerialToDate(1)).toBe("1900-01-01");
    expect(excelSerialToDate(59)).toBe("1900-02-28");
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(61)).toBe("1900-03-01");
    expect(excelSerialToDate(45658)).toBe("2025-01-01");
  });

  describe("date cells whatever the server's time zone", () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it.each(["America/Los_Angeles", "Asia/Shanghai", "Pacific/Kiritimati", "UTC"])("%s", async (tz) => {
      const file = await xlsxOf([HEADERS, ["1", "张三", "T09-W2", "采油", null, null, null, new Date(Date.UTC(2020, 0, 1)), null, null]]);
      process.env.TZ = tz;
      const s = await sheetOf(file);
      expect(parseDate(s.rows[0]!.cells[7]!)).toBe("2020-01-01");
    });
  });

  it("reads 是/否 and its usual spellings", () => {
    for (const v of ["是", "Y", "yes", "TRUE", "1", 1, true]) expect(parseBoolean(v)).toBe(true);
    for (const v of ["否", "n", "No", "false", "0", 0, false, "", null, "  "]) expect(parseBoolean(v)).toBe(false);
    for (const v of ["也许", "2", "是的", 2]) expect(parseBoolean(v)).toBeNull();
  });

  it("reads specialties, grades and statuses by Chinese label, English label or code", () => {
    expect(["采油", "Oil production", "oil_production", "OIL PRODUCTION"].map(parseSpecialty)).toEqual(Array(4).fill("oil_production"));
    expect(["仪表", "Instrumentation", "instrument"].map(parseSpecialty)).toEqual(Array(3).fill("instrument"));
    expect(parseSpecialty("钻井")).toBeNull();
    expect(["高级技师", "senior_technician", "Senior technician"].map(parseTechTitle)).toEqual(Array(3).fill("senior_technician"));
    expect(["无", "none"].map(parseTechTitle)).toEqual(["none", "none"]);
    expect(["退休", "retired", "Retired"].map(parseStatus)).toEqual(Array(3).fill("retired"));
    expect(parseStatus("调走")).toBeNull();
  });
});

describe("checking rows", () => {
  const lookups: Lookups = {
    units: [
      { id: 1, code: "T09-W2", name: "韦2中转站" },
      { id: 2, code: "X1", name: "同名站" },
      { id: 3, code: "X2", name: "同名站" },
    ],
    jobs: [
      { id: 10, code: "J-GATH", name: "集输工" },
      { id: 11, code: "J-A", name: "同名岗" },
      { id: 12, code: "J-B", name: "同名岗" },
    ],
    specialties: SEEDED_SPECIALTIES,
  };
  const check = (rows: string[][], header = HEADERS) => {
    const sheet: Sheet = { headerRow: 1, header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
    const { map, problems } = mapColumns(header);
    expect(problems).toEqual([]);
    return validateRows(sheet, map, lookups);
  };

  it("turns a good row into a record, normalising the employee number", () => {
    const { records, problems } = check([["ｅ-１２ ３", "  张三 ", "t09-w2", "Gathering", "集输工", "", "是", "2020/7/1", "", "0931-1234567"]]);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        row: 2,
        employeeNo: "E-123",
        name: "张三",
        orgUnitId: 1,
        specialty: "gathering",
        jobId: 10,
        techTitle: "none",
        partyMember: true,
        hiredOn: "2020-07-01",
        status: "active",
        phone: "0931-1234567",
      },
    ]);
  });

  it("leaves out the optional fields whose columns are not in the file", () => {
    const { records } = check([["1", "张三", "韦2中转站", "采油"]], ["工号", "姓名", "单位", "专业"]);
    expect(records).toEqual([{ row: 2, employeeNo: "1", name: "张三", orgUnitId: 1, specialty: "oil_production" }]);
  });

  it("reports every problem of every row, with the column as written", () => {
    const long = "名".repeat(51);
    const { records, problems } = check([
      ["1", "", "", "", "", "", "", "", "", ""],
      ["2", long, "韦9中转站", "钻井", "钻工", "大师", "也许", "2023-02-30", "调走", "1".repeat(31)],
      ["3 3", "张三", "同名站", "采油", "同名岗", "", "", "", "", ""],
      ["4", "李四", "X2", "采油", "J-B", "", "", "", "", ""],
      ["1", "王五", "韦2中转站", "采油", "", "", "", "", "", ""],
      ["#4", "赵六", "韦2中转站", "采油", "", "", "", "", "", ""],
    ]);
    expect(problems).toEqual([
      { row: 2, column: "姓名", code: "import.errors.required" },
      { row: 2, column: "单位", code: "import.errors.required" },
      { row: 2, column: "专业", code: "import.errors.required" },
      { row: 3, column: "姓名", code: "import.errors.tooLong", params: { max: 50 } },
      { row: 3, column: "单位", code: "import.errors.unknownUnit", params: { value: "韦9中转站" } },
      { row: 3, column: "专业", code: "import.errors.unknownSpecialty", params: { value: "钻井" } },
      { row: 3, column: "岗位", code: "import.errors.unknownJob", params: { value: "钻工" } },
      { row: 3, column: "技术等级", code: "import.errors.unknownTechTitle", params: { value: "大师" } },
      { row: 3, column: "党员", code: "import.errors.badBoolean", params: { value: "也许" } },
      { row: 3, column: "入职日期", code: "import.errors.badDate", params: { value: "2023-02-30" } },
      { row: 3, column: "状态", code: "import.errors.unknownStatus", params: { value: "调走" } },
      { row: 3, column: "电话", code: "import.errors.tooLong", params: { max: 30 } },
      { row: 4, column: "单位", code: "import.errors.ambiguousUnit", params: { value: "同名站" } },
      { row: 4, column: "岗位", code: "import.errors.ambiguousJob", params: { value: "同名岗" } },
      { row: 6, column: "工号", code: "import.errors.duplicateEmployeeNo", params: { value: "1", other: 2 } },
      { row: 7, column: "工号", code: "import.errors.badEmployeeNo", params: { value: "#4" } },
    ]);
    // Row 5 is fine: a unit and a job by code are never ambiguous.
    expect(records.map((r) => r.row)).toEqual([5]);
  });

  it("reports problems in the order of the file's own columns", () => {
    const header = ["专业", "姓名", "单位", "工号"];
    const { problems } = check([["钻井", "", "无此站", "1"]], header);
    expect(problems.map((p) => p.column)).toEqual(["专业", "姓名", "单位"]);
  });

  it("caps a long list of problems and says how many were left off", () => {
    const all: Problem[] = Array.from({ length: 620 }, (_, i) => ({ row: i + 2, column: "姓名", code: "import.errors.required" }));
    const capped = capProblems(all);
    expect(capped.total).toBe(620);
    expect(capped.problems).toHaveLength(501);
    expect(capped.problems[500]).toEqual({ row: null, column: null, code: "import.errors.moreProblems", params: { count: 120 } });
  });
});

describe("the template", () => {
  it("has the Chinese headers in bold, an example row, and a 说明 sheet of allowed values", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate(SEEDED_SPECIALTIES)) as unknown as Parameters<ExcelJS.Xlsx["load"]>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["职工", "说明"]);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(12);
    const example = (ws.getRow(2).values as unknown[]).slice(1);
    expect(example[2]).toBe("韦2中转站");
    expect(example[7]).toEqual(new Date(Date.UTC(2020, 6, 1)));
    const notes = wb.getWorksheet("说明")!;
    const text: string[] = [];
    notes.eachRow((r) => text.push((r.values as unknown[]).filter(Boolean).join(" ")));
    const all = text.join("\n");
    for (const word of ["采油", "集输", "锅炉", "电工", "仪表", "安全", "维修", "初级工", "高级技师", "在岗", "休假", "退休", "离职"])
      expect(all).toContain(word);
  });
});
