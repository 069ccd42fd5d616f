/**
 * A small bank with every question type, in the trade's own words: for the demo seed, the
 * downloadable template's example rows, and tests. Text deliberately mixes Chinese punctuation,
 * formulas and units, which every import and export must keep exactly.
 */

import { randomId } from "./import/problems";
import { BLANK_MARK, type Question } from "./types";

export function sampleQuestions(newId: () => string = randomId): Question[] {
  const opts = (...texts: string[]) => texts.map((text) => ({ id: newId(), text }));

  const seal = opts("防止井液外漏", "调节冲程长度", "平衡驴头载荷", "计量产液量");
  const h2s = opts("佩戴便携式硫化氢检测仪", "确认正压式空气呼吸器完好", "单人进入，减少暴露人数", "了解风向，确定逃生路线");
  const meters = opts("压力表", "温度计（0～100℃）", "流量计", "管钳");
  // Each list above has four options: the keys below name them by position.

  return [
    {
      type: "single",
      stem: `抽油机井正常生产时，光杆密封器（盘根盒）的主要作用是${BLANK_MARK}。`,
      options: seal,
      key: { correct: seal[0]!.id },
      explanation: "盘根盒密封光杆与井口之间的间隙，防止井液外漏；冲程由曲柄销孔位置调节。",
      difficulty: 2,
      points: 2,
      category: ["采油", "抽油机"],
      tags: ["井口", "设备"],
    },
    {
      type: "multiple",
      stem: "进入含硫化氢（H₂S）区域作业前，必须做到的有：",
      options: h2s,
      scoring: "partial",
      key: { correct: [h2s[0]!.id, h2s[1]!.id, h2s[3]!.id] },
      explanation: "含硫区域作业须两人以上，一人作业、一人监护；严禁单人进入。",
      difficulty: 3,
      points: 3,
      category: ["安全", "硫化氢防护"],
      tags: ["HSE"],
    },
    {
      type: "multiple",
      stem: "下列属于集输站常用计量仪表的是：",
      options: meters,
      scoring: "all_or_nothing",
      key: { correct: [meters[0]!.id, meters[1]!.id, meters[2]!.id] },
      explanation: "管钳是手动工具，不是计量仪表。",
      difficulty: 1,
      points: 2,
      category: ["集输"],
      tags: [],
    },
    {
      type: "truefalse",
      stem: "更换抽油机皮带时，只要刹紧刹车，可以不停机、不断电。",
      key: { correct: false },
      explanation: "必须停机、断电、刹车，并挂“禁止合闸”牌、上锁后方可作业。",
      difficulty: 1,
      points: 1,
      category: ["采油", "抽油机"],
      tags: ["安全操作"],
    },
    {
      type: "fill",
      stem: `安全生产“三不伤害”是指：不伤害自己、${BLANK_MARK}、${BLANK_MARK}。`,
      key: {
        blanks: [
          ["不伤害他人", "不伤害别人"],
          ["不被他人伤害", "不被别人伤害"],
        ],
      },
      explanation: "",
      difficulty: 2,
      points: 2,
      category: ["安全"],
      tags: ["三不伤害"],
    },
    {
      type: "fill",
      stem: "硫化氢的化学式是（　），其密度比空气大，易在低洼处积聚。",
      key: { blanks: [["H2S", "H₂S"]] },
      explanation: "H₂S 相对密度约 1.19，比空气重。",
      difficulty: 1,
      points: 1,
      category: ["安全", "硫化氢防护"],
      tags: [],
    },
    {
      type: "numeric",
      stem: "某井油压表读数为 2.5 MPa，套压比油压高 0.8 MPa，套压为多少？",
      unit: "MPa",
      key: { value: 3.3, tolerance: { kind: "absolute", value: 0.05 } },
      explanation: "套压 = 2.5 + 0.8 = 3.3 MPa。",
      difficulty: 2,
      points: 2,
      category: ["采油", "计量"],
      tags: [],
    },
    {
      type: "numeric",
      stem: "某站日产液 120 t，综合含水率 85%，日产油约多少吨？（含水率＝水量÷液量×100%）",
      unit: "t",
      key: { value: 18, tolerance: { kind: "percent", value: 2 } },
      explanation: "日产油 = 120 × (1 − 85%) = 18 t。",
      difficulty: 3,
      points: 2.5,
      category: ["集输", "计量"],
      tags: ["计算"],
    },
    {
      type: "essay",
      stem: "简述抽油机井巡回检查的主要内容。",
      key: { reference: "1. 查“四点一线”、皮带松紧及磨损；\n2. 查刹车、各部螺栓、润滑；\n3. 查电流是否平衡、电机温度；\n4. 查井口流程、压力，有无渗漏。" },
      explanation: "按“看、听、摸、闻、测”五字法逐项检查。",
      difficulty: 4,
      points: 10,
      category: ["采油", "抽油机"],
      tags: ["巡检"],
    },
  ];
}
