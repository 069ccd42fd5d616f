import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlToText } from "@/lib/quiz/import/html-text";
import { exportMoodleXml, importMoodleXml } from "@/lib/quiz/import/moodle-xml";
import type { ImportProblem } from "@/lib/quiz/import/problems";
import { cdata, escapeXml, parseXml, textContent, type XmlElement } from "@/lib/quiz/import/xml";
import { sampleQuestions } from "@/lib/quiz/samples";
import { BLANK_MARK, type Question } from "@/lib/quiz/types";
import { checkQuestion } from "@/lib/quiz/validate";
import { isPlusMinusOneOverC } from "@/lib/quiz/fractions";
import { firstN } from "../helpers/rows";

function counter(prefix = "o") {
  let n = 0;
  return () => `${prefix}${++n}`;
}

async function questionsOf(xml: string): Promise<Question[]> {
  const r = await importMoodleXml(xml, { newId: counter() });
  if (!r.ok) throw new Error(`expected questions, got ${JSON.stringify(r.problems)}`);
  return r.questions;
}

async function problemsOf(xml: string | Uint8Array): Promise<ImportProblem[]> {
  const r = await importMoodleXml(xml, { newId: counter() });
  if (r.ok) throw new Error("expected problems, got questions");
  return r.problems;
}

describe("the XML parser", () => {
  it("reads elements, attributes, CDATA, entities and comments, with line numbers", () => {
    const r = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<quiz a='1' b="x &amp; y">
  <q><![CDATA[<p>1 < 2 & ]] ok</p>]]></q>
  <e/>
  <t>&lt;&#20013;&#x6587;&gt; &quot;&apos;</t>
</quiz>
`);
    if (!r.ok) throw new Error(r.code);
    expect(r.root.name).toBe("quiz");
    expect(r.root.attrs).toEqual({ a: "1", b: "x & y" });
    const [q, e, t] = firstN(
      r.root.children.filter((c): c is XmlElement => c.type === "element"),
      3,
      "element",
    );
    expect([q.line, e.line, t.line]).toEqual([4, 5, 6]);
    expect(textContent(q)).toBe("<p>1 < 2 & ]] ok</p>");
    expect(e.children).toEqual([]);
    expect(textContent(t)).toBe(`<中文> "'`);
  });

  it("reports malformed XML with the line where it goes wrong", () => {
    const cases: [string, number, string][] = [
      ["<quiz>\n<a>\n</b>\n</quiz>", 3, "quiz.import.xml.mismatchedTag"],
      ["<quiz>\n<a>\n", 2, "quiz.import.xml.unclosedTag"],
      ["<quiz>\n\n<a>&nbsp;</a></quiz>", 3, "quiz.import.xml.badEntity"],
      ["<quiz>\n<a>&#0;</a></quiz>", 2, "quiz.import.xml.badEntity"],
      ["<quiz>\nAT&T</quiz>", 2, "quiz.import.xml.badEntity"],
      ['<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<quiz/>', 1, "quiz.import.xml.doctype"],
      ["<quiz/>\n<quiz/>", 2, "quiz.import.xml.contentOutsideRoot"],
      ["text<quiz/>", 1, "quiz.import.xml.contentOutsideRoot"],
      ['<quiz a="1" a="2"/>', 1, "quiz.import.xml.duplicateAttribute"],
      ["<quiz>\n<a b=c/></quiz>", 2, "quiz.import.xml.badSyntax"],
      ["<quiz>\n\n<![CDATA[ never closed", 3, "quiz.import.xml.unexpectedEnd"],
      ["<quiz>\u0001</quiz>", 1, "quiz.import.xml.badCharacter"],
      ["", 1, "quiz.import.xml.unexpectedEnd"],
      ["<a>".repeat(100) + "</a>".repeat(100), 1, "quiz.import.xml.tooDeep"],
    ];
    for (const [xml, line, code] of cases) {
      const r = parseXml(xml);
      expect(r.ok, xml).toBe(false);
      if (!r.ok) expect([r.line, r.code], xml).toEqual([line, code]);
    }
  });

  it("reads back any text it escapes or wraps in CDATA (property)", () => {
    const xmlText = fc.string({ unit: "grapheme", maxLength: 60 }).map((s) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/g, ""));
    fc.assert(
      fc.property(xmlText, (s) => {
        for (const wrapped of [escapeXml(s), cdata(s)]) {
          const r = parseXml(`<a>${wrapped}</a>`);
          if (!r.ok) throw new Error(r.code);
          expect(textContent(r.root)).toBe(s);
        }
      }),
    );
  });

  it("never throws on arbitrary input (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("<", ">", "/", "a", "=", '"', "&", ";", "!", "[", "]", "-", "?", " ", "\n"), maxLength: 80 }), (s) => {
        const r = parseXml(s);
        expect(typeof r.ok).toBe("boolean");
      }),
    );
  });
});

