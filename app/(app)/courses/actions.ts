"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { requirePermission } from "@/lib/auth/session";
import { chooseCourse } from "@/lib/video";

/** A worker takes an optional course; a plain form post, works without JavaScript. */
export async function chooseCourseAction(form: FormData) {
  const user = await requirePermission("self.learn");
  const courseId = Number(form.get("courseId"));
  if (!Number.isInteger(courseId) || courseId <= 0) redirect("/courses");
  const r = await chooseCourse(await getDb(), user.memberId, courseId);
  if (!r.ok) redirect(`/courses?error=${encodeURIComponent(r.code)}`);
  redirect(`/courses/${courseId}?chosen=1`);
}
