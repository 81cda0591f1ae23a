import type { Child } from "hono/jsx";
import { CsrfField } from "./csrf-field.js";

/** A settings form as the E-mail and Settings pages show it: the saved notice or the refusal, the fields, Save. */
export function SettingsForm(props: { action: string; csrfToken: string; notice?: string | undefined; error?: string | undefined; multipart?: boolean; children?: Child }) {
  return (
    <>
      {props.notice ? (
        <p class="alert alert--success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="alert alert--error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action={props.action} class="form" {...(props.multipart ? { enctype: "multipart/form-data" } : {})}>
        <CsrfField token={props.csrfToken} />
        {props.children}
        <div>
          <button type="submit" class="button button--primary">
            Save
          </button>
        </div>
      </form>
    </>
  );
}
