import type { ActionEntry, Fixture, RouteEntry } from "../types";
import { ALL, TRAINER10, confirmedImport, csv, me } from "./common";

/** Members and accounts, the org tree, jobs and certificates, coverage and needs, 学分 rules, the manager's exports. */

const MEMBERS = "app/(app)/members/actions.ts";
const ORG = "app/(app)/system/org/actions.ts";
const JOBS = "app/(app)/system/jobs/actions.ts";
const CERTS = "app/(app)/system/certificates/actions.ts";
const SPEC = "app/(app)/system/specialties/actions.ts";
const OTHERS = ["manager09", "worker09", "worker11", "anonymous"] as const;

const memberForm = (fx: Fixture) => ({
  id: String(fx.members.m08b.id),
  employeeNo: fx.members.m08b.employeeNo,
  name: "矩阵八队乙（改）",
  orgUnitId: String(fx.units.s10),
  specialty: "oil_production",
  jobId: "",
  techTitle: "senior",
  hiredOn: "2015-03-01",
  status: "active",
  phone: "",
});
const pointRules = {
  lesson_completed: "100",
  course_completed: "5",
  quiz_passed: "5",
  attendance: "2",
  signoff: "10",
  contest_award_bureau: "30",
  contest_award_plant: "20",
  contest_award_area: "10",
  daily_practice: "1",
};
const certificateCsv = (fx: Fixture) =>
  csv("certs.csv", [
    ["工号", "证书类型", "证书编号", "发证日期", "有效期至"],
    [fx.members.m08b.employeeNo, fx.certificateType.code, "AUTHZ-0002", fx.today, ""],
  ]);
const memberCsv = () =>
  csv("members.csv", [
    ["工号", "姓名", "单位", "专业"],
    ["880999", "矩阵新人", "韦4站", "采油"],
  ]);
/** A manager's export of a unit outside their scope (采油八队). */
const exportOf = (path: string) => (fx: Fixture) => ({ path: `${path}?unit=${fx.units.t08}` });

