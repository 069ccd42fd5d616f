import { redirect } from "next/navigation";

/** The comparison moved to /comparison when every member came to see it (issue 18); old links still land. */
export default function OldComparisonPage() {
  redirect("/comparison");
}
