export const statusTone = { draft: "neutral", published: "success", archived: "warning" } as const;