export const peopleActions: ActionEntry[] = [
  {
    key: `${MEMBERS}#saveMemberAction`,
    probes: [{ who: ALL, why: "moving a member of 采油八队 into another team", call: (fx) => ({ form: memberForm(fx) }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: memberForm(fx) }) },
  },
  {
    key: `${MEMBERS}#resetAccountAction`,
    probes: [
      {
        who: ALL,
        why: "an account with a password of the caller's choosing for a member of 采油八队",
        call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), password: "Matrix#2026reset" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), password: "Matrix#2026reset" } }) },
  },
  {
    key: `${MEMBERS}#setRolesAction`,
    probes: [
      {
        who: ALL,
        why: "making themselves an admin",
        call: (fx, who) => ({
          form: { memberId: String(me(fx, who).memberId), userId: String(me(fx, who).userId), "role.worker": "on", "role.admin": "on", "scope.admin": "" },
        }),
      },
      {
        who: ALL,
        why: "a trainer role over the whole area for a member of 采油八队",
        call: (fx) => ({
          form: { memberId: String(fx.spare08.memberId), userId: String(fx.spare08.userId), "role.worker": "on", "role.trainer": "on", "scope.trainer": "" },
        }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({
        form: { memberId: String(fx.spare08.memberId), userId: String(fx.spare08.userId), "role.worker": "on", "role.trainer": "on", "scope.trainer": "" },
      }),
    },
  },
  {
    key: `${MEMBERS}#setDisabledAction`,
    probes: [
      {
        who: ALL,
        why: "disabling the account of a member of 采油八队",
        call: (fx) => ({ form: { memberId: String(fx.spare08.memberId), userId: String(fx.spare08.userId), disabled: "true" } }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({ form: { memberId: String(fx.spare08.memberId), userId: String(fx.spare08.userId), disabled: "true" } }),
    },
  },
  {
    key: `${MEMBERS}#toggleTargetAction`,
    probes: [
      {
        who: ALL,
        why: "a job target on the profile of a member of 采油八队",
        call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), jobId: String(fx.jobId), on: "true" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), jobId: String(fx.jobId), on: "true" } }) },
  },

  {
    key: `${ORG}#createUnitAction`,
    probes: [
      {
        who: ALL,
        why: "a new station under 采油八队",
        call: (fx) => ({ form: { name: "矩阵站", code: "AUTHZ-ST", kind: "station", parentId: String(fx.units.t08) } }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({ form: { name: "矩阵站", code: "AUTHZ-ST", kind: "station", parentId: String(fx.units.t08) } }),
    },
  },
  {
    key: `${ORG}#renameUnitAction`,
    probes: [{ who: ALL, why: "renaming a station of 采油八队", call: (fx) => ({ form: { id: String(fx.units.s08empty), name: "矩阵改名站" } }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.units.s08empty), name: "矩阵改名站" } }) },
  },
  {
    key: `${ORG}#moveUnitAction`,
    probes: [
      {
        who: ALL,
        why: "moving a station of 采油八队 into another team",
        call: (fx) => ({ form: { id: String(fx.units.s08empty), parentId: String(fx.units.t10) } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.units.s08empty), parentId: String(fx.units.t10) } }) },
  },
  {
    key: `${ORG}#setUnitActiveAction`,
    probes: [{ who: ALL, why: "closing a station of 采油八队", call: (fx) => ({ form: { id: String(fx.units.s08empty), active: "false" } }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.units.s08empty), active: "false" } }) },
  },
  // 专业 is one list for the whole organisation: only an admin over all of it keeps it.
  {
    key: `${SPEC}#addSpecialtyAction`,
    probes: [
      {
        who: ALL,
        why: "a new specialty in the organisation's list",
        call: () => ({ form: { code: "authz_drilling", nameZh: "矩阵钻井", nameEn: "Drilling" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { code: "authz_drilling", nameZh: "矩阵钻井", nameEn: "Drilling" } }) },
  },
  {
    key: `${SPEC}#renameSpecialtyAction`,
    probes: [
      { who: ALL, why: "renaming a specialty every record shows", call: () => ({ form: { code: "boiler", nameZh: "矩阵锅炉", nameEn: "Matrix boiler" } }) },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { code: "boiler", nameZh: "矩阵锅炉", nameEn: "Matrix boiler" } }) },
  },
  {
    key: `${SPEC}#setSpecialtyActiveAction`,
    probes: [{ who: ALL, why: "retiring a specialty of the whole list", call: () => ({ form: { code: "boiler", active: "false" } }) }],
    control: { as: "admin", expect: "changes", call: () => ({ form: { code: "boiler", active: "false" } }) },
  },
  {
    key: `${SPEC}#mergeSpecialtiesAction`,
    probes: [
      { who: ALL, why: "merging a specialty into another, rewriting records of every unit", call: () => ({ form: { from: "maintenance", into: "safety" } }) },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { from: "maintenance", into: "safety" } }) },
  },
  {
    key: "app/(app)/system/import/actions.ts#importMembersAction",
    probes: [
      {
        who: ALL,
        why: "importing a member (and an account) into 采油八队",
        call: () => ({ form: { ...confirmedImport(memberCsv()), initialPassword: "Matrix#2026import" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { ...confirmedImport(memberCsv()), initialPassword: "Matrix#2026import" } }) },
  },

  {
    key: `${JOBS}#addRequirementAction`,
    probes: [
      {
        who: ALL,
        why: "a new requirement of a job of the whole area",
        call: (fx) => ({ form: { jobId: String(fx.emptyJobId), kind: "certificate", refId: String(fx.certificateType.id) } }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({ form: { jobId: String(fx.emptyJobId), kind: "certificate", refId: String(fx.certificateType.id) } }),
    },
  },
  {
    key: `${JOBS}#createJobAction`,
    probes: [{ who: ALL, why: "a job of the whole area", call: () => ({ form: { code: "J-AUTHZ", name: "矩阵岗", specialty: "oil_production" } }) }],
    control: { as: "admin", expect: "changes", call: () => ({ form: { code: "J-AUTHZ", name: "矩阵岗", specialty: "oil_production" } }) },
  },
  {
    key: `${JOBS}#deleteRequirementAction`,
    probes: [{ who: ALL, why: "a requirement of a job of the whole area", call: (fx) => ({ form: { id: String(fx.requirementId) } }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.requirementId) } }) },
  },
  {
    key: `${JOBS}#setJobActiveAction`,
    probes: [{ who: ALL, why: "retiring a job of the whole area", call: (fx) => ({ form: { id: String(fx.jobId), active: "false" } }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.jobId), active: "false" } }) },
  },
  {
    key: `${CERTS}#createTypeAction`,
    probes: [
      {
        who: ALL,
        why: "a certificate type of the whole area",
        call: () => ({ form: { code: "AUTHZ-CERT", name: "矩阵证", validityMonths: "36", renewWindowDays: "60" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: () => ({ form: { code: "AUTHZ-CERT", name: "矩阵证", validityMonths: "36", renewWindowDays: "60" } }) },
  },
  {
    key: `${CERTS}#setTypeActiveAction`,
    probes: [
      { who: ALL, why: "retiring a certificate type of the whole area", call: (fx) => ({ form: { id: String(fx.certificateType.id), active: "false" } }) },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { id: String(fx.certificateType.id), active: "false" } }) },
  },
  {
    key: `${CERTS}#addCertificateAction`,
    probes: [
      {
        who: ALL,
        why: "a certificate for a member of 采油八队",
        call: (fx) => ({
          form: { employeeNo: fx.members.m08b.employeeNo, typeId: String(fx.certificateType.id), number: "AUTHZ-0001", issuedOn: fx.today, expiresOn: "" },
        }),
      },
      {
        who: ALL,
        why: "a certificate for themselves",
        call: (fx, who) => ({
          form: { employeeNo: me(fx, who).employeeNo, typeId: String(fx.certificateType.id), number: "AUTHZ-0003", issuedOn: fx.today, expiresOn: "" },
        }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({
        form: { employeeNo: fx.members.m08b.employeeNo, typeId: String(fx.certificateType.id), number: "AUTHZ-0001", issuedOn: fx.today, expiresOn: "" },
      }),
    },
  },
  {
    key: `${CERTS}#setReviewSettingsAction`,
    probes: [
      {
        who: ALL,
        why: "the review cycle of a certificate type of the whole area",
        call: (fx) => ({ form: { id: String(fx.reviewType), reviewEveryYears: "1", reviewHours: "40", reviewTest: "on" } }),
      },
    ],
    control: {
      as: "admin",
      expect: "changes",
      call: (fx) => ({ form: { id: String(fx.reviewType), reviewEveryYears: "1", reviewHours: "40", reviewTest: "on" } }),
    },
  },
  {
    key: `${MEMBERS}#recordReviewAction`,
    probes: [
      {
        who: ALL,
        why: "a 复审 of a certificate of a member of 采油八队",
        call: (fx) => ({
          form: { memberId: String(fx.members.m08b.id), certificateId: String(fx.reviewCerts.m08b), reviewedOn: fx.today, hours: "", evidence: "" },
        }),
      },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "a 复审 of their own certificate",
        call: (fx, who) => ({
          form: {
            memberId: String(me(fx, who).memberId),
            certificateId: String(fx.reviewCerts[who as "trainer10" | "manager09" | "worker09" | "worker11"]),
            reviewedOn: fx.today,
            hours: "",
            evidence: "",
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({
        form: { memberId: String(fx.members.m08b.id), certificateId: String(fx.reviewCerts.m08b), reviewedOn: fx.today, hours: "", evidence: "" },
      }),
    },
  },
  {
    key: `${MEMBERS}#signInductionAction`,
    probes: [
      {
        who: ALL,
        why: "the crew-level induction of a member of 采油八队",
        call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), recordId: String(fx.inductions.m08b), signedOn: fx.today, content: "" } }),
      },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "signing off their own induction",
        call: (fx, who) => ({
          form: {
            memberId: String(me(fx, who).memberId),
            recordId: String(fx.inductions[who as "trainer10" | "manager09" | "worker09" | "worker11"]),
            signedOn: fx.today,
            content: "",
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), recordId: String(fx.inductions.m08b), signedOn: fx.today, content: "" } }),
    },
  },
  {
    key: `${MEMBERS}#undoInductionAction`,
    probes: [
      {
        who: ALL,
        why: "undoing the area trainer's sign-off of a member of 采油八队",
        call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), recordId: String(fx.inductions.m08bSigned), reason: "矩阵撤销" } }),
      },
      {
        who: ["trainer10", "manager09", "worker09", "worker11"],
        why: "undoing a level of their own induction",
        call: (fx, who) => ({
          form: {
            memberId: String(me(fx, who).memberId),
            recordId: String(fx.inductions[who as "trainer10" | "manager09" | "worker09" | "worker11"]),
            reason: "矩阵撤销",
          },
        }),
      },
    ],
    control: {
      as: "areaTrainer",
      expect: "changes",
      call: (fx) => ({ form: { memberId: String(fx.members.m08b.id), recordId: String(fx.inductions.m08bSigned), reason: "矩阵撤销" } }),
    },
  },
  {
    key: `${CERTS}#importAction`,
    probes: [{ who: ALL, why: "certificates for a member of 采油八队", call: (fx) => ({ form: confirmedImport(certificateCsv(fx)) }) }],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: confirmedImport(certificateCsv(fx)) }) },
  },
  {
    key: "app/(app)/manage/coverage/actions.ts#setMinimumAction",
    probes: [
      {
        who: ALL,
        why: "the minimum of a station of 采油八队",
        call: (fx) => ({ form: { orgUnitId: String(fx.units.s08), jobId: String(fx.jobId), minQualified: "7" } }),
      },
    ],
    control: { as: "admin", expect: "changes", call: (fx) => ({ form: { orgUnitId: String(fx.units.s08), jobId: String(fx.jobId), minQualified: "7" } }) },
  },
  {
    key: "app/(app)/teach/needs/actions.ts#assignNeedsAction",
    probes: [{ who: ALL, why: "assigning courses and classes to the members of 采油八队", call: (fx) => ({ form: { unit: String(fx.units.t08) } }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ form: { unit: String(fx.units.t08) } }) },
  },
  {
    key: "app/(app)/system/points/actions.ts#saveRulesAction",
    probes: [{ who: ALL, why: "the points rules of the whole area", call: () => ({ form: pointRules }) }],
    control: { as: "admin", expect: "changes", call: () => ({ form: pointRules }) },
  },
  {
    key: "app/(app)/system/points/actions.ts#refreshPointsAction",
    probes: [{ who: ALL, why: "refilling the points ledger of the whole area", call: () => ({ form: {} }) }],
    control: { as: "admin", expect: "succeeds", call: () => ({ form: {} }) },
  },
];

