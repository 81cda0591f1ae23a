import type { Child } from "hono/jsx";
import type { SessionUser } from "../env.js";
import { Layout } from "./layout.js";
import { MainNav, type Section } from "./main-nav.js";

export interface SignedInProps {
  user: SessionUser;
  csrfToken: string;
}

/** The layout of every signed-in page: main navigation with the current section marked. */
export function Page({ title, section, user, csrfToken, children }: SignedInProps & { title: string; section?: Section; children?: Child }) {
  return (
    <Layout title={title} user={user} csrfToken={csrfToken} nav={<MainNav user={user} current={section} />}>
      {children}
    </Layout>
  );
}

/** A path segment for a client name or link id in an href. */
export const seg = (text: string) => encodeURIComponent(text);