describe("HTML to text", () => {
  it("keeps the text a reader sees", () => {
    expect(htmlToText("<p>第一段&nbsp;文字</p><p>第二段<br>换行</p>").text).toBe("第一段 文字\n第二段\n换行");
    expect(htmlToText("<p>  多个   空格\n 合并  </p>").text).toBe("多个 空格 合并");
    expect(htmlToText("<p>\u3000\u3000全角空格保留</p>").text).toBe("全角空格保留"); // leading/trailing at the ends only
    expect(htmlToText("<p>中\u3000间</p>").text).toBe("中\u3000间");
    expect(htmlToText("H<sub>2</sub>S，体积 m<sup>3</sup>，x<sup>n+1</sup>，e<sup>iπ</sup>").text).toBe("H₂S，体积 m³，xⁿ⁺¹，e^(iπ)");
    expect(htmlToText("a < b &amp;&amp; c &gt; d &times; 2 &Delta;p &unknown;").text).toBe("a < b && c > d × 2 Δp &unknown;");
    expect(htmlToText('<script>alert("x")</script><style>p{}</style><b>粗</b><span title="a>b">体</span>').text).toBe("粗体");
    expect(htmlToText("<ul><li>一</li><li>二</li></ul><table><tr><td>a</td><td>b</td></tr></table>").text).toBe("一\n二\na b");
    expect(htmlToText("<!-- note -->正文").text).toBe("正文");
  });

  it("flags images and other media", () => {
    expect(htmlToText('<p>看图<img src="@@PLUGINFILE@@/a.png" alt="图"></p>')).toEqual({ text: "看图", hasMedia: true });
    expect(htmlToText("<p>无图</p>").hasMedia).toBe(false);
  });
});

const FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/采油/抽油机</text>
    </category>
  </question>

<!-- question: 1  -->
  <question type="multichoice">
    <name>
      <text>驴头</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">抽油机的驴头属于（&nbsp;&nbsp;）。<br></p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>驴头装在游梁前端。</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <correctfeedback format="html"><text>你答对了！</text></correctfeedback>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>游梁部分</p>]]></text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text><![CDATA[<p>支架部分</p>]]></text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>底座 &amp; 基础</text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <tags>
      <tag><text>设备</text></tag>
    </tags>
  </question>

  <question type="multichoice">
    <name><text>多选</text></name>
    <questiontext format="moodle_auto_format"><text>含硫化氢区域作业前：
