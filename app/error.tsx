"use client";

// The message stays generic: internals are logged on the server, never shown.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const zh = typeof document !== "undefined" && document.documentElement.lang !== "en";
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-xl font-semibold">{zh ? "出错了，请稍后再试。" : "Something went wrong. Please try again later."}</h1>
      <button type="button" onClick={reset} className="mt-6 rounded-md bg-brand-600 px-4 py-2 text-white">
        {zh ? "重试" : "Try again"}
      </button>
    </main>
  );
}
