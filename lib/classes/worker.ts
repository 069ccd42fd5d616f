import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { canReadMember, type Principal } from "@/lib/auth/permissions";
import { forbidden, notFound, ok, type Result } from "@/lib/core/result";
import { findMember } from "./access";
import { classAudienceCondition } from "./enrol";
import type { Series } from "./rules";
import { checkinState } from "./rules";
import * as clock from "@/lib/core/clock";

interface MemberClassSession {
  id: number;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  room: string;
  onlineUrl: string;
  checkinOpen: boolean;
  attended: boolean;
}

export interface MemberClass {
  id: number;
  title: string;
  series: Series;
  specialty: string | null;
  description: string;
  instructorName: string;
  place: string | null;
  room: string;
  onlineUrl: string;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  myStatus: "enrolled" | "waitlisted" | "cancelled" | null;
  myPosition: number | null;
  ended: boolean;
  sessions: MemberClassSession[];
}

/**
 * The classes a member sees: published ones meant for them (audience) that have not ended, and
 * any they are or were on the list of (ended in the last 60 days). One query.
 */
export async function classesForMember(db: Db, member: { id: number; orgPath: string; jobId: number | null }, now = clock.now()): Promise<MemberClass[]> {
  const ts = now.toISOString();
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, c.title, c.series, c.specialty, c.description, c.room, c.online_url, c.capacity,
             im.name AS instructor_name, pu.name AS place,
             (SELECT count(*)::int FROM class_enrolments e WHERE e.class_id = c.id AND e.status = 'enrolled') AS enrolled,
             (SELECT count(*)::int FROM class_enrolments e WHERE e.class_id = c.id AND e.status = 'waitlisted') AS waitlisted,
             me.status::text AS my_status,
             CASE WHEN me.status = 'waitlisted' THEN (SELECT count(*)::int FROM class_enrolments w WHERE w.class_id = c.id AND w.status = 'waitlisted'
                AND (w.queued_at, w.member_id) <= (me.queued_at, me.member_id)) END AS my_position,
             coalesce((SELECT json_agg(json_build_object('id', s.id, 'startsAt', s.starts_at, 'endsAt', s.ends_at, 'place', su.name, 'room', s.room,
                        'onlineUrl', s.online_url, 'openedAt', s.checkin_opened_at, 'closedAt', s.checkin_closed_at,
                        'attended', EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.member_id = ${member.id})) ORDER BY s.starts_at)
                       FROM class_sessions s LEFT JOIN org_units su ON su.id = s.place_org_unit_id WHERE s.class_id = c.id), '[]'::json) AS sessions,
             (SELECT max(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id) AS last_end
      FROM classes c
      JOIN members im ON im.id = c.instructor_member_id
      LEFT JOIN org_units pu ON pu.id = c.place_org_unit_id
      LEFT JOIN class_enrolments me ON me.class_id = c.id AND me.member_id = ${member.id}
      WHERE c.status IN ('published', 'closed')
        AND (
          (c.status = 'published' AND ${classAudienceCondition(sql`c.id`, member)}
            AND EXISTS (SELECT 1 FROM class_sessions s WHERE s.class_id = c.id AND s.ends_at > ${ts}::timestamptz))
          OR (me.status IN ('enrolled', 'waitlisted')
            AND coalesce((SELECT max(s.ends_at) FROM class_sessions s WHERE s.class_id = c.id), ${ts}::timestamptz) > ${ts}::timestamptz - interval '60 days'))
      ORDER BY (SELECT min(s.starts_at) FROM class_sessions s WHERE s.class_id = c.id AND s.ends_at > ${ts}::timestamptz) NULLS LAST, c.id`),
  );
  return rows.map((r) => {
    const raw = (typeof r.sessions === "string" ? JSON.parse(r.sessions) : r.sessions) as Record<string, unknown>[];
    const sessions = raw.map((s) => {
      const startsAt = new Date(s.startsAt as string);
      const endsAt = new Date(s.endsAt as string);
      const win = {
        startsAt,
        endsAt,
        checkinOpenedAt: s.openedAt ? new Date(s.openedAt as string) : null,
        checkinClosedAt: s.closedAt ? new Date(s.closedAt as string) : null,
      };
      return {
        id: Number(s.id),
        startsAt,
        endsAt,
        place: (s.place as string | null) ?? null,
        room: String(s.room ?? ""),
        onlineUrl: String(s.onlineUrl ?? ""),
        checkinOpen: checkinState(win, now) === "open",
        attended: Boolean(s.attended),
      };
    });
    const lastEnd = r.last_end ? new Date(r.last_end as string) : null;
    return {
      id: Number(r.id),
      title: String(r.title),
      series: r.series as Series,
      specialty: (r.specialty as string | null) ?? null,
      description: String(r.description ?? ""),
      instructorName: String(r.instructor_name),
      place: (r.place as string | null) ?? null,
      room: String(r.room ?? ""),
      onlineUrl: String(r.online_url ?? ""),
      capacity: Number(r.capacity),
      enrolled: Number(r.enrolled),
      waitlisted: Number(r.waitlisted),
      myStatus: (r.my_status as MemberClass["myStatus"]) ?? null,
      myPosition: r.my_position === null || r.my_position === undefined ? null : Number(r.my_position),
      ended: lastEnd !== null && lastEnd <= now,
      sessions,
    };
  });
}

interface AttendanceRecord {
  classId: number;
  title: string;
  series: Series;
  status: "enrolled" | "waitlisted" | "cancelled";
  sessionsHeld: number;
  sessionsTotal: number;
  attended: { sessionId: number; startsAt: Date; method: "code" | "manual" }[];
}

/** A member's classes and attendance, for the profile: the member themselves, or who may read their records. */
/**
 * The classes several members attended (a unit's files), in one read: per member, each class
 * with at least one session attended, its sessions held by `now` and attended; those the actor
 * may read only. Ordered as `attendanceForMember`.
 */
export async function attendanceForMembers(
  db: Db,
  actor: Principal,
  members: readonly { id: number; orgPath: string }[],
  now = clock.now(),
): Promise<{ memberId: number; title: string; held: number; attended: number }[]> {
  const ids = members.filter((m) => canReadMember(actor, m)).map((m) => m.id);
  if (!ids.length) return [];
  const list = sql`= ANY(${`{${ids.join(",")}}`}::int[])`;
  const rows = rowsOf<{ member_id: number; title: string; held: number; attended: number }>(
    await db.execute(sql`
      SELECT a.member_id, c.title, count(DISTINCT a.session_id)::int AS attended,
             (SELECT count(*)::int FROM class_sessions s WHERE s.class_id = c.id AND s.starts_at <= ${now.toISOString()}::timestamptz) AS held
      FROM attendance a JOIN class_sessions s ON s.id = a.session_id JOIN classes c ON c.id = s.class_id
      JOIN class_enrolments e ON e.class_id = c.id AND e.member_id = a.member_id
      WHERE a.member_id ${list}
      GROUP BY a.member_id, c.id, c.title
      ORDER BY (SELECT min(s.starts_at) FROM class_sessions s WHERE s.class_id = c.id) DESC NULLS LAST, c.id DESC`),
  );
  return rows.map((r) => ({ memberId: Number(r.member_id), title: String(r.title), held: Number(r.held), attended: Number(r.attended) }));
}

export async function attendanceForMember(db: Db, actor: Principal, memberId: number, now = clock.now()): Promise<Result<AttendanceRecord[]>> {
  const member = await findMember(db, { memberId });
  if (!member) return notFound("members.errors.notFound");
  if (!canReadMember(actor, member)) return forbidden();
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT c.id, c.title, c.series, e.status::text AS status,
             (SELECT count(*)::int FROM class_sessions s WHERE s.class_id = c.id AND s.starts_at <= ${now.toISOString()}::timestamptz) AS held,
             (SELECT count(*)::int FROM class_sessions s WHERE s.class_id = c.id) AS total,
             coalesce((SELECT json_agg(json_build_object('sessionId', s.id, 'startsAt', s.starts_at, 'method', a.method) ORDER BY s.starts_at)
                       FROM attendance a JOIN class_sessions s ON s.id = a.session_id WHERE s.class_id = c.id AND a.member_id = ${memberId}), '[]'::json) AS attended
      FROM classes c
      LEFT JOIN class_enrolments e ON e.class_id = c.id AND e.member_id = ${memberId}
      WHERE e.member_id IS NOT NULL AND (e.status <> 'cancelled'
         OR EXISTS (SELECT 1 FROM attendance a JOIN class_sessions s ON s.id = a.session_id WHERE s.class_id = c.id AND a.member_id = ${memberId}))
      ORDER BY (SELECT min(s.starts_at) FROM class_sessions s WHERE s.class_id = c.id) DESC NULLS LAST, c.id DESC`),
  );
  return ok(
    rows.map((r) => ({
      classId: Number(r.id),
      title: String(r.title),
      series: r.series as Series,
      status: r.status as AttendanceRecord["status"],
      sessionsHeld: Number(r.held),
      sessionsTotal: Number(r.total),
      attended: (
        (typeof r.attended === "string" ? JSON.parse(r.attended) : r.attended) as { sessionId: number; startsAt: string; method: "code" | "manual" }[]
      ).map((a) => ({
        sessionId: Number(a.sessionId),
        startsAt: new Date(a.startsAt),
        method: a.method,
      })),
    })),
  );
}
