import type { ActionEntry, RouteEntry } from "../types";
import { classesActions, classesRoutes } from "./classes";
import { equipmentActions, equipmentRoutes } from "./equipment";
import { casesActions, casesRoutes } from "./cases";
import { evaluationsActions } from "./evaluations";
import { hoursActions, hoursRoutes } from "./hours";
import { issuedActions, issuedRoutes } from "./issued";
import { methodsActions } from "./methods";
import { opsRoutes } from "./ops";
import { peopleActions, peopleRoutes } from "./people";
import { plansActions, plansRoutes } from "./plans";
import { practiceActions, practiceRoutes } from "./practice";
import { paperActions, paperRoutes, proctorActions, proctorRoutes, quizActions, quizRoutes } from "./quiz";
import { sessionActions, sessionRoutes } from "./session";
import { videoActions, videoRoutes } from "./video";

/** Every server action and route handler method the build serves, with its probes. */
export const ACTIONS: ActionEntry[] = [
  ...methodsActions,
  ...classesActions,
  ...videoActions,
  ...quizActions,
  ...proctorActions,
  ...paperActions,
  ...practiceActions,
  ...peopleActions,
  ...sessionActions,
  ...hoursActions,
  ...issuedActions,
  ...equipmentActions,
  ...evaluationsActions,
  ...casesActions,
  ...plansActions,
];
export const ROUTES: RouteEntry[] = [
  ...practiceRoutes,
  ...classesRoutes,
  ...videoRoutes,
  ...quizRoutes,
  ...proctorRoutes,
  ...paperRoutes,
  ...peopleRoutes,
  ...sessionRoutes,
  ...opsRoutes,
  ...hoursRoutes,
  ...issuedRoutes,
  ...equipmentRoutes,
  ...casesRoutes,
  ...plansRoutes,
];