export const peopleRoutes: RouteEntry[] = [
  {
    key: "app/api/members/search/route.ts#POST",
    probes: [
      {
        who: ["worker09", "worker11", "anonymous"],
        why: "the member picker's suggestions: a worker of 采油八队 by name",
        call: (fx) => ({ path: "/api/members/search", body: JSON.stringify({ q: fx.accounts.worker08.name }) }),
      },
      {
        who: ["trainer10", "manager09"],
        why: "the member picker's suggestions: a worker of 采油八队 by name",
        expect: "unchanged",
        because: "a search answers only members inside the caller's member.read scope (searchMembers; tests/integration/member-search.test.ts)",
        call: (fx) => ({ path: "/api/members/search", body: JSON.stringify({ q: fx.accounts.worker08.name }) }),
      },
    ],
    control: { as: "admin", expect: "succeeds", call: (fx) => ({ path: "/api/members/search", body: JSON.stringify({ q: fx.accounts.worker08.name }) }) },
  },
  {
    key: "app/(app)/manage/certificates/export/route.ts#GET",
    probes: [{ who: ALL, why: "the expiring certificates of 采油八队", call: exportOf("/manage/certificates/export") }],
    control: { as: "admin", expect: "succeeds", call: exportOf("/manage/certificates/export") },
  },
  {
    key: "app/(app)/manage/coverage/export/route.ts#GET",
    probes: [{ who: ALL, why: "the coverage of 采油八队", call: exportOf("/manage/coverage/export") }],
    control: { as: "admin", expect: "succeeds", call: exportOf("/manage/coverage/export") },
  },
  {
    key: "app/(app)/manage/roster/export/route.ts#GET",
    probes: [{ who: ALL, why: "the skill roster of 采油八队", call: exportOf("/manage/roster/export") }],
    control: { as: "admin", expect: "succeeds", call: exportOf("/manage/roster/export") },
  },
  {
    key: "app/(app)/system/certificates/template/route.ts#GET",
    probes: [{ who: ALL, why: "an admin page's download", call: () => ({ path: "/system/certificates/template" }) }],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/system/certificates/template" }) },
  },
  {
    key: "app/(app)/system/import/template/route.ts#GET",
    probes: [{ who: ALL, why: "an admin page's download", call: () => ({ path: "/system/import/template" }) }],
    control: { as: "admin", expect: "succeeds", call: () => ({ path: "/system/import/template" }) },
  },
  {
    key: "app/(app)/contests/[id]/template/route.ts#GET",
    probes: [
      { who: OTHERS, why: "a teaching page's download", call: (fx) => ({ path: `/contests/${fx.contests.area}/template` }) },
      {
        who: TRAINER10,
        why: "a blank template",
        expect: "unchanged",
        because: "a blank template holds no one's data",
        call: (fx) => ({ path: `/contests/${fx.contests.area}/template` }),
      },
    ],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: `/contests/${fx.contests.area}/template` }) },
  },
  {
    key: "app/(app)/teach/tasks/photo/[...key]/route.ts#GET",
    probes: [{ who: ALL, why: "the sign-off photo of a member of 采油八队", call: (fx) => ({ path: `/teach/tasks/photo/${fx.signoff.photoKey}` }) }],
    control: { as: "areaTrainer", expect: "succeeds", call: (fx) => ({ path: `/teach/tasks/photo/${fx.signoff.photoKey}` }) },
  },
];
