import { readiness } from "@/lib/core/health";

/**
 * Readiness: the database answers, its migrations are those of this build, and the job queue runs
 * where this process runs jobs (503 with the reason otherwise), for a load balancer or an
 * orchestrator. Counts, states and a reason only: any caller may ask.
 */
export const dynamic = "force-dynamic";

export async function GET() {
  const r = await readiness();
  const body = r.ready
    ? { status: "ready", migrations: r.migrations, queue: r.queue }
    : { status: "not ready", reason: r.reason, migrations: r.migrations, queue: r.queue };
  return Response.json(body, { status: r.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
