/** Opens, migrates and (first run) seeds the database when the server starts, not on the first request. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getDbHandle } = await import("./db");
  await getDbHandle();
}
