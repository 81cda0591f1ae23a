import type { SessionUser } from "../env.js";
import { Layout } from "./layout.js";
import { MainNav } from "./main-nav.js";

/** A page that only says what happened, with a way back (errors, refusals). */
export function MessagePage(props: {
  title: string;
  message: string;
  user?: SessionUser | null;
  csrfToken?: string | null;
  link?: { href: string; label: string };
}) {
  const link = props.link ?? { href: "/", label: "Back to the portal" };
  return (
    <Layout title={props.title} user={props.user} csrfToken={props.csrfToken} nav={props.user ? <MainNav user={props.user} /> : undefined}>
      <section class="card card--narrow" aria-labelledby="message-title">
        <h1 id="message-title">{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      </section>
    </Layout>
  );
}
