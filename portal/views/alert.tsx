import type { Child } from "hono/jsx";

type Tone = "success" | "warning" | "error";

/**
 * A message box above a page's content. Errors are announced at once (role "alert"); success and
 * warnings politely (role "status").
 */
export function Alert(props: { tone: Tone; id?: string; children: Child }) {
  return (
    <p class={`alert alert--${props.tone}`} role={props.tone === "error" ? "alert" : "status"} {...(props.id ? { id: props.id } : {})}>
      {props.children}
    </p>
  );
}