（选出所有正确项）</text></questiontext>
    <defaultgrade>3</defaultgrade>
    <single>false</single>
    <answer fraction="50"><text>佩戴检测仪</text></answer>
    <answer fraction="50"><text>检查呼吸器</text></answer>
    <answer fraction="-100"><text>单人进入</text></answer>
  </question>

  <question type="multichoiceset">
    <name><text>仪表</text></name>
    <questiontext format="plain_text"><text>属于计量仪表的有 &lt;三项&gt;：</text></questiontext>
    <answer fraction="100"><text>压力表</text></answer>
    <answer fraction="100"><text>温度计</text></answer>
    <answer fraction="100"><text>流量计</text></answer>
    <answer fraction="0"><text>管钳</text></answer>
  </question>

  <question type="category"><category><text>$course$/top/安全</text></category></question>

  <question type="truefalse">
    <name><text>皮带</text></name>
    <questiontext format="html"><text>更换皮带可以不停机。</text></questiontext>
    <generalfeedback format="html"><text>必须停机、断电。</text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <answer fraction="0" format="moodle_auto_format"><text>true</text></answer>
    <answer fraction="100" format="moodle_auto_format"><text>false</text></answer>
  </question>

  <question type="shortanswer">
    <name><text>化学式</text></name>
    <questiontext format="html"><text><![CDATA[硫化氢的化学式是 ____。]]></text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>H2S</text></answer>
    <answer fraction="100" format="moodle_auto_format"><text>H₂S</text></answer>
    <answer fraction="0"><text>SO2</text><feedback><text>那是二氧化硫</text></feedback></answer>
  </question>

  <question type="multianswer">
    <name><text>三不伤害</text></name>
    <questiontext format="html"><text><![CDATA[<p>不伤害自己、{1:SHORTANSWER:=不伤害他人~=不伤害别人}、{1:SA:=不被他人伤害#对}。</p>]]></text></questiontext>
  </question>

  <question type="numerical">
    <name><text>套压</text></name>
    <questiontext format="html"><text>套压为多少？</text></questiontext>
    <defaultgrade>2</defaultgrade>
    <answer fraction="100"><text>3.3</text><tolerance>0.05</tolerance></answer>
    <answer fraction="0"><text>*</text><tolerance>0</tolerance></answer>
    <units>
      <unit><multiplier>1</multiplier><unit_name>MPa</unit_name></unit>
      <unit><multiplier>1000</multiplier><unit_name>kPa</unit_name></unit>
    </units>
  </question>

  <question type="essay">
    <name><text>巡检</text></name>
    <questiontext format="html"><text>简述巡回检查内容。</text></questiontext>
    <defaultgrade>10</defaultgrade>
    <responseformat>editor</responseformat>
    <graderinfo format="html"><text><![CDATA[<p>看、听、摸、闻、测</p>]]></text></graderinfo>
  </question>
</quiz>
`;

describe("importing Moodle XML", () => {
  it("reads every supported type as Moodle writes it", async () => {
    const qs = await questionsOf(FIXTURE);
    expect(qs.map((q) => q.type)).toEqual(["single", "multiple", "multiple", "truefalse", "fill", "fill", "numeric", "essay"]);
    expect(qs[0]).toEqual({
      type: "single",
      title: "驴头",
      stem: "抽油机的驴头属于（ ）。",
      options: [
        { id: "o1", text: "游梁部分" },
        { id: "o2", text: "支架部分" },
        { id: "o3", text: "底座 & 基础" },
      ],
      key: { correct: "o1" },
      explanation: "驴头装在游梁前端。",
      difficulty: 3,
      points: 2,
      penalty: 0.3333333,
      category: ["采油", "抽油机"],
      tags: ["设备"],
    });
    expect(qs[1]).toMatchObject({
      stem: "含硫化氢区域作业前：\n（选出所有正确项）",
      scoring: "partial",
      key: { correct: ["o4", "o5"], fractions: { o4: 0.5, o5: 0.5, o6: -1 } },
      points: 3,
    });
    expect(qs[2]).toMatchObject({ stem: "属于计量仪表的有 <三项>：", scoring: "all_or_nothing", key: { correct: ["o7", "o8", "o9"] }, points: 1 });
    expect(qs[3]).toMatchObject({ key: { correct: false }, category: ["安全"], explanation: "必须停机、断电。" });
    expect(qs[4]).toMatchObject({ stem: "硫化氢的化学式是 ____。", key: { blanks: [["H2S", "H₂S"]] } });
    expect(qs[5]).toMatchObject({ stem: `不伤害自己、${BLANK_MARK}、${BLANK_MARK}。`, key: { blanks: [["不伤害他人", "不伤害别人"], ["不被他人伤害"]] } });
    expect(qs[6]).toMatchObject({ unit: "MPa", key: { value: 3.3, tolerance: { kind: "absolute", value: 0.05 } } });
    expect(qs[7]).toMatchObject({ key: { reference: "看、听、摸、闻、测" }, points: 10 });
  });

  it("reads a UTF-8 file with a BOM and a GBK file", async () => {
    const xml = `<?xml version="1.0"?><quiz><question type="essay"><questiontext format="plain_text"><text>中文题干</text></questiontext></question></quiz>`;
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
    expect((await questionsOf(new TextDecoder().decode(bom)))[0]?.stem).toBe("中文题干");
    const r = await importMoodleXml(bom);
    expect(r.ok && r.questions[0]?.stem).toBe("中文题干");
    const gbk = (await import("iconv-lite")).default.encode(xml, "gbk");
    const g = await importMoodleXml(new Uint8Array(gbk));
    expect(g.ok && g.questions[0]?.stem).toBe("中文题干");
  });
});

describe("round trips", () => {
  const tricky = (): Question[] => {
    const id = counter("t");
    const a = id();
    const b = id();
    return [
      {
        type: "single",
        title: "自定义标题",
        stem: "CDATA 结束符 ]]> 和 <标签> & 实体 &amp; 保留；\n第二行  两个空格",
        options: [
          { id: a, text: "<p>不是 HTML</p>" },
          { id: b, text: "缩  进\t制表符" },
        ],
        key: { correct: b },
        explanation: "见 GB/T 1234—2020 第 5.1 条",
        difficulty: 5,
        points: 0.5,
        category: [],
        tags: ["特殊字符", "a b"],
      },
      {
        type: "fill",
        stem: "星号 {1:SA:=x} 与转义",
        key: { blanks: [["a*b", "c~d", "e#f"]] },
        explanation: "",
        difficulty: 1,
        points: 1,
        category: ["顶层"],
        tags: [],
      },
      {
        type: "fill",
        stem: `两个空 ${BLANK_MARK} 在中间 ${BLANK_MARK}`,
        key: {
          blanks: [
            ["a}b", "\\"],
            ["c/d", '"e"', "f*"],
          ],
        },
        explanation: "",
        difficulty: 1,
        points: 4,
        category: ["顶层", "二级"],
        tags: [],
      },
      {
        type: "numeric",
        stem: "负数和百分比",
        unit: "",
        key: { value: -0.0000125, tolerance: { kind: "percent", value: 12.5 } },
        explanation: "",
        difficulty: 2,
        points: 1,
        category: ["顶层", "二级"],
        tags: [],
      },
    ];
  };

  it("export → import gives the same bank", async () => {
    const bank = sampleQuestions(counter());
    expect(await questionsOf(exportMoodleXml(bank))).toEqual(bank);
  });

  it("keeps titles, odd characters, escapes and percent tolerances", async () => {
    const bank = tricky();
    const again = await importMoodleXml(exportMoodleXml(bank), { newId: counter("t") });
    expect(again).toEqual({ ok: true, questions: bank });
  });

  it("writes what Moodle needs: categories, fractions ±100/C, an absolute tolerance, cloze", () => {
    const xml = exportMoodleXml([...sampleQuestions(counter()), ...tricky()]);
    expect(xml).toContain("<text><![CDATA[$course$/top/采油/抽油机]]></text>");
    expect(xml).toContain('<answer fraction="33.33333" format="plain_text">');
    expect(xml).toContain('<answer fraction="-33.33333" format="plain_text">');
    expect(xml).toContain('<question type="multichoiceset">');
    expect(xml).toContain("<tolerance>0.36</tolerance>"); // 18 ± 2%
    expect(xml).toContain("{1:SHORTANSWER:=不伤害他人~=不伤害别人} {1:SHORTANSWER:=不被他人伤害~=不被别人伤害}");
    expect(xml).toContain("<![CDATA[a\\*b]]>");
    expect(parseXml(xml).ok).toBe(true);
  });
});

describe("bad files", () => {
  it("reports each refused question with its line, and hands back the rest", async () => {
    const xml = `<?xml version="1.0"?>
<quiz>
  <question type="essay"><questiontext><text>好题</text></questiontext></question>
  <question type="matching">
    <questiontext><text>配对</text></questiontext>
  </question>
  <question type="multichoice">
    <questiontext><text>部分分</text></questiontext>
    <single>true</single>
    <answer fraction="100"><text>a</text></answer>
    <answer fraction="45"><text>b</text></answer>
  </question>
  <question type="shortanswer">
    <questiontext><text>通配符</text></questiontext>
    <answer fraction="100"><text>油*</text></answer>
  </question>
  <question type="essay">
    <questiontext format="html"><text><![CDATA[<p>看图：<img src="@@PLUGINFILE@@/x.png"></p>]]></text></questiontext>
  </question>
  <question type="truefalse">
    <answer fraction="100"><text>true</text></answer>
  </question>
  <question type="multichoice">
    <questiontext><text>只有一个选项</text></questiontext>
    <answer fraction="100"><text>a</text></answer>
  </question>
  <question type="numerical">
    <questiontext><text>数值</text></questiontext>
    <answer fraction="100"><text>abc</text></answer>
  </question>
  <question type="multianswer">
    <questiontext><text>{1:REGEXP:=a~=b}</text></questiontext>
  </question>
  <question type="essay">
    <questiontext><text>分值</text></questiontext>
    <defaultgrade>0.3333333</defaultgrade>
  </question>
  <question type="multichoice">
    <name><text>没有满分</text></name>
    <questiontext><text>单选没有 100%</text></questiontext>
    <answer fraction="90"><text>a</text></answer>
    <answer fraction="0"><text>b</text></answer>
  </question>
  <question type="multichoice">
    <questiontext><text>多选加起来不是 100%</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>a</text></answer>
    <answer fraction="33.33333"><text>b</text></answer>
    <answer fraction="-100"><text>c</text></answer>
  </question>
  <question type="shortanswer">
    <questiontext><text>简答没有满分</text></questiontext>
    <answer fraction="50"><text>a</text></answer>
  </question>
</quiz>`;
    const problems = await problemsOf(xml);
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [4, "quiz.import.moodle.badMatching"],
      [11, "quiz.import.moodle.invalidGrade"],
      [15, "quiz.import.moodle.wildcard"],
      [18, "quiz.import.moodle.images"],
      [20, "quiz.import.moodle.missingElement"],
      [25, "quiz.question.tooFewOptions"],
      [29, "quiz.import.badNumericAnswer"],
      [32, "quiz.import.moodle.badCloze"],
      [36, "quiz.question.badPoints"],
      [38, "quiz.import.moodle.fractionsNoMax"],
      [44, "quiz.import.moodle.fractionsAddWrong"],
      [51, "quiz.import.moodle.fractionsNoMax"],
    ]);
    // Named as Moodle names them, with Moodle's reason.
    expect(problems[1]?.params).toEqual({ question: "部分分", grades: "45" });
    expect(problems[9]?.params).toEqual({ question: "没有满分", max: "90" });
    expect(problems[10]?.params).toEqual({ question: "多选加起来不是 100%", total: "83.33333" });
    expect(problems[11]?.params).toEqual({ question: "简答没有满分", max: "50" });
    // The one good question comes back for "import the rest"; nothing is written by the parser.
    const r = await importMoodleXml(xml, { newId: counter() });
    expect(r.ok ? [] : r.rest.map((q) => q.stem)).toEqual(["好题"]);
    expect(problems[7]?.params).toEqual({ value: "REGEXP" });
    expect(problems[4]?.params).toEqual({ element: "questiontext" });
  });

  it("refuses files that are not Moodle XML", async () => {
    expect(await problemsOf("")).toEqual([{ code: "quiz.import.empty" }]);
    expect(await problemsOf("<html><body/></html>")).toEqual([{ line: 1, code: "quiz.import.moodle.notQuiz" }]);
    expect(await problemsOf("<quiz></quiz>")).toEqual([{ code: "quiz.import.noQuestions" }]);
    expect(await problemsOf("<quiz>\n<question type='essay'>\n</quiz>")).toEqual([
      { line: 3, code: "quiz.import.xml.mismatchedTag", params: { found: "quiz", expected: "question" } },
    ]);
    expect(await problemsOf(new Uint8Array([0x3c, 0x71, 0, 0xff]))).toEqual([{ code: "quiz.import.notText" }]);
  });

  it("never throws on a damaged file, and never half-imports it (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(FIXTURE.length),
        fc.nat(40),
        fc.string({ unit: fc.constantFrom("<", ">", "/", "&", "]]>", "<text>", "</answer>", "x", "\n"), maxLength: 5 }),
        async (at, cut, insert) => {
          const damaged = FIXTURE.slice(0, at) + insert + FIXTURE.slice(at + cut);
          const r = await importMoodleXml(damaged);
          if (r.ok) expect(r.questions.length).toBeLessThanOrEqual(8);
          else expect(r.problems.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("weighted answers and the penalty", () => {
  const meta = { explanation: "", difficulty: 3 as const, category: ["采油"], tags: [] };
  const opts = (...ids: string[]) => ids.map((id, i) => ({ id, text: `选项${i}` }));
  const bank: Question[] = [
    {
      ...meta,
      type: "single",
      stem: "单选",
      points: 2,
      penalty: 0.3333333,
      options: opts("o1", "o2", "o3"),
      key: { correct: "o1", fractions: { o1: 1, o2: 0.5, o3: -0.5 } },
    },
    {
      ...meta,
      type: "multiple",
      stem: "多选",
      points: 3,
      penalty: 0.1,
      scoring: "partial",
      options: opts("o4", "o5", "o6", "o7"),
      key: { correct: ["o4", "o5", "o6"], fractions: { o4: 0.3333333, o5: 0.3333333, o6: 0.3333333, o7: -1 } },
    },
    { ...meta, type: "multiple", stem: "多选 ±1/C", points: 1, scoring: "partial", options: opts("o8", "o9", "o10"), key: { correct: ["o8", "o9"] } },
    { ...meta, type: "fill", stem: "简答", points: 1, penalty: 1, key: { blanks: [["鲍鱼", "鱼"]], fractions: [[1, 0.5]] } },
    { ...meta, type: "fill", stem: "完形", points: 2, key: { blanks: [["a", "b"], ["c"]], fractions: [[1, 0.3333333], [1]] } },
  ];

  it("export → import keeps the grades and the penalty", async () => {
    const xml = exportMoodleXml(bank);
    expect(xml).toContain('<answer fraction="-50" format="plain_text">');
    expect(xml).toContain('<answer fraction="33.33333" format="plain_text">');
    expect(xml).toContain("<penalty>0.3333333</penalty>");
    expect(xml).toContain("{1:SHORTANSWER:=a~%33.33333%b}");
    expect(await questionsOf(xml)).toEqual(bank);
  });

  it("keeps Moodle's grades where they differ from the ±1/C rule, so a response scores the same", async () => {
    const [q] = await questionsOf(`<quiz><question type="multichoice"><questiontext><text>颜色</text></questiontext><single>false</single><penalty>0</penalty>
      <answer fraction="100"><text>黄</text></answer><answer fraction="-50"><text>红</text></answer><answer fraction="-50"><text>蓝</text></answer></question></quiz>`);
    expect(q).toMatchObject({ type: "multiple", scoring: "partial", key: { correct: ["o1"], fractions: { o1: 1, o2: -0.5, o3: -0.5 } } });
    expect(q).not.toHaveProperty("penalty");
  });

  it("reads Moodle's type name for cloze", async () => {
    const [q] = await questionsOf(
      `<quiz><question type="cloze"><questiontext format="html"><text><![CDATA[<p>H2S 是 {1:SA:=硫化氢~%50%硫化物} 气体</p>]]></text></questiontext></question></quiz>`,
    );
    expect(q).toMatchObject({ type: "fill", stem: `H2S 是 ${BLANK_MARK} 气体`, key: { blanks: [["硫化氢", "硫化物"]], fractions: [[1, 0.5]] } });
  });
});

describe("weighted answers, random banks", () => {
  /** Positive grades adding up to 100 %, and Moodle's negative grades. */
  const SPLITS = [
    [1],
    [0.5, 0.5],
    [0.3333333, 0.3333333, 0.3333333],
    [0.75, 0.25],
    [0.8333333, 0.1666667],
    [0.5, 0.3333333, 0.1666667],
    [0.2, 0.2, 0.2, 0.2, 0.2],
  ];
  const NEG = [0, -1, -0.5, -0.3333333, -0.25, -0.1428571, -0.05];
  const weighted = fc
    .tuple(fc.constantFrom(...SPLITS), fc.array(fc.constantFrom(...NEG), { minLength: 0, maxLength: 3 }), fc.boolean(), fc.integer({ min: 1, max: 500 }))
    .filter(([split, neg]) => split.length + neg.length >= 2 && split.length + neg.length <= 8)
    .map(([split, neg, single, centi]): Question => {
      const grades = single ? [1, ...split.slice(1).map((g) => (g === 1 ? 0.5 : g)), ...neg] : [...split, ...neg];
      const options = grades.map((_, i) => ({ id: `x${i}`, text: `选项${i}` }));
      const fractions = Object.fromEntries(grades.map((g, i) => [`x${i}`, g]));
      const base = { stem: `题${centi}`, explanation: "", difficulty: 3 as const, points: centi / 100, category: [], tags: [], penalty: 0.1 };
      return single
        ? { ...base, type: "single", options, key: { correct: "x0", fractions } }
        : { ...base, type: "multiple", scoring: "partial", options, key: { correct: options.filter((_, i) => grades[i]! > 0).map((o) => o.id), fractions } };
    });

  it("export → import gives the same questions (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(weighted, { minLength: 1, maxLength: 6 }), async (qs) => {
        // Ids as the import makes them, in file order.
        let n = 0;
        const renamed = qs.map((q) => {
          if (q.type !== "single" && q.type !== "multiple") return q;
          const map = new Map(q.options.map((o) => [o.id, `o${++n}`]));
          const options = q.options.map((o) => ({ ...o, id: map.get(o.id)! }));
          const fractions = Object.fromEntries(Object.entries(q.key.fractions!).map(([id, f]) => [map.get(id)!, f]));
          return q.type === "single"
            ? { ...q, options, key: { correct: map.get(q.key.correct)!, fractions } }
            : { ...q, options, key: { correct: q.key.correct.map((id) => map.get(id)!), fractions } };
        });
        for (const q of renamed) expect(checkQuestion(q)).toEqual([]);
        const back = await importMoodleXml(exportMoodleXml(renamed), { newId: counter() });
        if (!back.ok) throw new Error(JSON.stringify(back.problems));
        // Grades that say what JobReady's own rule says (100 % / 0 % on a single answer, ±1/C on
        // a multiple answer) are stored without grades, and grade the same.
        const plain = (q: Question) => {
          if (q.type === "single" && Object.values(q.key.fractions ?? {}).every((f) => f === 0 || f === 1)) return { ...q, key: { correct: q.key.correct } };
          if (q.type === "multiple" && isPlusMinusOneOverC(q.options.map((o) => q.key.fractions?.[o.id] ?? 0)))
            return { ...q, key: { correct: q.key.correct } };
          return q;
        };
        expect(back.questions).toEqual(renamed.map(plain));
      }),
      { numRuns: 150 },
    );
  });
});
