import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, canReadMember, navSections, scopeOf, type Permission, type Principal, type Role } from "@/lib/auth/permissions";

const p = (...roles: [Role, string | null][]): Principal => ({ userId: 1, memberId: 10, roles: roles.map(([role, scopePath]) => ({ role, scopePath })) });

const worker = p(["worker", null]);
const trainer = p(["trainer", null], ["worker", null]);
const manager = p(["manager", "/1/3/"], ["worker", null]);
const admin = p(["admin", null], ["worker", null]);

describe("the permission table", () => {
  it("names only known roles, and every role can learn", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
    for (const r of ROLES) expect(can(p([r, null]), "self.learn")).toBe(true);
  });

  it.each<[Permission, Role[]]>([
    ["member.read", ["trainer", "manager", "admin"]],
    ["member.write", ["admin"]],
    ["account.manage", ["admin"]],
    ["org.write", ["admin"]],
    ["teach.manage", ["trainer", "admin"]],
    ["roster.read", ["manager", "admin"]],
  ])("%s is held by exactly %j", (perm, holders) => {
    for (const r of ROLES) expect(can(p([r, null]), perm), `${r} ${perm}`).toBe(holders.includes(r));
  });

  it("a worker holds nothing beyond their own learning", () => {
    const held = (Object.keys(PERMISSIONS) as Permission[]).filter((k) => can(worker, k));
    expect(held).toEqual(["self.learn"]);
  });
});

describe("scopes", () => {
  it("a manager's rights hold inside their subtree only", () => {
    expect(can(manager, "member.read", "/1/3/")).toBe(true);
    expect(can(manager, "member.read", "/1/3/17/")).toBe(true);
    expect(can(manager, "member.read", "/1/4/")).toBe(false);
    expect(can(manager, "member.read", "/1/")).toBe(false);
    // A sibling whose id starts with the same digits is not inside: paths end with '/'.
    expect(can(manager, "member.read", "/1/31/")).toBe(false);
  });

  it("an unscoped role covers the whole organisation", () => {
    expect(can(admin, "member.write", "/1/4/22/")).toBe(true);
    expect(can(trainer, "member.read", "/9/")).toBe(true);
  });

  it("scopeOf merges nested subtrees and reports 'all' for unscoped roles", () => {
    expect(scopeOf(admin, "member.read")).toEqual({ all: true });
    expect(scopeOf(worker, "member.read")).toEqual({ all: false, paths: [] });
    const two = p(["manager", "/1/3/"], ["manager", "/1/3/8/"], ["trainer", "/1/5/"]);
    expect(scopeOf(two, "member.read")).toEqual({ all: false, paths: ["/1/3/", "/1/5/"] });
    expect(scopeOf(two, "roster.read")).toEqual({ all: false, paths: ["/1/3/"] });
  });

  it("a worker reads their own profile and nobody else's", () => {
    expect(canReadMember(worker, { id: 10, orgPath: "/1/3/8/" })).toBe(true);
    expect(canReadMember(worker, { id: 11, orgPath: "/1/3/8/" })).toBe(false);
    expect(canReadMember(manager, { id: 11, orgPath: "/1/3/8/" })).toBe(true);
    expect(canReadMember(manager, { id: 12, orgPath: "/1/4/9/" })).toBe(false);
  });
});

describe("navigation by role", () => {
  it("shows each role its own sections", () => {
    expect(navSections(worker)).toEqual(["learn"]);
    expect(navSections(trainer)).toEqual(["learn", "teach", "manage"]);
    expect(navSections(manager)).toEqual(["learn", "manage"]);
    expect(navSections(admin)).toEqual(["learn", "teach", "manage", "system"]);
  });
});
