/** Liveness: the process answers. No database, nothing about anyone: any caller may ask. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
