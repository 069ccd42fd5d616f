/**
 * Who may do what: one table, read by every server action, route handler and data read.
 * Rights of trainers and managers hold inside the org subtree their role is scoped to.
 */
export const ROLES = ["worker", "trainer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Own profile, own learning: everyone with an account. */
  "self.learn": ["worker", "trainer", "manager", "admin"],
  /** Read members' profiles and records inside the scope. */
  "member.read": ["trainer", "manager", "admin"],
  /** Create and edit members, import them. */
  "member.write": ["admin"],
  /** Create accounts, reset passwords, unlock, grant roles. */
  "account.manage": ["admin"],
  /** Read the org tree inside the scope. */
  "org.read": ["trainer", "manager", "admin"],
  /** Create, rename, move and deactivate org units. */
  "org.write": ["admin"],
  /** Teaching: question bank, quizzes, lessons, classes, sign-offs. */
  "teach.manage": ["trainer", "admin"],
  /** Skill rosters, coverage and comparisons of the units in scope. */
  "roster.read": ["manager", "admin"],
  /** Jobs, requirements, certificate types. */
  "jobs.write": ["admin"],
  /** Learning points rules (学分规则). */
  "points.rules": ["admin"],
  /** The 学时 minimums and the categories that count (学时设置). */
  "hours.rules": ["admin"],
  "audit.read": ["admin"],
  /** The background jobs' runs (后台任务): last run, duration, failures. */
  "system.operate": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface RoleGrant {
  role: Role;
  /** `path` of the scope org unit (`/1/4/`), or null for the whole organisation. */
  scopePath: string | null;
}

export interface Principal {
  userId: number;
  memberId: number;
  roles: RoleGrant[];
}

function grantsFor(principal: Principal, permission: Permission): RoleGrant[] {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  return principal.roles.filter((g) => allowed.includes(g.role));
}

/**
 * Whether the principal holds `permission`; with `targetPath` (the org path of the record's
 * unit), whether it holds it over that unit.
 */
export function can(principal: Principal, permission: Permission, targetPath?: string | null): boolean {
  const grants = grantsFor(principal, permission);
  if (targetPath === undefined) return grants.length > 0;
  return grants.some((g) => g.scopePath === null || targetPath?.startsWith(g.scopePath));
}

export type Scope = { all: true } | { all: false; paths: string[] };

/** The org subtrees over which the principal holds `permission`, for filtering in SQL. */
export function scopeOf(principal: Principal, permission: Permission): Scope {
  const grants = grantsFor(principal, permission);
  if (grants.some((g) => g.scopePath === null)) return { all: true };
  const paths = [...new Set(grants.map((g) => g.scopePath as string))].sort();
  // Drop a path nested inside another: its subtree is already covered.
  const outer = paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  return { all: false, paths: outer };
}

/** A worker reads their own records; others need `member.read` over the member's unit. */
export function canReadMember(principal: Principal, member: { id: number; orgPath: string }): boolean {
  return member.id === principal.memberId || can(principal, "member.read", member.orgPath);
}

export type NavSection = "learn" | "teach" | "manage" | "system";

/** Which sections of the navigation a principal sees. */
export function navSections(principal: Principal): NavSection[] {
  const out: NavSection[] = [];
  if (can(principal, "self.learn")) out.push("learn");
  if (can(principal, "teach.manage")) out.push("teach");
  if (can(principal, "roster.read") || can(principal, "member.read")) out.push("manage");
  if (can(principal, "org.write") || can(principal, "account.manage")) out.push("system");
  return out;
}
