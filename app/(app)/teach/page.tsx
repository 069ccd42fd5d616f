import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";

export default async function TeachPage() {
  await requirePermission("teach.manage");
  redirect("/teach/bank");
}
