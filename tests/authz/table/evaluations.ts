import type { ActionEntry } from "../types";
import { ALL } from "./common";

/** 培训评估: the worker rates (or dismisses the card of) a class attended or a course completed, once. */

const FILE = "app/(app)/evaluations/actions.ts";
const stars = { content: "5", delivery: "4", timing: "4", recommend: "5", comment: "矩阵评价" };

export const evaluationsActions: ActionEntry[] = [
  {
    key: `${FILE}#submitEvaluationAction`,
    probes: [
      { who: ALL, why: "a class the caller did not attend", call: (fx) => ({ form: { kind: "class", id: String(fx.classes.c08.id), ...stars } }) },
      { who: ALL, why: "a course the caller has not completed", call: (fx) => ({ form: { kind: "course", id: String(fx.courses.t08), ...stars } }) },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { kind: "class", id: String(fx.classes.c08open.id), ...stars } }) },
  },
  {
    key: `${FILE}#dismissEvaluationAction`,
    probes: [
      { who: ALL, why: "closing the card of a class the caller did not attend", call: (fx) => ({ form: { kind: "class", id: String(fx.classes.c08.id) } }) },
      { who: ALL, why: "closing the card of a course the caller has not completed", call: (fx) => ({ form: { kind: "course", id: String(fx.courses.area) } }) },
    ],
    control: { as: "worker08", expect: "changes", call: (fx) => ({ form: { kind: "class", id: String(fx.classes.c08open.id) } }) },
  },
];
