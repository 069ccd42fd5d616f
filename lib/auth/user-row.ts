import { sql } from "drizzle-orm";
import type { Principal, RoleGrant } from "./permissions";

/** The columns of a signed-in user, for a query over `users u JOIN members m JOIN org_units ou`. */
export const USER_COLUMNS = sql`u.id AS user_id, u.member_id, u.session_version, u.must_change_password, u.disabled,
  m.employee_no, m.name, m.status, m.org_unit_id, m.job_id, ou.path AS org_path,
  coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopePath', so.path) ORDER BY r.id)
            FROM user_roles r LEFT JOIN org_units so ON so.id = r.scope_org_unit_id
            WHERE r.user_id = u.id), '[]'::json) AS roles`;

/** The signed-in user: who they are, where they sit, what they may do. */
export interface CurrentUser extends Principal {
  employeeNo: string;
  name: string;
  orgUnitId: number;
  orgPath: string;
  /** The member's current job: quiz audiences and eligibility look at it. */
  jobId: number | null;
  sessionVersion: number;
  /** The key of the session this user came with (`sessionKeyOf`); empty when loaded without one. */
  sessionKey: string;
  mustChangePassword: boolean;
}

export interface UserRow {
  user_id: number;
  member_id: number;
  session_version: number;
  must_change_password: boolean;
  disabled: boolean;
  employee_no: string;
  name: string;
  status: string;
  org_unit_id: number;
  org_path: string;
  job_id: number | null;
  roles: RoleGrant[] | string;
}

/** The user of a row, or null when the account is disabled or the member has left. */
export function userFromRow(row: UserRow): CurrentUser | null {
  if (row.disabled || row.status === "left") return null;
  const roles = (typeof row.roles === "string" ? JSON.parse(row.roles) : row.roles) as RoleGrant[];
  return {
    userId: Number(row.user_id),
    memberId: Number(row.member_id),
    employeeNo: row.employee_no,
    name: row.name,
    orgUnitId: Number(row.org_unit_id),
    orgPath: row.org_path,
    jobId: row.job_id === null ? null : Number(row.job_id),
    sessionVersion: Number(row.session_version),
    sessionKey: "",
    mustChangePassword: row.must_change_password,
    roles: roles.map((g) => ({ role: g.role, scopePath: g.scopePath ?? null })),
  };
}
