export const TECH_TITLES = ["none", "junior", "intermediate", "senior", "technician", "senior_technician"] as const;
export type TechTitle = (typeof TECH_TITLES)[number];

export const MEMBER_STATUSES = ["active", "leave", "retired", "left"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const ORG_KINDS = ["area", "team", "station"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The kind a unit's parent must have: teams under the area, stations under a team. */
export const PARENT_KIND: Record<OrgKind, OrgKind | null> = { area: null, team: "area", station: "team" };

/** Technician titles that qualify a member as an instructor or verifier. */
export const TECHNICIAN_TITLES: readonly TechTitle[] = ["technician", "senior_technician"];

// 专业 is not a constant: it is the admin's list, lib/org/specialties.ts.
