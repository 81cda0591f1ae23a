import type { SessionUser } from "../env.js";
import { Layout, NavLink } from "./layout.js";

// Placeholder home page: the clients page replaces it.
export function HomePage({ user, csrfToken }: { user: SessionUser; csrfToken: string }) {
  return (
    <Layout
      title="Home"
      user={user}
      csrfToken={csrfToken}
      nav={
        <NavLink href="/" current>
          Home
        </NavLink>
      }
    >
      <section class="card">
        <h1>Welcome</h1>
        <p>
          Signed in as {user.name} ({user.role})
        </p>
      </section>
    </Layout>
  );
}
