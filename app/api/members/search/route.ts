import { z } from "zod";
import { ok } from "@/lib/core/result";
import { memberFilter } from "@/lib/members/input";
import { searchMembers } from "@/lib/members/members";
import { jsonRoute } from "@/app/_lib/json-route";

/**
 * The member pickers' suggestions (app/_ui/member-picker.tsx): the first 10 members inside the
 * caller's `member.read` scope matching the text as the member list does (name, number, pinyin,
 * station), with their number, name and unit only.
 */
export const POST = jsonRoute({
  gate: "member.read",
  // No path parameters (Next passes none to a static route).
  params: z.unknown(),
  notFound: "errors.notFound",
  body: z.object({ q: z.string().max(50) }),
  maxBytes: 1024,
  run: async ({ db, user, body }) => ok(await searchMembers(db, user, memberFilter.parse({ q: body.q, pageSize: "10" }))),
  respond: (r) => ({ total: r.total, members: r.rows.map((m) => ({ employeeNo: m.employeeNo, name: m.name, unitName: m.unitName })) }),
});
