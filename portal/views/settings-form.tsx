import type { Child } from "hono/jsx";
import { CsrfField } from "./csrf-field.js";
import { Alert } from "./alert.js";

/** A settings form as the E-mail and Settings pages show it: the saved notice or the refusal, the fields, Save. */
export function SettingsForm(props: { action: string; csrfToken: string; notice?: string | undefined; error?: string | undefined; multipart?: boolean; children?: Child }) {
  return (
    <>
      {props.notice ? (
        <Alert tone="success">
          {props.notice}
        </Alert>
      ) : null}
      {props.error ? (
        <Alert tone="error">
          {props.error}
        </Alert>
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
